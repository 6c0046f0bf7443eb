import { Page, PageRequest } from '../../../../shared/pagination/page';
import { AuditEntry } from '../../domain/admin-audit';
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

export abstract class OrganizationRepository {
  abstract create(organization: NewOrganization): Promise<Organization>;
  abstract findById(id: string): Promise<Organization | null>;
  abstract list(page: PageRequest): Promise<Page<Organization>>;
  abstract findSecrets(id: string): Promise<OrganizationSecrets | null>;
  // Applies the changes and records what really changed in the audit log, in one transaction.
  abstract updateSettings(id: string, changes: Partial<OrganizationSettings>, actor: string): Promise<Organization | null>;
  abstract listAudit(organizationId: string, page: PageRequest): Promise<Page<AuditEntry>>;
}
