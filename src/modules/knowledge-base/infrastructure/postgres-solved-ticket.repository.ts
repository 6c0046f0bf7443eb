import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pgvector from 'pgvector';
import { DataSource } from 'typeorm';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool } from '../../../shared/database/prepared-statement';
import { NearestSolvedByWordsAndEmbedding, NearestSolvedTicket, SolvedTicketRepository } from '../application/ports/solved-ticket.repository';
import { EmbeddedQuestion } from '../application/ports/training-answer.repository';
import { SolvedTicket } from '../domain/solved-ticket';
import { SolvedTicketPair } from '../domain/solved-ticket-pair';
import { lexicallyNearestSql, nearestByWordsAndEmbeddingSql, ORGANIZATION_TS_CONFIG, QuestionTable } from './nearest-question-sql';

const COLUMNS = `id, organization_id AS "organizationId", zendesk_ticket_id AS "ticketId", question, answer,
                 answered_at AS "answeredAt", synced_at AS "syncedAt"`;

// The ticket being answered is left out ($n): it must never be answered from its own solved pair.
const solvedTickets = (excluded: string): QuestionTable => ({
  name: 'kb_solved_tickets',
  columns: COLUMNS,
  newest: 'answered_at',
  only: `zendesk_ticket_id IS DISTINCT FROM ${excluded}::text`,
});

@Injectable()
export class PostgresSolvedTicketRepository extends SolvedTicketRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly location: DatabaseLocation,
  ) {
    super();
  }

  // A ticket solved again replaces its pair (and the lexemes' configuration follows the knowledge base's).
  async save(organizationId: string, pair: SolvedTicketPair, lookupText: string, { embedding, model }: EmbeddedQuestion): Promise<'added' | 'updated'> {
    const [{ inserted }]: { inserted: boolean }[] = await this.db.query(
      `INSERT INTO kb_solved_tickets (organization_id, zendesk_ticket_id, question, answer, answered_at, embedding, embedding_model, question_ts_config, question_terms)
       SELECT $1, $2, $3, $4, $5, $6, $7, config.cfg, to_tsvector(config.cfg, $8) FROM (SELECT ${ORGANIZATION_TS_CONFIG} AS cfg) config
       ON CONFLICT (organization_id, zendesk_ticket_id) DO UPDATE
         SET question = EXCLUDED.question, answer = EXCLUDED.answer, answered_at = EXCLUDED.answered_at,
             embedding = EXCLUDED.embedding, embedding_model = EXCLUDED.embedding_model,
             question_ts_config = EXCLUDED.question_ts_config, question_terms = EXCLUDED.question_terms, synced_at = clock_timestamp()
       RETURNING (xmax = 0) AS inserted`,
      [organizationId, pair.ticketId, pair.question, pair.answer, pair.answeredAt, pgvector.toSql(embedding), model, lookupText],
    );
    return inserted ? 'added' : 'updated';
  }

  async remove(organizationId: string, ticketId: string): Promise<boolean> {
    const [, removed]: [unknown, number] = await this.db.query(`DELETE FROM kb_solved_tickets WHERE organization_id = $1 AND zendesk_ticket_id = $2`, [
      organizationId,
      ticketId,
    ]);
    return removed > 0;
  }

  // The cursor goes too: turned on again, the sync reads the look-back period afresh.
  async removeAll(organizationId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [, removed]: [unknown, number] = await tx.query(`DELETE FROM kb_solved_tickets WHERE organization_id = $1`, [organizationId]);
      await tx.query(`DELETE FROM kb_solved_ticket_sync WHERE organization_id = $1`, [organizationId]);
      return removed;
    });
  }

  async count(organizationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM kb_solved_tickets WHERE organization_id = $1`, [organizationId]);
    return n;
  }

  async lastSyncedAt(organizationId: string): Promise<Date | null> {
    const [row]: { last_synced_at: Date | null }[] = await this.db.query(`SELECT last_synced_at FROM kb_solved_ticket_sync WHERE organization_id = $1`, [organizationId]);
    return row?.last_synced_at ?? null;
  }

  async exportCursor(organizationId: string): Promise<string | null> {
    const [row]: { export_cursor: string | null }[] = await this.db.query(`SELECT export_cursor FROM kb_solved_ticket_sync WHERE organization_id = $1`, [organizationId]);
    return row?.export_cursor ?? null;
  }

  // As the help-center state (postgres-sync-records.ts): the run's row is share-locked while the cursor is
  // written, so a run failed as abandoned never moves it. A run without a row (a direct call) saves.
  async saveExportCursor(runId: string, organizationId: string, cursor: string | null, finished: boolean): Promise<boolean> {
    const saved: unknown[] = await this.db.query(
      `WITH run AS (SELECT status FROM kb_sync_runs WHERE id = $1 FOR SHARE)
       INSERT INTO kb_solved_ticket_sync (organization_id, export_cursor, last_synced_at)
       SELECT $2::uuid, $3::text, CASE WHEN $4 THEN now() END WHERE NOT EXISTS (SELECT 1 FROM run WHERE status <> 'running')
       ON CONFLICT (organization_id) DO UPDATE
         SET export_cursor = EXCLUDED.export_cursor,
             last_synced_at = coalesce(EXCLUDED.last_synced_at, kb_solved_ticket_sync.last_synced_at)
       RETURNING 1`,
      [runId, organizationId, cursor, finished],
    );
    return saved.length > 0;
  }

  findEmbeddedByOtherModel(organizationId: string, model: string): Promise<SolvedTicket[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM kb_solved_tickets WHERE organization_id = $1 AND embedding_model <> $2`, [organizationId, model]);
  }

  async updateEmbedding(organizationId: string, id: string, { embedding, model }: EmbeddedQuestion): Promise<void> {
    await this.db.query(`UPDATE kb_solved_tickets SET embedding = $3, embedding_model = $4 WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
      pgvector.toSql(embedding),
      model,
    ]);
  }

  async findNearest(organizationId: string, question: string, embedded: EmbeddedQuestion | null, excludedTicketId: string | null): Promise<NearestSolvedByWordsAndEmbedding> {
    if (!embedded) {
      const [row] = await queryPreparedOnPool<NearestRow[]>(this.db, this.location, lexicallyNearestSql(solvedTickets('$3'), '$2'), [organizationId, question, excludedTicketId]);
      return { byWords: row ? toNearest(row) : null, byEmbedding: null, otherModels: false };
    }
    const rows = await queryPreparedOnPool<(NearestRow & { found_by: 'words' | 'embedding' })[]>(
      this.db,
      this.location,
      nearestByWordsAndEmbeddingSql(solvedTickets('$5')),
      [organizationId, question, embedded.model, pgvector.toSql(embedded.embedding), excludedTicketId],
    );
    const found = new Map(rows.map(({ found_by: foundBy, ...row }) => [foundBy, row]));
    const byWords = found.get('words');
    const byEmbedding = found.get('embedding')!;
    return { byWords: byWords ? toNearest(byWords) : null, byEmbedding: byEmbedding.id ? toNearest(byEmbedding) : null, otherModels: byEmbedding.other_models === true };
  }
}

// A look-up's row: a pair and its similarity (null columns when there is none).
type NearestRow = SolvedTicket & { similarity: number | null; other_models?: boolean };

function toNearest({ similarity, other_models: _, ...ticket }: NearestRow): NearestSolvedTicket {
  return { ticket, similarity: Number(similarity) };
}
