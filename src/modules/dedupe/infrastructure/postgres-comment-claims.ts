import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool } from '../../../shared/database/prepared-statement';
import { CommentClaim, CommentClaims } from '../application/ports/comment-claims';

// Who wins a comment already claimed: the event that holds it (its own retries), or anyone once the claim is
// older than the window. Also taken inside the pipeline's ticket read (PostgresAssistRecords.recordTicketRead).
export const claimConflict = (windowHours: string) => `ON CONFLICT (organization_id, ticket_id, comment_id) DO UPDATE
         SET event_id = EXCLUDED.event_id, claimed_at = now()
         WHERE comment_claims.event_id = EXCLUDED.event_id
            OR comment_claims.claimed_at < now() - make_interval(hours => ${windowHours})
       RETURNING 1`;

@Injectable()
export class PostgresCommentClaims extends CommentClaims {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly location: DatabaseLocation,
  ) {
    super();
  }

  // One statement on a primary key: concurrent redeliveries serialise on the row, and exactly one wins. Prepared:
  // one a ticket, planned once per connection.
  async claim({ organizationId, ticketId, commentId, eventId, windowHours }: CommentClaim): Promise<boolean> {
    const rows = await queryPreparedOnPool<unknown[]>(
      this.db,
      this.location,
      `INSERT INTO comment_claims (organization_id, ticket_id, comment_id, event_id)
       VALUES ($1, $2, $3, $4) ${claimConflict('$5')}`,
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
