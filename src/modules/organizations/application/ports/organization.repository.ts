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
  abstract findSecrets(id: string): Promise<OrganizationSecrets | null>;
  abstract updateSettings(id: string, changes: Partial<OrganizationSettings>): Promise<Organization | null>;
}
