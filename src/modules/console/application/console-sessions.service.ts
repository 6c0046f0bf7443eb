import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { AdminAuthService } from '../../organizations/application/admin-auth.service';
import { AdminPrincipal } from '../../organizations/domain/admin-principal';
import { openSession, sealSession, SESSION_HOURS } from '../domain/console-session';

// Signing in to the console checks the token exactly as the admin API does; the session then names the
// principal, and every request checks again that a key is still live.
@Injectable()
export class ConsoleSessionsService {
  private readonly key: Buffer;

  constructor(
    config: AppConfig,
    private readonly auth: AdminAuthService,
  ) {
    // Bound to the operator token too: rotating ADMIN_TOKEN signs every console session out.
    this.key = createHmac('sha256', config.secretsKey).update('console-session').update(config.adminToken).digest();
  }

  // The session cookie's value for a pasted token; the admin API's 401 error for a wrong one.
  async signIn(token: string, now = new Date()): Promise<{ principal: AdminPrincipal; session: string; expiresAt: Date }> {
    const principal = await this.auth.resolveToken(token.trim());
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
    return { principal, session: sealSession(principal, expiresAt, this.key), expiresAt };
  }

  // Null when the cookie is no session of ours, has expired, or names a key revoked since.
  async principalOf(session: string, now = new Date()): Promise<AdminPrincipal | null> {
    const principal = openSession(session, now, this.key);
    return principal && (await this.auth.stillValid(principal)) ? principal : null;
  }
}
