import { Topic, TopicDraft } from '../../domain/topic';

export abstract class TopicRepository {
  abstract create(organizationId: string, topic: TopicDraft): Promise<Topic>;
  abstract listForOrganization(organizationId: string): Promise<Topic[]>;
  abstract update(organizationId: string, topicId: string, changes: Partial<TopicDraft>): Promise<Topic | null>;
  abstract delete(organizationId: string, topicId: string): Promise<boolean>;
}
