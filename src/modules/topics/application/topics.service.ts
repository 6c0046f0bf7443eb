import { Injectable } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { TopicChooser } from '../../llm/application/ports/topic-chooser';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { classifyTicket } from '../domain/classify-ticket';
import { cosineSimilarity, SEMANTIC_THRESHOLDS, TopicSimilarity, topicEmbeddingTexts } from '../domain/semantic-match';
import { TicketForTopics, Topic, TopicDraft, TopicMatch } from '../domain/topic';
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

  async create(organizationId: string, topic: TopicDraft): Promise<Topic> {
    await this.organizations.get(organizationId);
    return this.topics.create(organizationId, topic, await this.embed(topic));
  }

  async list(organizationId: string): Promise<Topic[]> {
    await this.organizations.get(organizationId);
    return this.topics.listForOrganization(organizationId);
  }

  async get(organizationId: string, topicId: string): Promise<Topic> {
    const topic = await this.topics.find(organizationId, topicId);
    if (!topic) throw topicNotFound(topicId);
    return topic;
  }

  async update(organizationId: string, topicId: string, changes: Partial<TopicDraft>): Promise<Topic> {
    const current = await this.get(organizationId, topicId);
    const next = { ...current, ...changes };
    const textsChanged = sourceHash(next) !== sourceHash(current);
    const topic = await this.topics.update(organizationId, topicId, changes, textsChanged ? await this.embed(next) : null);
    if (!topic) throw topicNotFound(topicId);
    return topic;
  }

  async delete(organizationId: string, topicId: string): Promise<void> {
    if (!(await this.topics.delete(organizationId, topicId))) throw topicNotFound(topicId);
  }

  // Rules first (Zendesk tags, keywords), then the closest topic by embedding, then the LLM; each stage only when
  // the ones before found nothing. Topics are read fresh on every ticket: an edit applies on the next webhook, on
  // every instance.
  async classify(organizationId: string, ticket: TicketForTopics): Promise<TopicMatch[]> {
    const topics = await this.topics.listForOrganization(organizationId);
    if (topics.length === 0) return [];
    const byRule = classifyTicket(ticket, topics, null);
    if (byRule.length > 0) return byRule;
    const threshold = this.semanticThreshold;
    if (threshold !== undefined) {
      // Measured only now: it costs an embedding and a query. The rules run again inside, and match nothing again.
      const similarities = await this.similaritiesTo(organizationId, topics, ticket.text);
      const bySimilarity = classifyTicket(ticket, topics, { threshold, similarities: () => similarities });
      if (bySimilarity.length > 0) return bySimilarity;
    }
    const chosen = await this.chooser.choose({ text: ticket.text, topics: topics.map(({ name, description, examples }) => ({ name, description, examples })) });
    return topics
      .filter((topic) => chosen.includes(topic.name))
      .map((topic) => ({ topicId: topic.id, name: topic.name, noAssist: topic.noAssist, because: 'llm' }));
  }

  // The admin API's trial run, to see what a ticket would match and why before relying on it.
  async tryClassification(organizationId: string, ticket: TicketForTopics): Promise<TopicMatch[]> {
    await this.organizations.get(organizationId);
    return this.classify(organizationId, ticket);
  }

  // Every topic's similarity to a text, whatever the threshold: what the semantic stage decides on.
  async similarities(organizationId: string, text: string): Promise<TopicSimilarity[]> {
    return this.similaritiesTo(organizationId, await this.topics.listForOrganization(organizationId), text);
  }

  // One embedding and one query; topics without vectors of the current model and texts (created before this
  // model was configured, or edited concurrently) are embedded now and stored for the next ticket.
  private async similaritiesTo(organizationId: string, topics: Topic[], text: string): Promise<TopicSimilarity[]> {
    const [vector] = await this.embedder.embed([text]);
    const stored = await this.topics.findSimilarities(organizationId, this.embedder.model, vector);
    const similarities: TopicSimilarity[] = [];
    const stale: Topic[] = [];
    for (const topic of topics) {
      const hash = sourceHash(topic);
      const found = stored.find((row) => row.topicId === topic.id && row.sourceHash === hash);
      if (found) similarities.push({ topicId: topic.id, similarity: found.similarity });
      else stale.push(topic);
    }
    if (stale.length === 0) return similarities;
    // One call for all of them: after a model change the first ticket embeds every topic.
    const vectors = await this.embedder.embed(stale.flatMap(topicEmbeddingTexts));
    for (const topic of stale) {
      const embedding = { model: this.embedder.model, sourceHash: sourceHash(topic), vectors: vectors.splice(0, topicEmbeddingTexts(topic).length) };
      await this.topics.saveEmbedding(organizationId, topic.id, embedding);
      similarities.push({ topicId: topic.id, similarity: Math.max(...embedding.vectors.map((v) => cosineSimilarity(vector, v))) });
    }
    return similarities;
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
