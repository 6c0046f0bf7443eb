import { EntityManager } from 'typeorm';
import { AuditAction, AuditChanges } from '../domain/admin-audit';

// One audit entry, written in the caller's transaction so it exists exactly when the change it records does.
export async function recordAudit(manager: EntityManager, organizationId: string, actor: string, action: AuditAction, changes: AuditChanges): Promise<void> {
  await manager.query(`INSERT INTO admin_audit_log (organization_id, actor, action, changes) VALUES ($1, $2, $3, $4)`, [
    organizationId,
    actor,
    action,
    JSON.stringify(changes),
  ]);
}
