import { Page, PageRequest } from '../../../../shared/pagination/page';
import { AdminApiKey } from '../../domain/admin-api-key';

export interface NewAdminApiKey {
  organizationId: string;
  name: string;
  prefix: string;
  tokenSha256: Buffer;
  createdBy: string;
}

// Each write also records itself in the organization's audit log, in the same transaction.
export abstract class AdminApiKeyRepository {
  abstract create(key: NewAdminApiKey): Promise<AdminApiKey>;
  abstract list(organizationId: string, page: PageRequest): Promise<Page<AdminApiKey>>;
  // Null when the organization has no such key (revoked ones included).
  abstract find(organizationId: string, keyId: string): Promise<AdminApiKey | null>;
  // Null when the organization has no such key; a key already revoked keeps its first revocation.
  abstract revoke(organizationId: string, keyId: string, actor: string): Promise<AdminApiKey | null>;
  // The live key with this token hash, its last use stamped now.
  abstract useKey(tokenSha256: Buffer): Promise<AdminApiKey | null>;
  // The organization has this key and it is not revoked.
  abstract isLive(organizationId: string, keyId: string): Promise<boolean>;
}
