export interface AdminApiKey {
  id: string;
  organizationId: string;
  name: string;
  // The token's first characters, to recognise a key in a list; the token itself is never stored.
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// Recognisable in logs and by secret scanners.
export const ADMIN_KEY_PREFIX = 'ocx_org_';

// A key's label ("CI", "Support ops dashboard").
export const MAX_API_KEY_NAME_LENGTH = 100;
