import { Organization, OrganizationSettings } from './organization';

export type AuditAction = 'organization.updated' | 'settings.updated' | 'api_key.created' | 'api_key.revoked' | 'article.published';

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

export interface AuditEntry {
  id: string;
  organizationId: string;
  // `operator` or an API key's id.
  actor: string;
  action: AuditAction;
  changes: AuditChanges;
  at: Date;
}

// Old → new for each setting the request really changes: sending a value already in place records nothing.
export function settingChanges(before: OrganizationSettings, requested: Partial<OrganizationSettings>): AuditChanges {
  const changes: AuditChanges = {};
  for (const [key, to] of Object.entries(requested) as [keyof OrganizationSettings, unknown][]) {
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

// What the log shows of a secret: that it changed, never its value.
export const SECRET_REDACTED = '[secret]';

export type SecretField = 'zendesk.apiToken' | 'webhookSigningSecret';

export type OrganizationProfile = Pick<Organization, 'name' | 'zendeskBaseUrl' | 'zendeskEmail'>;

// Old → new for the name and the Zendesk address, under the request's own field names; each rotated secret as
// `[secret]` → `[secret]`.
export function profileChanges(before: OrganizationProfile, requested: Partial<OrganizationProfile>, rotated: SecretField[]): AuditChanges {
  const changes: AuditChanges = {};
  const fields: [string, keyof OrganizationProfile][] = [
    ['name', 'name'],
    ['zendesk.baseUrl', 'zendeskBaseUrl'],
    ['zendesk.email', 'zendeskEmail'],
  ];
  for (const [field, key] of fields) {
    const to = requested[key];
    if (to !== undefined && to !== before[key]) changes[field] = { from: before[key], to };
  }
  for (const field of rotated) changes[field] = { from: SECRET_REDACTED, to: SECRET_REDACTED };
  return changes;
}
