import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TrainingActionLog } from '../application/ports/training-action-log';
import { DraftRating, TrainingAction, TrainingActionKind, TrainingActionRecord } from '../domain/training-action';

@Injectable()
export class PostgresTrainingActionLog extends TrainingActionLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  record(action: TrainingActionRecord): Promise<TrainingAction> {
    return insert(this.db.manager, action);
  }

  reassignTopic(action: TrainingActionRecord, topicId: string): Promise<TrainingAction> {
    return this.db.transaction(async (tx) => {
      await tx.query(`UPDATE suggestions SET reassigned_topic_id = $2 WHERE id = $1`, [action.suggestionId, topicId]);
      return insert(tx, action);
    });
  }

  async listForSuggestion(suggestionId: string): Promise<TrainingAction[]> {
    const rows: ActionRow[] = await this.db.query(`SELECT * FROM training_actions WHERE suggestion_id = $1 ORDER BY created_at, id`, [suggestionId]);
    return rows.map(toAction);
  }
}

async function insert(manager: EntityManager, action: TrainingActionRecord): Promise<TrainingAction> {
  const [row]: ActionRow[] = await manager.query(
    `INSERT INTO training_actions (organization_id, suggestion_id, kind, rating, comment, details)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [action.organizationId, action.suggestionId, action.kind, action.rating ?? null, action.comment ?? null, JSON.stringify(action.details)],
  );
  return toAction(row);
}

interface ActionRow {
  id: string;
  organization_id: string;
  suggestion_id: string;
  kind: TrainingActionKind;
  rating: DraftRating | null;
  comment: string | null;
  details: Record<string, string>;
  created_at: Date;
}

const toAction = (row: ActionRow): TrainingAction => ({
  id: row.id,
  organizationId: row.organization_id,
  suggestionId: row.suggestion_id,
  kind: row.kind,
  ...(row.rating && { rating: row.rating }),
  ...(row.comment && { comment: row.comment }),
  details: row.details,
  at: row.created_at,
});
