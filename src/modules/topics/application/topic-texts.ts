import { createHash } from 'node:crypto';
import { topicEmbeddingTexts } from '../domain/semantic-match';
import { Topic, TopicError, TopicErrorCode } from '../domain/topic';

export type EmbeddedTexts = Pick<Topic, 'name' | 'description' | 'examples'>;

// Names the texts a topic's stored vectors were embedded from: vectors of other texts are stale.
export const sourceHash = (topic: EmbeddedTexts) => createHash('sha256').update(JSON.stringify(topicEmbeddingTexts(topic))).digest('hex');

export const topicNotFound = (id: string) => new TopicError(TopicErrorCode.NotFound, `Topic ${id} not found`);
