import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { AuditAction } from '../domain/admin-audit';
import { AdminApiKey } from '../domain/admin-api-key';
import { AdminApiKeyRepository, NewAdminApiKey } from '../application/ports/admin-api-key.repository';
import { recordAudit } from './audit-log';

interface KeyRow {
  id: string;
  organization_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  page_at: string;
}

// The token hash is never read back: it is only ever matched.
const KEY_COLUMNS = `id, organization_id, name, prefix, created_by, created_at, last_used_at, revoked_at, ${exactTimestamp('created_at')} AS page_at`;

@Injectable()
export class PostgresAdminApiKeys extends AdminApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async create(key: NewAdminApiKey): Promise<AdminApiKey> {
    return this.db.transaction(async (manager) => {
      const [row]: KeyRow[] = await manager.query(
        `INSERT INTO admin_api_keys (organization_id, name, prefix, token_sha256, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${KEY_COLUMNS}`,
        [key.organizationId, key.name, key.prefix, key.tokenSha256, key.createdBy],
      );
      await audit(manager, row, key.createdBy, 'api_key.created');
      return toKey(row);
    });
  }

  async list(organizationId: string, { limit, after }: PageRequest): Promise<Page<AdminApiKey>> {
    const rows: KeyRow[] = await this.db.query(
      `SELECT ${KEY_COLUMNS} FROM admin_api_keys
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [organizationId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => ({ at: row.page_at, id: row.id }), toKey);
  }

  async revoke(organizationId: string, keyId: string, actor: string): Promise<AdminApiKey | null> {
    return this.db.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, count].
      const [[revoked]]: [KeyRow[], number] = await manager.query(
        `UPDATE admin_api_keys SET revoked_at = now() WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL
         RETURNING ${KEY_COLUMNS}`,
        [organizationId, keyId],
      );
      if (revoked) {
        await audit(manager, revoked, actor, 'api_key.revoked');
        return toKey(revoked);
      }
      return this.find(organizationId, keyId, manager);
    });
  }

  async find(organizationId: string, keyId: string, manager: EntityManager = this.db.manager): Promise<AdminApiKey | null> {
    const [row]: KeyRow[] = await manager.query(`SELECT ${KEY_COLUMNS} FROM admin_api_keys WHERE organization_id = $1 AND id = $2`, [organizationId, keyId]);
    return row ? toKey(row) : null;
  }

  async useKey(tokenSha256: Buffer): Promise<AdminApiKey | null> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [KeyRow[], number] = await this.db.query(
      `UPDATE admin_api_keys SET last_used_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`,
      [tokenSha256],
    );
    return rows[0] ? toKey(rows[0]) : null;
  }

  async isLive(organizationId: string, keyId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM admin_api_keys WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL`,
      [organizationId, keyId],
    );
    return rows.length > 0;
  }
}

// A key appears (null → key) or goes (key → null).
async function audit(manager: EntityManager, key: KeyRow, actor: string, action: AuditAction): Promise<void> {
  const summary = { id: key.id, name: key.name, prefix: key.prefix };
  const change = action === 'api_key.created' ? { from: null, to: summary } : { from: summary, to: null };
  await recordAudit(manager, key.organization_id, actor, action, { apiKey: change });
}

function toKey(row: KeyRow): AdminApiKey {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
