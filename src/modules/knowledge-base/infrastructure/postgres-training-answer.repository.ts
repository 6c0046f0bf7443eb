import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pgvector from 'pgvector';
import { DataSource } from 'typeorm';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool } from '../../../shared/database/prepared-statement';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { TrainingAnswer, TrainingAnswerDraft } from '../domain/training-answer';
import {
  EmbeddedQuestion,
  NearestByEmbedding,
  NearestByWordsAndEmbedding,
  NearestTrainingAnswer,
  TrainingAnswerChanges,
  TrainingAnswerRepository,
} from '../application/ports/training-answer.repository';
import { lexicallyNearestSql, nearestByEmbeddingSql, nearestByWordsAndEmbeddingSql, ORGANIZATION_TS_CONFIG, QuestionTable } from './nearest-question-sql';

const COLUMNS = `id, organization_id AS "organizationId", question, answer, suggestion_id AS "suggestionId",
                 created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

const TRAINING_ANSWERS: QuestionTable = { name: 'training_answers', columns: COLUMNS, newest: 'created_at' };

@Injectable()
export class PostgresTrainingAnswerRepository implements TrainingAnswerRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly location: DatabaseLocation,
  ) {}

  async create(organizationId: string, draft: TrainingAnswerDraft, embedded: EmbeddedQuestion): Promise<TrainingAnswer | null> {
    // The suggestion, when given, must be one of the organization's: checked in the insert, so no row means not.
    const [row]: TrainingAnswer[] = await this.db.query(
      `INSERT INTO training_answers (organization_id, question, answer, suggestion_id, created_by, embedding, embedding_model, question_ts_config, question_terms)
       SELECT $1, $2, $3, $4, $5, $6, $7, config.cfg, to_tsvector(config.cfg, $2) FROM (SELECT ${ORGANIZATION_TS_CONFIG} AS cfg) config
        WHERE $4::uuid IS NULL OR EXISTS (SELECT 1 FROM suggestions WHERE id = $4 AND organization_id = $1)
       RETURNING ${COLUMNS}`,
      [organizationId, draft.question, draft.answer, draft.suggestionId ?? null, draft.createdBy, pgvector.toSql(embedded.embedding), embedded.model],
    );
    return row ?? null;
  }

  async update(organizationId: string, id: string, changes: TrainingAnswerChanges): Promise<TrainingAnswer | null> {
    const [rows]: [TrainingAnswer[], number] = await this.db.query(
      `UPDATE training_answers
          SET question = coalesce($3, question), answer = coalesce($4, answer),
              question_terms = to_tsvector(question_ts_config, coalesce($3, question)),
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
    return rows[0] ?? null;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const [, deleted]: [unknown, number] = await this.db.query(`DELETE FROM training_answers WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return deleted > 0;
  }

  async find(organizationId: string, id: string): Promise<TrainingAnswer | null> {
    const [row]: TrainingAnswer[] = await this.db.query(`SELECT ${COLUMNS} FROM training_answers WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return row ?? null;
  }

  async findBySuggestion(organizationId: string, suggestionId: string): Promise<TrainingAnswer | null> {
    const [row]: TrainingAnswer[] = await this.db.query(
      `SELECT ${COLUMNS} FROM training_answers WHERE organization_id = $1 AND suggestion_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [organizationId, suggestionId],
    );
    return row ?? null;
  }

  async count(organizationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM training_answers WHERE organization_id = $1`, [organizationId]);
    return n;
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

  // An exact scan of the organization's answers: a few hundred at most, so no approximate index. Whether any was
  // embedded by another model comes in the same statement: almost always none, and then nothing else is read.
  async findNearest(organizationId: string, { embedding, model }: EmbeddedQuestion): Promise<NearestByEmbedding> {
    // Prepared (as the next ones): planned once per connection, not for every ticket.
    const [row] = await queryPreparedOnPool<NearestRow[]>(this.db, this.location, nearestByEmbeddingSql(TRAINING_ANSWERS, '$2', '$3'), [organizationId, model, pgvector.toSql(embedding)]);
    return toNearestByEmbedding(row);
  }

  async findLexicallyNearest(organizationId: string, question: string): Promise<NearestTrainingAnswer | null> {
    const [row] = await queryPreparedOnPool<NearestRow[]>(this.db, this.location, lexicallyNearestSql(TRAINING_ANSWERS, '$2'), [organizationId, question]);
    return row ? toNearest(row) : null;
  }

  // Both look-ups in one statement (one round trip a drafted ticket): a row for each, told apart by `found_by`.
  async findNearestByWordsAndEmbedding(organizationId: string, question: string, { embedding, model }: EmbeddedQuestion): Promise<NearestByWordsAndEmbedding> {
    const rows = await queryPreparedOnPool<(NearestRow & { found_by: 'words' | 'embedding' })[]>(
      this.db,
      this.location,
      nearestByWordsAndEmbeddingSql(TRAINING_ANSWERS),
      [organizationId, question, model, pgvector.toSql(embedding)],
    );
    const found = new Map(rows.map(({ found_by: foundBy, ...row }) => [foundBy, row]));
    const byWords = found.get('words');
    return { byWords: byWords ? toNearest(byWords) : null, byEmbedding: toNearestByEmbedding(found.get('embedding')!) };
  }
}

// A look-up's row: an answer and its similarity (null columns when there is none), and by embedding whether any
// answer was embedded by another model.
type NearestRow = TrainingAnswer & { similarity: number | null; other_models?: boolean };

function toNearest({ similarity, other_models: _, ...answer }: NearestRow): NearestTrainingAnswer {
  return { answer, similarity: Number(similarity) };
}

function toNearestByEmbedding(row: NearestRow): NearestByEmbedding {
  return { nearest: row.id ? toNearest(row) : null, otherModels: row.other_models === true };
}
