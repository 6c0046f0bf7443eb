import { DomainError } from '../../../shared/errors/domain.error';

export interface Topic {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  keywords: string[];
  noAssist: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type TopicDraft = Pick<Topic, 'name' | 'description' | 'keywords' | 'noAssist'>;

// Why a ticket matched a topic, shown in decisions: e.g. `keyword:refund`.
export interface TopicMatch {
  topicId: string;
  name: string;
  noAssist: boolean;
  because: string;
}

export enum TopicErrorCode {
  NotFound = 'topic_not_found',
  DuplicateName = 'duplicate_topic_name',
}

export class TopicError extends DomainError<TopicErrorCode> {}
