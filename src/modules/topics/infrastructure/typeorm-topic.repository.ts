import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import pgvector from 'pgvector';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { CachedRows, RowCache } from '../../../shared/database/cached-rows';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool } from '../../../shared/database/prepared-statement';
import { TopicDetails, TopicDraft, TopicError, TopicErrorCode } from '../domain/topic';
import { StoredTextSimilarities, TopicEmbedding, TopicRepository } from '../application/ports/topic.repository';
import { TopicEntity } from './topic.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TypeormTopicRepository extends TopicRepository {
  // An organization's topics, read on every ticket; kept until the database says one changed (see CachedRows).
  private readonly lists: RowCache<TopicDetails[]>;

  constructor(
    @InjectRepository(TopicEntity) private readonly rows: Repository<TopicEntity>,
    private readonly location: DatabaseLocation,
    cachedRows: CachedRows,
  ) {
    super();
    this.lists = cachedRows.cache('topics');
  }

  async create(organizationId: string, topic: TopicDraft, embedding: TopicEmbedding | null): Promise<TopicDetails> {
    return this.lists.forgetAfter(organizationId, () => rejectDuplicateName(topic.name, () =>
      this.rows.manager.transaction(async (manager) => {
        const rows = manager.getRepository(TopicEntity);
        const saved = await rows.save(rows.create({ ...topic, organizationId, repExamples: [] }));
        if (embedding) await writeEmbedding(manager, organizationId, saved.id, embedding);
        return toTopic(saved);
      }),
    ));
  }

  async find(organizationId: string, topicId: string): Promise<TopicDetails | null> {
    const row = await this.rows.findOneBy({ id: topicId, organizationId });
    return row && toTopic(row);
  }

  async listForOrganization(organizationId: string): Promise<TopicDetails[]> {
    return (await this.lists.read(organizationId, () => this.readList(organizationId)))!;
  }

  // Read when not cached: prepared, planned once per connection, its columns named.
  private async readList(organizationId: string): Promise<TopicDetails[]> {
    const rows = await queryPreparedOnPool<TopicRow[]>(
      this.rows.manager.connection,
      this.location,
      `SELECT id, organization_id, name, description, keywords, examples, zendesk_tags, no_assist, rep_examples, created_at, updated_at
         FROM topics WHERE organization_id = $1 ORDER BY name`,
      [organizationId],
    );
    return rows.map((row) =>
      toTopic({
        id: row.id,
        organizationId: row.organization_id,
        name: row.name,
        description: row.description,
        keywords: row.keywords,
        examples: row.examples,
        zendeskTags: row.zendesk_tags,
        noAssist: row.no_assist,
        repExamples: row.rep_examples,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }),
    );
  }

  async update(organizationId: string, topicId: string, changes: Partial<TopicDraft>, embedding: TopicEmbedding | null): Promise<TopicDetails | null> {
    return this.lists.forgetAfter(organizationId, () => this.rows.manager.transaction(async (manager) => {
      const rows = manager.getRepository(TopicEntity);
      const row = await rows.findOne({ where: { id: topicId, organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!row) return null;
      const next = rows.merge(row, changes);
      // Only examples still there stay the reps': one an admin removed, or removed and added back, is not.
      next.repExamples = next.repExamples.filter((example) => next.examples.includes(example));
      const saved = await rejectDuplicateName(changes.name ?? row.name, () => rows.save(next));
      if (embedding) await writeEmbedding(manager, organizationId, topicId, embedding);
      return toTopic(saved);
    }));
  }

  async addExampleFromRep(organizationId: string, topicId: string, example: string, embedding: TopicEmbedding | null): Promise<TopicDetails | null> {
    return this.lists.forgetAfter(organizationId, () => this.rows.manager.transaction(async (manager) => {
      const rows = manager.getRepository(TopicEntity);
      const row = await rows.findOne({ where: { id: topicId, organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.examples.includes(example)) return row && toTopic(row);
      const saved = await rows.save(rows.merge(row, { examples: [...row.examples, example], repExamples: [...row.repExamples, example] }));
      if (embedding) await writeEmbedding(manager, organizationId, topicId, embedding);
      return toTopic(saved);
    }));
  }

  async delete(organizationId: string, topicId: string): Promise<boolean> {
    const result = await this.lists.forgetAfter(organizationId, () => this.rows.delete({ id: topicId, organizationId }));
    return (result.affected ?? 0) > 0;
  }

  async saveEmbedding(organizationId: string, topicId: string, embedding: TopicEmbedding): Promise<void> {
    await this.rows.manager.transaction((manager) => writeEmbedding(manager, organizationId, topicId, embedding));
  }

  async findTextSimilarities(organizationId: string, model: string, vector: number[]): Promise<StoredTextSimilarities[]> {
    const rows = await queryPreparedOnPool<{ topic_id: string; source_hash: string; similarities: number[] }[]>(
      this.rows.manager.connection,
      this.location,
      `SELECT topic_id, source_hash, array_agg(1 - (embedding <=> $3::vector) ORDER BY ordinal) AS similarities
         FROM topic_embeddings WHERE organization_id = $1 AND embedding_model = $2
        GROUP BY topic_id, source_hash`,
      [organizationId, model, pgvector.toSql(vector)],
    );
    return rows.map((row) => ({ topicId: row.topic_id, sourceHash: row.source_hash, similarities: row.similarities.map(Number) }));
  }

  async listEmbeddings(organizationId: string, model: string): Promise<Map<string, TopicEmbedding>> {
    const rows: { topic_id: string; source_hash: string; embedding: string }[] = await this.rows.manager.query(
      `SELECT topic_id, source_hash, embedding::text AS embedding FROM topic_embeddings
        WHERE organization_id = $1 AND embedding_model = $2 ORDER BY topic_id, ordinal`,
      [organizationId, model],
    );
    const embeddings = new Map<string, TopicEmbedding>();
    for (const row of rows) {
      const embedding = embeddings.get(row.topic_id) ?? { model, sourceHash: row.source_hash, vectors: [] };
      embedding.vectors.push(pgvector.fromSql(row.embedding) as number[]);
      // Two writers' rows mixed: no texts of the topic's, so embedded again.
      if (embedding.sourceHash !== row.source_hash) embedding.sourceHash = '';
      embeddings.set(row.topic_id, embedding);
    }
    return embeddings;
  }
}

interface TopicRow {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  keywords: string[];
  examples: string[];
  zendesk_tags: string[];
  no_assist: boolean;
  rep_examples: string[];
  created_at: Date;
  updated_at: Date;
}

function toTopic({ repExamples, ...row }: TopicEntity): TopicDetails {
  return { ...row, examplesFromReps: repExamples.length };
}

// Replaces the topic's vectors of this model. Two instances embedding the same topic at once both succeed; should
// the older texts win, their hash no longer matches and the next classification embeds the topic again.
async function writeEmbedding(manager: EntityManager, organizationId: string, topicId: string, embedding: TopicEmbedding): Promise<void> {
  await manager.query(`DELETE FROM topic_embeddings WHERE topic_id = $1 AND embedding_model = $2`, [topicId, embedding.model]);
  await manager.query(
    `INSERT INTO topic_embeddings (topic_id, organization_id, embedding_model, ordinal, source_hash, embedding)
     SELECT $1, $2, $3, v.ordinal - 1, $4, v.embedding::vector FROM unnest($5::text[]) WITH ORDINALITY AS v(embedding, ordinal)
     ON CONFLICT (topic_id, embedding_model, ordinal) DO UPDATE SET source_hash = EXCLUDED.source_hash, embedding = EXCLUDED.embedding`,
    [topicId, organizationId, embedding.model, embedding.sourceHash, embedding.vectors.map((vector) => pgvector.toSql(vector))],
  );
}

async function rejectDuplicateName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new TopicError(TopicErrorCode.DuplicateName, `A topic named "${name}" already exists`);
    }
    throw error;
  }
}
