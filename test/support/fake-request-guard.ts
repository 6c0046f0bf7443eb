import { Answer, Permit, RequestGuard } from '../../src/modules/zendesk/application/ports/request-guard';
import { RequestPriority } from '../../src/modules/zendesk/domain/request-budget';
import { ZendeskAccount } from '../../src/modules/zendesk/domain/ticket';

// Lets every request through at once and remembers what was asked and answered, for adapter tests that
// are about Zendesk's payloads, not the shared budget (that one is tested on PostgreSQL).
export class FakeRequestGuard extends RequestGuard {
  readonly acquired: RequestPriority[] = [];
  readonly answers: Answer[] = [];

  async acquire(_account: ZendeskAccount, priority: RequestPriority): Promise<Permit> {
    this.acquired.push(priority);
    return { probe: false };
  }

  async settle(_account: ZendeskAccount, _permit: Permit, answer: Answer): Promise<void> {
    this.answers.push(answer);
  }
}
