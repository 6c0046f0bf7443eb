import { RequestPriority } from '../../domain/request-budget';
import { ZendeskAccount } from '../../domain/ticket';

// Leave to send one request, from the account's shared state.
export interface Permit {
  probe: boolean;
}

// What came back: an HTTP status (with its Retry-After), or no answer at all.
export interface Answer {
  status: number | 'network';
  retryAfter: string | null;
}

// The account's request budget, Retry-After pause and circuit breaker, shared by every instance.
export abstract class RequestGuard {
  // Resolves when a request may go out; waits a little, or throws a transient ZendeskError whose
  // `retryAt` says when to try again (a paused account, an open breaker, an exhausted budget).
  abstract acquire(account: ZendeskAccount, priority: RequestPriority): Promise<Permit>;

  // Every permit's answer: records pauses, failures and recoveries for every caller of the account.
  abstract settle(account: ZendeskAccount, permit: Permit, answer: Answer): Promise<void>;
}
