import { Injectable } from '@nestjs/common';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { matchTopicsByKeyword } from '../domain/keyword-matcher';
import { Topic, TopicDraft, TopicError, TopicErrorCode, TopicMatch } from '../domain/topic';
import { TopicRepository } from './ports/topic.repository';

@Injectable()
export class TopicsService {
  constructor(
    private readonly topics: TopicRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  async create(organizationId: string, topic: TopicDraft): Promise<Topic> {
    await this.organizations.get(organizationId);
    return this.topics.create(organizationId, topic);
  }

  async list(organizationId: string): Promise<Topic[]> {
    await this.organizations.get(organizationId);
    return this.topics.listForOrganization(organizationId);
  }

  async update(organizationId: string, topicId: string, changes: Partial<TopicDraft>): Promise<Topic> {
    const topic = await this.topics.update(organizationId, topicId, changes);
    if (!topic) throw topicNotFound(topicId);
    return topic;
  }

  async delete(organizationId: string, topicId: string): Promise<void> {
    if (!(await this.topics.delete(organizationId, topicId))) throw topicNotFound(topicId);
  }

  // Read fresh on every ticket so topic edits apply on the next webhook, on every instance.
  async classify(organizationId: string, text: string): Promise<TopicMatch[]> {
    return matchTopicsByKeyword(text, await this.topics.listForOrganization(organizationId));
  }
}

const topicNotFound = (id: string) => new TopicError(TopicErrorCode.NotFound, `Topic ${id} not found`);
