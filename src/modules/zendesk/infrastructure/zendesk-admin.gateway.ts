import { Injectable, Optional } from '@nestjs/common';
import { RequestGuard } from '../application/ports/request-guard';
import { ZendeskAdminGateway } from '../application/ports/zendesk-admin-gateway';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { callsWebhook, TriggerDefinition, WebhookDefinition, ZendeskApiUser } from '../domain/zendesk-setup';
import { vendorText } from './vendor-text';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

type VendorId = number | string;

interface CursorPage {
  meta?: { has_more?: boolean };
  links?: { next?: string | null };
}

interface WebhooksPage extends CursorPage {
  webhooks?: { id: VendorId; endpoint?: string }[];
}

interface TriggersPage extends CursorPage {
  triggers?: { id: VendorId; actions?: { field?: unknown; value?: unknown }[] }[];
}

const PAGE_SIZE = 100;

// Users, webhooks and triggers on our own transport (budget, breaker and Retry-After of every Zendesk call): typed
// reads that follow Zendesk's cursor pagination, which node-zendesk's webhooks and triggers clients do not.
// An admin is waiting at the console, so these go with webhook work's priority.
@Injectable()
export class HttpZendeskAdminGateway extends ZendeskAdminGateway {
  private readonly http: ZendeskHttp;

  constructor(guard: RequestGuard, @Optional() retry: RetryPolicy = new RetryPolicy()) {
    super();
    this.http = new ZendeskHttp(guard, retry, 'webhook');
  }

  async currentUser(account: ZendeskAccount): Promise<ZendeskApiUser> {
    const { user } = await this.http.getJson<{ user?: { id?: VendorId | null; name?: string | null; email?: string | null; role?: string | null } }>(account, `${base(account)}/api/v2/users/me.json`);
    return {
      id: user?.id === null || user?.id === undefined ? null : String(user.id),
      name: vendorText.line(user?.name ?? ''),
      email: user?.email ? vendorText.line(user.email) : null,
      role: vendorText.code(user?.role ?? 'end-user'),
    };
  }

  async findWebhookTo(account: ZendeskAccount, endpoint: string): Promise<string | null> {
    for await (const page of this.pages<WebhooksPage>(account, `${base(account)}/api/v2/webhooks`)) {
      const found = page.webhooks?.find((webhook) => webhook.endpoint === endpoint);
      if (found) return String(found.id);
    }
    return null;
  }

  async createWebhook(account: ZendeskAccount, webhook: WebhookDefinition): Promise<string> {
    const { webhook: created } = await this.http.postJson<{ webhook?: { id?: VendorId } }>(account, `${base(account)}/api/v2/webhooks`, { webhook });
    return idOf(created?.id, 'webhook');
  }

  async webhookSigningSecret(account: ZendeskAccount, webhookId: string): Promise<string> {
    const url = `${base(account)}/api/v2/webhooks/${encodeURIComponent(webhookId)}/signing_secret`;
    const { signing_secret: signing } = await this.http.getJson<{ signing_secret?: { secret?: unknown } }>(account, url);
    if (typeof signing?.secret !== 'string' || signing.secret === '') throw new ZendeskError(ZendeskErrorCode.Rejected, 'Zendesk answered no signing secret for the webhook');
    return signing.secret;
  }

  async findTriggerCalling(account: ZendeskAccount, webhookId: string): Promise<string | null> {
    for await (const page of this.pages<TriggersPage>(account, `${base(account)}/api/v2/triggers.json`)) {
      const found = page.triggers?.find((trigger) => callsWebhook(trigger.actions ?? [], webhookId));
      if (found) return String(found.id);
    }
    return null;
  }

  async createTrigger(account: ZendeskAccount, trigger: TriggerDefinition): Promise<string> {
    const { trigger: created } = await this.http.postJson<{ trigger?: { id?: VendorId } }>(account, `${base(account)}/api/v2/triggers.json`, { trigger });
    return idOf(created?.id, 'trigger');
  }

  // Cursor pages (`page[size]`, then `links.next` while `meta.has_more`).
  private async *pages<Page extends CursorPage>(account: ZendeskAccount, first: string): AsyncGenerator<Page> {
    let url: string | null = `${first}?page[size]=${PAGE_SIZE}`;
    while (url) {
      const page: Page = await this.http.getJson<Page>(account, url);
      yield page;
      url = page.meta?.has_more && page.links?.next ? page.links.next : null;
    }
  }
}

const base = (account: ZendeskAccount) => account.baseUrl.replace(/\/+$/, '');

function idOf(id: VendorId | undefined, what: string): string {
  if (id === undefined || id === null || String(id) === '') throw new ZendeskError(ZendeskErrorCode.Rejected, `Zendesk answered no id for the new ${what}`);
  return String(id);
}
