import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pgvector from 'pgvector';
import { DataSource } from 'typeorm';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { TrainingAnswer, TrainingAnswerDraft } from '../domain/training-answer';
import { EmbeddedQuestion, NearestTrainingAnswer, TrainingAnswerChanges, TrainingAnswerRepository } from '../application/ports/training-answer.repository';

const COLUMNS = `id, organization_id AS "organizationId", question, answer, suggestion_id AS "suggestionId",
                 created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

// Training answers have no locale: their lexemes are kept unstemmed ('simple'), whatever the language.
const SEARCH = `to_tsvector('simple', question || ' ' || answer)`;

@Injectable()
export class PostgresTrainingAnswerRepository implements TrainingAnswerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(organizationId: string, draft: TrainingAnswerDraft, embedded: EmbeddedQuestion): Promise<TrainingAnswer> {
    const [row]: TrainingAnswer[] = await this.db.query(
      `INSERT INTO training_answers (organization_id, question, answer, suggestion_id, created_by, embedding, embedding_model, search)
       VALUES ($1, $2, $3, $4, $5, $6, $7, to_tsvector('simple', $2 || ' ' || $3))
       RETURNING ${COLUMNS}`,
      [organizationId, draft.question, draft.answer, draft.suggestionId ?? null, draft.createdBy, pgvector.toSql(embedded.embedding), embedded.model],
    );
    return row;
  }

  async update(organizationId: string, id: string, changes: TrainingAnswerChanges): Promise<TrainingAnswer | null> {
    const [rows]: [TrainingAnswer[], number] = await this.db.query(
      `UPDATE training_answers
          SET question = coalesce($3, question), answer = coalesce($4, answer),
              embedding = coalesce($5::vector, embedding), embedding_model = coalesce($6, embedding_model),
              updated_at = clock_timestamp()
        WHERE organization_id = $1 AND id = $2
        RETURNING ${COLUMNS}`,
      [
        organizationId,
        id,
        changes.question ?? null,
        changes.answer ?? null,
        changes.embedded ? pgvector.toSql(changes.embedded.embedding) : null,
        changes.embedded?.model ?? null,
      ],
    );
    const [row] = rows;
    if (!row) return null;
    // The lexical index follows the new text.
    await this.db.query(`UPDATE training_answers SET search = ${SEARCH} WHERE id = $1`, [id]);
    return row;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const [, deleted]: [unknown, number] = await this.db.query(`DELETE FROM training_answers WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return deleted > 0;
  }

  async find(organizationId: string, id: string): Promise<TrainingAnswer | null> {
    const [row]: TrainingAnswer[] = await this.db.query(`SELECT ${COLUMNS} FROM training_answers WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return row ?? null;
  }

  async list(organizationId: string, { limit, after }: PageRequest): Promise<Page<TrainingAnswer>> {
    const rows: (TrainingAnswer & { pageAt: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, ${exactTimestamp('created_at')} AS "pageAt"
         FROM training_answers
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [organizationId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => ({ at: row.pageAt, id: row.id }), ({ pageAt: _, ...answer }) => answer);
  }

  findEmbeddedByOtherModel(organizationId: string, model: string): Promise<TrainingAnswer[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM training_answers WHERE organization_id = $1 AND embedding_model <> $2`, [organizationId, model]);
  }

  // An exact scan of the organization's answers: a few hundred at most, so no approximate index.
  async findNearest(organizationId: string, { embedding, model }: EmbeddedQuestion): Promise<NearestTrainingAnswer | null> {
    const [row]: (TrainingAnswer & { similarity: number })[] = await this.db.query(
      `SELECT ${COLUMNS}, 1 - (embedding <=> $3::vector) AS similarity
         FROM training_answers
        WHERE organization_id = $1 AND embedding_model = $2
        ORDER BY embedding <=> $3::vector, created_at DESC LIMIT 1`,
      [organizationId, model, pgvector.toSql(embedding)],
    );
    if (!row) return null;
    const { similarity, ...answer } = row;
    return { answer, similarity: Number(similarity) };
  }
}
