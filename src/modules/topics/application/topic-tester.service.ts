import { Injectable } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { TopicChooser } from '../../llm/application/ports/topic-chooser';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { classifyWithVectors, TicketWithVector, TopicWithVectors } from '../domain/classify-ticket';
import { SEMANTIC_THRESHOLDS, topicEmbeddingTexts } from '../domain/semantic-match';
import { Topic, TopicDraft, TopicError, TopicErrorCode } from '../domain/topic';
import { compareTopicTest, TopicTestOutcome } from '../domain/topic-test';
import { StoredQuestion, StoredQuestions } from './ports/stored-questions';
import { TopicRepository } from './ports/topic.repository';
import { sourceHash, topicNotFound } from './topic-texts';

export const DEFAULT_TEST_DAYS = 30;
// The most recent tickets of the window, at most: the answer stays within a couple of seconds.
export const MAX_TESTED_TICKETS = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;
// The draft's id while it is classified: never a topic's (those are UUIDs).
const DRAFT_ID = 'draft';

// A draft topic, new or replacing the topic `id` (an edit).
export type TopicTestDraft = TopicDraft & { id?: string | null };

export interface TopicTestReport extends TopicTestOutcome {
  sinceDays: number;
  // More tickets in the window than were tested: the most recent MAX_TESTED_TICKETS were.
  truncated: boolean;
  // The LLM stage (with OPENAI_API_KEY) is not replayed: it would cost a call per ticket. Tickets only it would
  // have matched count as matching nothing, before and after.
  llmStageSkipped: boolean;
}

// What a topic would catch before it goes live: the organization's stored questions replayed through the rules and
// semantic stages with the current topics and with the draft applied, all in memory. Writes nothing: the draft is
// not saved, its vectors and those of topics with stale vectors are not stored.
@Injectable()
export class TopicTesterService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicRepository,
    private readonly questions: StoredQuestions,
    private readonly embedder: Embedder,
    private readonly chooser: TopicChooser,
  ) {}

  async test(organizationId: string, draft: TopicTestDraft, sinceDays = DEFAULT_TEST_DAYS): Promise<TopicTestReport> {
    const { settings } = await this.organizations.get(organizationId);
    if (sinceDays > settings.questionRetentionDays) {
      throw new TopicError(
        TopicErrorCode.TestWindowBeyondRetention,
        `sinceDays (${sinceDays}) is more than the organization keeps questions (questionRetentionDays ${settings.questionRetentionDays})`,
      );
    }
    const current = await this.topics.listForOrganization(organizationId);
    const replaces = draft.id ?? undefined;
    if (replaces !== undefined && !current.some((topic) => topic.id === replaces)) throw topicNotFound(replaces);
    const sameName = current.find((topic) => topic.id !== replaces && topic.name.toLowerCase() === draft.name.toLowerCase());
    if (sameName) throw new TopicError(TopicErrorCode.DuplicateName, `A topic named "${sameName.name}" already exists`);

    const stored = await this.questions.listSince(organizationId, new Date(Date.now() - sinceDays * DAY_MS), MAX_TESTED_TICKETS + 1);
    const questions = stored.slice(0, MAX_TESTED_TICKETS);
    const draftTopic: Topic = { ...withoutId(draft), id: DRAFT_ID, organizationId, createdAt: new Date(), updatedAt: new Date() };
    const threshold = SEMANTIC_THRESHOLDS[this.embedder.model];
    const { tickets, before, after } = await this.withVectors(organizationId, questions, current, draftTopic, replaces, threshold !== undefined);
    const replayed = tickets.map((ticket, i) => ({
      ticketId: questions[i].ticketId,
      askedAt: questions[i].askedAt,
      text: ticket.text,
      before: classifyWithVectors(ticket, before, threshold, settings.noAssistMatching),
      after: classifyWithVectors(ticket, after, threshold, settings.noAssistMatching),
    }));
    return {
      sinceDays,
      truncated: stored.length > MAX_TESTED_TICKETS,
      llmStageSkipped: this.chooser.usesLlm,
      ...compareTopicTest(replayed, DRAFT_ID),
    };
  }

  // One embedder call for the tickets, the draft and the topics whose stored vectors are stale or missing. Without
  // a semantic stage for the model, nothing is embedded.
  private async withVectors(organizationId: string, questions: StoredQuestion[], current: Topic[], draft: Topic, replaces: string | undefined, semantic: boolean) {
    const stored = semantic ? await this.topics.listEmbeddings(organizationId, this.embedder.model) : new Map();
    const stale = semantic ? current.filter((topic) => stored.get(topic.id)?.sourceHash !== sourceHash(topic)) : [];
    const texts = semantic ? [...questions.map((q) => q.text), ...[...stale, draft].flatMap(topicEmbeddingTexts)] : [];
    const vectors = texts.length > 0 ? await this.embedder.embed(texts) : [];
    let next = 0;
    const vectorsOf = (count: number) => vectors.slice(next, (next += count));
    const tickets: TicketWithVector[] = questions.map(({ text, tags }) => ({ text, tags, vector: vectorsOf(1)[0] ?? [] }));
    const embedded = new Map(stale.map((topic) => [topic.id, vectorsOf(topicEmbeddingTexts(topic).length)]));
    const before: TopicWithVectors[] = current.map((topic) => ({ ...topic, vectors: embedded.get(topic.id) ?? stored.get(topic.id)?.vectors ?? [] }));
    const draftWithVectors: TopicWithVectors = { ...draft, vectors: vectorsOf(topicEmbeddingTexts(draft).length) };
    // Unchanged topics are the same objects before and after: their similarities are measured once per ticket.
    const after = [...before.filter((topic) => topic.id !== replaces), draftWithVectors].sort((a, b) => a.name.localeCompare(b.name));
    return { tickets, before, after };
  }
}

const withoutId = ({ id: _id, ...draft }: TopicTestDraft): TopicDraft => draft;
