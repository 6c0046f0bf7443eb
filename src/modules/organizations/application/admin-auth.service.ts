import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { AdminPrincipal, mayAccess, OPERATOR } from '../domain/admin-principal';
import { ADMIN_KEY_PREFIX } from '../domain/admin-api-key';
import { OrganizationError, OrganizationErrorCode } from '../domain/organization';
import { AdminApiKeyRepository } from './ports/admin-api-key.repository';

// Admin API authorization for every transport: the REST guard uses it, a GraphQL context can too.
@Injectable()
export class AdminAuthService {
  private readonly operatorDigest: Buffer;

  constructor(
    config: AppConfig,
    private readonly keys: AdminApiKeyRepository,
  ) {
    this.operatorDigest = sha256(config.adminToken);
  }

  // From an `Authorization` header: the operator token (compared in constant time) or a live organization key.
  async resolve(authorization: string | undefined): Promise<AdminPrincipal> {
    const [scheme, token] = (authorization ?? '').split(' ');
    return this.resolveToken(scheme?.toLowerCase() === 'bearer' ? token : undefined);
  }

  // The token itself, as the admin console's sign-in form takes it.
  async resolveToken(token: string | undefined): Promise<AdminPrincipal> {
    if (token) {
      const digest = sha256(token);
      if (timingSafeEqual(digest, this.operatorDigest)) return OPERATOR;
      // A lookup by hash leaks nothing about the token through timing.
      const key = token.startsWith(ADMIN_KEY_PREFIX) ? await this.keys.useKey(digest) : null;
      if (key) return { kind: 'organization', organizationId: key.organizationId, keyId: key.id };
    }
    throw new OrganizationError(OrganizationErrorCode.Unauthenticated, 'A valid admin bearer token is required');
  }

  // A principal resolved earlier (a console session): still the operator, or its key still live (not revoked,
  // its organization not deleted).
  async stillValid(principal: AdminPrincipal): Promise<boolean> {
    return principal.kind === 'operator' || this.keys.isLive(principal.organizationId, principal.keyId);
  }

  // `organizationId` is the organization the request is about, or null for requests about none in particular.
  authorize(principal: AdminPrincipal, organizationId: string | null): void {
    if (!mayAccess(principal, organizationId)) {
      throw new OrganizationError(
        OrganizationErrorCode.Forbidden,
        organizationId === null ? 'Only the operator token may do this' : 'This API key belongs to another organization',
      );
    }
  }
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest();
