import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TopicMatchCounts } from '../application/ports/topic-match-counts';

// Reads `decisions`, written by the assist pipeline: each decision's `evidence.topics` lists the topics it matched.
@Injectable()
export class PostgresTopicMatchCounts extends TopicMatchCounts {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async countSince(organizationId: string, since: Date): Promise<Map<string, number>> {
    const rows: { name: string; matches: string }[] = await this.db.query(
      `SELECT topic->>'name' AS name, count(DISTINCT d.id) AS matches
         FROM decisions d
         CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(d.evidence->'topics') WHEN 'array' THEN d.evidence->'topics' ELSE '[]' END) topic
        WHERE d.organization_id = $1 AND d.created_at >= $2
        GROUP BY 1`,
      [organizationId, since],
    );
    return new Map(rows.map((row) => [row.name, Number(row.matches)]));
  }
}
