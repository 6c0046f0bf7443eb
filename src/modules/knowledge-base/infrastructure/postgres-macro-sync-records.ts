import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MacroPass, MacroSyncRecords } from '../application/ports/macro-sync-records';

@Injectable()
export class PostgresMacroSyncRecords extends MacroSyncRecords {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async getPass(organizationId: string): Promise<MacroPass | null> {
    const [row]: { pass_id: string; cursor: string | null }[] = await this.db.query(
      `SELECT pass_id, cursor FROM kb_macro_sync_state WHERE organization_id = $1`,
      [organizationId],
    );
    return row ? { passId: row.pass_id, cursor: row.cursor } : null;
  }

  // As the help-center state is saved (PostgresSyncRecords.saveState): the run's row is share-locked meanwhile,
  // and a run no longer running saves nothing. (A run without a row, as in a direct call of the service, saves.)
  async savePass(runId: string, organizationId: string, pass: MacroPass | null): Promise<boolean> {
    const running = `NOT EXISTS (SELECT 1 FROM run WHERE status <> 'running')`;
    const saved: unknown[] = pass
      ? await this.db.query(
          `WITH run AS (SELECT status FROM kb_sync_runs WHERE id = $1 FOR SHARE)
           INSERT INTO kb_macro_sync_state (organization_id, pass_id, cursor) SELECT $2::uuid, $3::uuid, $4::text WHERE ${running}
           ON CONFLICT (organization_id) DO UPDATE SET pass_id = EXCLUDED.pass_id, cursor = EXCLUDED.cursor
           RETURNING 1`,
          [runId, organizationId, pass.passId, pass.cursor],
        )
      : await this.db.query(
          `WITH run AS (SELECT status FROM kb_sync_runs WHERE id = $1 FOR SHARE),
                cleared AS (DELETE FROM kb_macro_sync_state WHERE organization_id = $2 AND ${running} RETURNING 1)
           SELECT 1 WHERE ${running}`,
          [runId, organizationId],
        );
    return saved.length > 0;
  }

  async removeMacrosNotSeen(organizationId: string, passId: string): Promise<number> {
    return this.remove(`organization_id = $1 AND source = 'macro' AND last_seen_run IS DISTINCT FROM $2`, [organizationId, passId]);
  }

  async removeAllMacros(organizationId: string): Promise<number> {
    return this.remove(`organization_id = $1 AND source = 'macro'`, [organizationId]);
  }

  async helpCenterLocale(organizationId: string): Promise<string | null> {
    const [row]: { locale: string }[] = await this.db.query(
      `SELECT locale FROM kb_articles WHERE organization_id = $1 AND source = 'help_center' GROUP BY locale ORDER BY count(*) DESC, locale LIMIT 1`,
      [organizationId],
    );
    return row?.locale ?? null;
  }

  private async remove(where: string, parameters: unknown[]): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH removed AS (DELETE FROM kb_articles WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM removed`,
      parameters,
    );
    return n;
  }
}
