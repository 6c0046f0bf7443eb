import { OrganizationSettings } from './organization';

export type AuditAction = 'settings.updated' | 'api_key.created' | 'api_key.revoked';

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
