import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommentClaim, CommentClaims } from '../application/ports/comment-claims';

@Injectable()
export class PostgresCommentClaims extends CommentClaims {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  // One statement on a primary key: concurrent redeliveries serialise on the row, and exactly one wins.
  async claim({ organizationId, ticketId, commentId, eventId, windowHours }: CommentClaim): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO comment_claims (organization_id, ticket_id, comment_id, event_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id, ticket_id, comment_id) DO UPDATE
         SET event_id = EXCLUDED.event_id, claimed_at = now()
         WHERE comment_claims.event_id = EXCLUDED.event_id
            OR comment_claims.claimed_at < now() - make_interval(hours => $5)
       RETURNING 1`,
      [organizationId, ticketId, commentId, eventId, windowHours],
    );
    return rows.length === 1;
  }

  async release({ organizationId, ticketId, commentId, eventId }: Omit<CommentClaim, 'windowHours'>): Promise<void> {
    await this.db.query(
      `DELETE FROM comment_claims WHERE organization_id = $1 AND ticket_id = $2 AND comment_id = $3 AND event_id = $4`,
      [organizationId, ticketId, commentId, eventId],
    );
  }
}
