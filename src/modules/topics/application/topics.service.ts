import { Injectable } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { TopicChooser } from '../../llm/application/ports/topic-chooser';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { NoAssistMatching } from '../../organizations/domain/organization';
import { classifyTicket, needsSimilarity } from '../domain/classify-ticket';
import { lexicalSimilarities } from '../domain/lexical-similarity';
import { cosineSimilarity, SEMANTIC_THRESHOLDS, TopicSimilarity, topicEmbeddingTexts, topicSimilarity } from '../domain/semantic-match';
import { TicketForTopics, Topic, TopicDetails, TopicDraft, TopicMatch } from '../domain/topic';
import { TopicEmbedding, TopicRepository } from './ports/topic.repository';
import { EmbeddedTexts, sourceHash, topicNotFound } from './topic-texts';

@Injectable()
export class TopicsService {
  constructor(
    private readonly topics: TopicRepository,
    private readonly organizations: OrganizationsService,
    private readonly embedder: Embedder,
    private readonly chooser: TopicChooser,
  ) {}

  async create(organizationId: string, topic: TopicDraft): Promise<TopicDetails> {
    await this.organizations.get(organizationId);
    return this.topics.create(organizationId, topic, await this.embed(topic));
  }

  async list(organizationId: string): Promise<TopicDetails[]> {
    await this.organizations.get(organizationId);
    return this.topics.listForOrganization(organizationId);
  }

  async get(organizationId: string, topicId: string): Promise<TopicDetails> {
    const topic = await this.topics.find(organizationId, topicId);
    if (!topic) throw topicNotFound(topicId);
    return topic;
  }

  async update(organizationId: string, topicId: string, changes: Partial<TopicDraft>): Promise<TopicDetails> {
    const current = await this.get(organizationId, topicId);
    const next = { ...current, ...changes };
    const textsChanged = sourceHash(next) !== sourceHash(current);
    const topic = await this.topics.update(organizationId, topicId, changes, textsChanged ? await this.embed(next) : null);
    if (!topic) throw topicNotFound(topicId);
    return topic;
  }

  // A rep's example from a training page, counted in `examplesFromReps` until an admin removes it. An example the
  // topic already has stays whoever's it was. Appended under a row lock, so two reps at once both add theirs; should
  // the examples have changed since they were read here, the vectors' hash tells and the next ticket embeds again.
  async addExampleFromRep(organizationId: string, topicId: string, example: string): Promise<TopicDetails> {
    const current = await this.get(organizationId, topicId);
    if (current.examples.includes(example)) return current;
    const topic = await this.topics.addExampleFromRep(organizationId, topicId, example, await this.embed({ ...current, examples: [...current.examples, example] }));
    if (!topic) throw topicNotFound(topicId);
    return topic;
  }

  async delete(organizationId: string, topicId: string): Promise<void> {
    if (!(await this.topics.delete(organizationId, topicId))) throw topicNotFound(topicId);
  }

  // Rules first (Zendesk tags, keywords), then the closest topic by similarity, then the LLM; each stage only when
  // the ones before found nothing, except that the no-assist list is always checked by similarity too: a rule
  // naming an assisted topic must not hide a no-assist one. Topics are read on every ticket, from a copy each instance
  // keeps until the database notifies a change: an edit applies on the next webhook, on every instance.
  async classify(organizationId: string, ticket: TicketForTopics, noAssistMatching: NoAssistMatching = 'strict'): Promise<TopicMatch[]> {
    const topics = await this.topics.listForOrganization(organizationId);
    if (topics.length === 0) return [];
    const byRule = classifyTicket(ticket, topics, null);
    const threshold = this.semanticThreshold;
    if (threshold !== undefined && needsSimilarity(byRule, topics)) {
      // Measured only now: it costs an embedding and a query. The rules run again inside.
      const similarities = await this.similaritiesTo(organizationId, topics, ticket.text);
      const matches = classifyTicket(ticket, topics, { threshold, policy: noAssistMatching, similarities: () => similarities });
      if (matches.length > 0) return matches;
    }
    if (byRule.length > 0) return byRule;
    const chosen = await this.chooser.choose({ text: ticket.text, topics: topics.map(({ name, description, examples }) => ({ name, description, examples })) });
    return topics
      .filter((topic) => chosen.includes(topic.name))
      .map((topic) => ({ topicId: topic.id, name: topic.name, noAssist: topic.noAssist, because: 'llm' }));
  }

  // The admin API's trial run, to see what a ticket would match and why before relying on it.
  async tryClassification(organizationId: string, ticket: TicketForTopics): Promise<TopicMatch[]> {
    const organization = await this.organizations.get(organizationId);
    return this.classify(organizationId, ticket, organization.settings.noAssistMatching);
  }

  // Every topic's similarity to a text, whatever the threshold: what the semantic stage decides on.
  async similarities(organizationId: string, text: string): Promise<TopicSimilarity[]> {
    return this.similaritiesTo(organizationId, await this.topics.listForOrganization(organizationId), text);
  }

  // One embedding and one query; topics without vectors of the current model and texts (created before this
  // model was configured, or edited concurrently) are embedded now and stored for the next ticket. The word
  // overlap is computed here, from the topics' texts.
  private async similaritiesTo(organizationId: string, topics: Topic[], text: string): Promise<TopicSimilarity[]> {
    const [vector] = await this.embedder.embed([text]);
    const stored = await this.topics.findTextSimilarities(organizationId, this.embedder.model, vector);
    const cosines = new Map<string, number[]>();
    const stale: Topic[] = [];
    for (const topic of topics) {
      const hash = sourceHash(topic);
      const found = stored.find((row) => row.topicId === topic.id && row.sourceHash === hash);
      if (found) cosines.set(topic.id, found.similarities);
      else stale.push(topic);
    }
    if (stale.length > 0) {
      // One call for all of them: after a model change the first ticket embeds every topic.
      const vectors = await this.embedder.embed(stale.flatMap(topicEmbeddingTexts));
      for (const topic of stale) {
        const embedding = { model: this.embedder.model, sourceHash: sourceHash(topic), vectors: vectors.splice(0, topicEmbeddingTexts(topic).length) };
        await this.topics.saveEmbedding(organizationId, topic.id, embedding);
        cosines.set(topic.id, embedding.vectors.map((v) => cosineSimilarity(vector, v)));
      }
    }
    const overlaps = lexicalSimilarities(text, topics.map((topic) => ({ topicId: topic.id, texts: topicEmbeddingTexts(topic) })));
    return topics.map((topic) => topicSimilarity(topic.id, cosines.get(topic.id)!, overlaps.get(topic.id)!));
  }

  // Only for a model with a semantic stage; with another, nothing reads the vectors.
  private async embed(topic: EmbeddedTexts): Promise<TopicEmbedding | null> {
    if (this.semanticThreshold === undefined) return null;
    return { model: this.embedder.model, sourceHash: sourceHash(topic), vectors: await this.embedder.embed(topicEmbeddingTexts(topic)) };
  }

  private get semanticThreshold(): number | undefined {
    return SEMANTIC_THRESHOLDS[this.embedder.model];
  }
}
