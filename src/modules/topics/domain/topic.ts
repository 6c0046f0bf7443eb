import { DomainError } from '../../../shared/errors/domain.error';

export interface Topic {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  keywords: string[];
  // Short sample customer messages: semantic matching compares tickets with them and the description.
  examples: string[];
  // A ticket carrying any of these Zendesk tags matches.
  zendeskTags: string[];
  noAssist: boolean;
  createdAt: Date;
  updatedAt: Date;
}

// A topic as the admin API reads it: with how many of its examples reps added from a training page (and no
// admin removed since).
export interface TopicDetails extends Topic {
  examplesFromReps: number;
}

export type TopicDraft = Pick<Topic, 'name' | 'description' | 'keywords' | 'examples' | 'zendeskTags' | 'noAssist'>;

// What classification reads of a ticket: subject and customer comments as one text, and its Zendesk tags.
export interface TicketForTopics {
  text: string;
  tags: string[];
}

// Why a ticket matched a topic, shown in decisions: `tag:billing`, `keyword:refund`, `semantic:0.82 example:2`, `llm`.
export interface TopicMatch {
  topicId: string;
  name: string;
  noAssist: boolean;
  because: string;
}

export enum TopicErrorCode {
  NotFound = 'topic_not_found',
  DuplicateName = 'duplicate_topic_name',
  // The topic tester asked for more days than the organization keeps questions.
  TestWindowBeyondRetention = 'topic_test_window_beyond_retention',
}

export class TopicError extends DomainError<TopicErrorCode> {}
