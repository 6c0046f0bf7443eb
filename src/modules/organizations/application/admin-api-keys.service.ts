import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '../../../shared/pagination/page';
import { AdminApiKey, ADMIN_KEY_PREFIX } from '../domain/admin-api-key';
import { OrganizationError, OrganizationErrorCode } from '../domain/organization';
import { sha256 } from './admin-auth.service';
import { OrganizationsService } from './organizations.service';
import { AdminApiKeyRepository } from './ports/admin-api-key.repository';

// Characters of the token kept to recognise a key later: the prefix and a few random ones.
const VISIBLE_CHARACTERS = ADMIN_KEY_PREFIX.length + 6;

@Injectable()
export class AdminApiKeysService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly keys: AdminApiKeyRepository,
  ) {}

  // The token is returned this once; only its SHA-256 is stored.
  async mint(organizationId: string, name: string, actor: string): Promise<{ key: AdminApiKey; token: string }> {
    await this.organizations.get(organizationId);
    const token = ADMIN_KEY_PREFIX + randomBytes(32).toString('base64url');
    const key = await this.keys.create({
      organizationId,
      name,
      prefix: token.slice(0, VISIBLE_CHARACTERS),
      tokenSha256: sha256(token),
      createdBy: actor,
    });
    return { key, token };
  }

  async list(organizationId: string, page: PageRequest): Promise<Page<AdminApiKey>> {
    await this.organizations.get(organizationId);
    return this.keys.list(organizationId, page);
  }

  async get(organizationId: string, keyId: string): Promise<AdminApiKey> {
    await this.organizations.get(organizationId);
    const key = await this.keys.find(organizationId, keyId);
    if (!key) throw new OrganizationError(OrganizationErrorCode.ApiKeyNotFound, `API key ${keyId} not found`);
    return key;
  }

  async revoke(organizationId: string, keyId: string, actor: string): Promise<AdminApiKey> {
    await this.organizations.get(organizationId);
    const key = await this.keys.revoke(organizationId, keyId, actor);
    if (!key) throw new OrganizationError(OrganizationErrorCode.ApiKeyNotFound, `API key ${keyId} not found`);
    return key;
  }
}
