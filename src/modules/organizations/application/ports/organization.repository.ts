import { Page, PageRequest } from '../../../../shared/pagination/page';
import { AuditAction, AuditChanges, AuditEntry } from '../../domain/admin-audit';
import { Organization, OrganizationSettings } from '../../domain/organization';

export interface NewOrganization {
  name: string;
  zendeskBaseUrl: string;
  zendeskEmail: string;
  zendeskApiTokenSealed: string;
  webhookSigningSecretSealed: string;
}

export interface OrganizationSecrets {
  zendeskApiTokenSealed: string;
  webhookSigningSecretSealed: string;
}

// What a profile change writes: new values, and a sealed secret only when it really is a new one.
export interface ProfileUpdate {
  name?: string;
  zendeskBaseUrl?: string;
  zendeskEmail?: string;
  zendeskApiTokenSealed?: string;
  webhookSigningSecretSealed?: string;
}

export abstract class OrganizationRepository {
  abstract create(organization: NewOrganization): Promise<Organization>;
  abstract findById(id: string): Promise<Organization | null>;
  abstract list(page: PageRequest): Promise<Page<Organization>>;
  abstract findSecrets(id: string): Promise<OrganizationSecrets | null>;
  // Both in one read, for a ticket's run.
  abstract findWithSecrets(id: string): Promise<{ organization: Organization; secrets: OrganizationSecrets } | null>;
  // Applies the changes and records what really changed in the audit log, in one transaction.
  abstract updateSettings(id: string, changes: Partial<OrganizationSettings>, actor: string): Promise<Organization | null>;
  // Likewise for the name, the Zendesk connection and the webhook secret (recorded as rotated, never by value).
  abstract updateProfile(id: string, update: ProfileUpdate, actor: string): Promise<Organization | null>;
  // The organization and everything of it. False when there was none.
  abstract delete(id: string): Promise<boolean>;
  abstract listAudit(organizationId: string, page: PageRequest): Promise<Page<AuditEntry>>;
  // An entry for a change made outside this module's tables (an article published to Zendesk Guide).
  abstract recordAudit(organizationId: string, actor: string, action: AuditAction, changes: AuditChanges): Promise<void>;
}
