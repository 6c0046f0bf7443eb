import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { SecretBox } from '../../../shared/crypto/secret-box';
import { Page, PageRequest } from '../../../shared/pagination/page';
import { ZendeskAccount } from '../../zendesk/domain/ticket';
import { AuditEntry } from '../domain/admin-audit';
import {
  Organization,
  OrganizationError,
  OrganizationErrorCode,
  OrganizationSettings,
  resolveZendeskBaseUrl,
} from '../domain/organization';
import { OrganizationRepository } from './ports/organization.repository';

export interface OrganizationRegistration {
  name: string;
  zendesk: { subdomain?: string; baseUrl?: string; email: string; apiToken: string };
  webhookSigningSecret: string;
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  async register(registration: OrganizationRegistration): Promise<Organization> {
    const zendeskBaseUrl = resolveZendeskBaseUrl(registration.zendesk, this.config.allowInsecureZendeskBaseUrl);
    return this.organizations.create({
      name: registration.name,
      zendeskBaseUrl,
      zendeskEmail: registration.zendesk.email,
      zendeskApiTokenSealed: this.secrets.seal(registration.zendesk.apiToken),
      webhookSigningSecretSealed: this.secrets.seal(registration.webhookSigningSecret),
    });
  }

  async get(id: string): Promise<Organization> {
    const organization = await this.organizations.findById(id);
    if (!organization) throw notFound(id);
    return organization;
  }

  async find(id: string): Promise<Organization | null> {
    return this.organizations.findById(id);
  }

  async list(page: PageRequest): Promise<Page<Organization>> {
    return this.organizations.list(page);
  }

  // `actor` is who asks (`operator` or an API key id), for the audit log.
  async updateSettings(id: string, changes: Partial<OrganizationSettings>, actor: string): Promise<Organization> {
    const organization = await this.organizations.updateSettings(id, changes, actor);
    if (!organization) throw notFound(id);
    return organization;
  }

  async auditLog(id: string, page: PageRequest): Promise<Page<AuditEntry>> {
    await this.get(id);
    return this.organizations.listAudit(id, page);
  }

  async zendeskAccount(organization: Organization): Promise<ZendeskAccount> {
    const sealed = await this.organizations.findSecrets(organization.id);
    if (!sealed) throw notFound(organization.id);
    return {
      baseUrl: organization.zendeskBaseUrl,
      email: organization.zendeskEmail,
      apiToken: this.secrets.open(sealed.zendeskApiTokenSealed),
    };
  }

  async webhookSigningSecret(id: string): Promise<string | null> {
    const sealed = await this.organizations.findSecrets(id);
    return sealed && this.secrets.open(sealed.webhookSigningSecretSealed);
  }

  webhookUrl(id: string): string {
    return `${this.config.publicBaseUrl}/webhooks/zendesk/${id}`;
  }
}

const notFound = (id: string) => new OrganizationError(OrganizationErrorCode.NotFound, `Organization ${id} not found`);
