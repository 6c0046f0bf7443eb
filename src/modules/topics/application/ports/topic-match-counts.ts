// How many of the organization's decisions since a date matched each topic, by the name their evidence records.
export abstract class TopicMatchCounts {
  abstract countSince(organizationId: string, since: Date): Promise<Map<string, number>>;
}
