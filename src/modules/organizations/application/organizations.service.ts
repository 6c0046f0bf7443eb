import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { SecretBox } from '../../../shared/crypto/secret-box';
import { Page, PageRequest } from '../../../shared/pagination/page';
import { ZendeskAccount } from '../../zendesk/domain/ticket';
import { AuditAction, AuditChanges, AuditEntry } from '../domain/admin-audit';
import {
  Organization,
  OrganizationError,
  OrganizationErrorCode,
  OrganizationSettings,
  resolveZendeskBaseUrl,
} from '../domain/organization';
import { OrganizationRepository, OrganizationSecrets } from './ports/organization.repository';
import { SigningSecretCache } from './signing-secret-cache';

// How long an instance trusts an opened signing secret: a rotation elsewhere is noticed at once anyway
// (a delivery the cached secret does not verify reads it again), a deletion by the intake's insert.
const SIGNING_SECRET_TTL_MS = 5000;
const SIGNING_SECRETS_CACHED = 10_000;

export interface OrganizationRegistration {
  name: string;
  zendesk: { subdomain?: string; baseUrl?: string; email: string; apiToken: string };
  webhookSigningSecret: string;
}

// GraphQL passes an omitted nullable field as null: null and undefined both mean "leave as is".
export interface OrganizationChanges {
  name?: string | null;
  zendesk?: OrganizationRegistration['zendesk'] | null;
  webhookSigningSecret?: string | null;
}

export interface OrganizationForRun {
  organization: Organization;
  zendeskAccount(): ZendeskAccount;
}

@Injectable()
export class OrganizationsService {
  private readonly logger = new Logger(OrganizationsService.name);
  private readonly signingSecrets = new SigningSecretCache(SIGNING_SECRET_TTL_MS, SIGNING_SECRETS_CACHED);

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

  // The Zendesk connection is replaced whole and checked as on registration; secrets are sealed like there.
  async update(id: string, changes: OrganizationChanges, actor: string): Promise<Organization> {
    const zendeskBaseUrl = changes.zendesk ? resolveZendeskBaseUrl(changes.zendesk, this.config.allowInsecureZendeskBaseUrl) : undefined;
    const current = await this.organizations.findSecrets(id);
    if (!current) throw notFound(id);
    // Sending the secret already in place is no rotation: nothing is rewritten or audited.
    const rotated = (secret: string | null | undefined, sealed: string) =>
      secret && secret !== this.secrets.open(sealed) ? this.secrets.seal(secret) : undefined;
    const organization = await this.organizations.updateProfile(
      id,
      {
        name: changes.name ?? undefined,
        zendeskBaseUrl,
        zendeskEmail: changes.zendesk?.email,
        zendeskApiTokenSealed: rotated(changes.zendesk?.apiToken, current.zendeskApiTokenSealed),
        webhookSigningSecretSealed: rotated(changes.webhookSigningSecret, current.webhookSigningSecretSealed),
      },
      actor,
    );
    this.signingSecrets.delete(id);
    if (!organization) throw notFound(id);
    return organization;
  }

  // Its audit log goes with it, so the deletion itself is logged here.
  async delete(id: string, actor: string): Promise<void> {
    this.signingSecrets.delete(id);
    if (!(await this.organizations.delete(id))) throw notFound(id);
    this.logger.log(`Organization ${id} deleted by ${actor}`);
  }

  async auditLog(id: string, page: PageRequest): Promise<Page<AuditEntry>> {
    await this.get(id);
    return this.organizations.listAudit(id, page);
  }

  // For another module's change to the organization's own systems (an article published to Zendesk Guide).
  async recordAudit(id: string, actor: string, action: AuditAction, changes: AuditChanges): Promise<void> {
    await this.organizations.recordAudit(id, actor, action, changes);
  }

  async zendeskAccount(organization: Organization): Promise<ZendeskAccount> {
    const sealed = await this.organizations.findSecrets(organization.id);
    if (!sealed) throw notFound(organization.id);
    return this.openAccount(organization, sealed);
  }

  // A ticket's run reads the organization and its Zendesk token once; the token is opened when the run asks
  // for it, so that a token that does not open fails the run (a recorded decision), not the job.
  async findForRun(id: string): Promise<OrganizationForRun | null> {
    const found = await this.organizations.findWithSecrets(id);
    return found && { organization: found.organization, zendeskAccount: () => this.openAccount(found.organization, found.secrets) };
  }

  async getForRun(id: string): Promise<OrganizationForRun> {
    const found = await this.findForRun(id);
    if (!found) throw notFound(id);
    return found;
  }

  private openAccount(organization: Organization, sealed: OrganizationSecrets): ZendeskAccount {
    return {
      baseUrl: organization.zendeskBaseUrl,
      email: organization.zendeskEmail,
      apiToken: this.secrets.open(sealed.zendeskApiTokenSealed),
      requestsPerMinute: organization.settings.zendeskRequestsPerMinute,
    };
  }

  // Read from the database (and cached for the intake's next deliveries).
  async webhookSigningSecret(id: string): Promise<string | null> {
    const sealed = await this.organizations.findSecrets(id);
    if (!sealed) {
      this.signingSecrets.delete(id);
      return null;
    }
    const secret = this.secrets.open(sealed.webhookSigningSecretSealed);
    this.signingSecrets.set(id, secret);
    return secret;
  }

  // The secret as read in the last few seconds, if it was: a delivery it does not verify must read it again.
  cachedWebhookSigningSecret(id: string): string | undefined {
    return this.signingSecrets.get(id);
  }

  webhookUrl(id: string): string {
    return `${this.config.publicBaseUrl}/webhooks/zendesk/${id}`;
  }
}

const notFound = (id: string) => new OrganizationError(OrganizationErrorCode.NotFound, `Organization ${id} not found`);
