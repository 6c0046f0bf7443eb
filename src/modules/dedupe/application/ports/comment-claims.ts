export interface CommentClaim {
  organizationId: string;
  ticketId: string;
  commentId: string;
  // The webhook event doing the work: its own retries may claim again, nobody else may.
  eventId: string;
  windowHours: number;
}

// "At most one suggestion or skip per customer comment per window", enforced by the database.
export abstract class CommentClaims {
  // true when this event now owns the comment; false when another event handled it within the window.
  abstract claim(claim: CommentClaim): Promise<boolean>;

  // Gives the comment back after a failure, so a later webhook can try again.
  abstract release(claim: Omit<CommentClaim, 'windowHours'>): Promise<void>;
}
