import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { Topic, TopicDraft, TopicError, TopicErrorCode } from '../domain/topic';
import { TopicRepository } from '../application/ports/topic.repository';
import { TopicEntity } from './topic.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TypeormTopicRepository extends TopicRepository {
  constructor(@InjectRepository(TopicEntity) private readonly rows: Repository<TopicEntity>) {
    super();
  }

  async create(organizationId: string, topic: TopicDraft): Promise<Topic> {
    return rejectDuplicateName(topic.name, () => this.rows.save(this.rows.create({ ...topic, organizationId })));
  }

  listForOrganization(organizationId: string): Promise<Topic[]> {
    return this.rows.find({ where: { organizationId }, order: { name: 'ASC' } });
  }

  async update(organizationId: string, topicId: string, changes: Partial<TopicDraft>): Promise<Topic | null> {
    const row = await this.rows.findOneBy({ id: topicId, organizationId });
    if (!row) return null;
    return rejectDuplicateName(changes.name ?? row.name, () => this.rows.save(this.rows.merge(row, changes)));
  }

  async delete(organizationId: string, topicId: string): Promise<boolean> {
    const result = await this.rows.delete({ id: topicId, organizationId });
    return (result.affected ?? 0) > 0;
  }
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
