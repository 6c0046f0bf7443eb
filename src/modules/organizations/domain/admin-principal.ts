// Who calls the admin API (REST or GraphQL): the operator (ADMIN_TOKEN) or one organization's API key.
export type AdminPrincipal = { kind: 'operator' } | { kind: 'organization'; organizationId: string; keyId: string };

export const OPERATOR: AdminPrincipal = { kind: 'operator' };

// An organization key reaches its own organization only; what concerns no single organization (creating
// one, listing them all) is the operator's.
export function mayAccess(principal: AdminPrincipal, organizationId: string | null): boolean {
  if (principal.kind === 'operator') return true;
  return organizationId !== null && principal.organizationId === organizationId;
}

// The audit log's "who": `operator` or the key's id.
export function actorOf(principal: AdminPrincipal): string {
  return principal.kind === 'operator' ? 'operator' : principal.keyId;
}
