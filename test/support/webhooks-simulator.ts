import { randomBytes } from 'node:crypto';
import { isoSeconds, paginate, Reply, signZendeskWebhook } from './simulator-http';

// The Zendesk simulator's webhooks and triggers (Webhooks API, Triggers API), and the deliveries they make,
// written from Zendesk's API reference. Only an admin may list or create them (403 otherwise).
//
// Deliveries: when a ticket is created (update_type Create) or a comment is added (update_type Change) through
// the simulator's test helpers, every active trigger whose conditions hold runs its `notification_webhook`
// actions: the action's JSON body, with `{{ticket.id}}` rendered, is POSTed to the active webhook's endpoint,
// signed as Zendesk signs (base64 HMAC-SHA256 of timestamp + body, X-Zendesk-Webhook-Signature[-Timestamp]).
// Conditions honoured: `update_type` with `is` / `is_not` (Create, Change), `all` and `any` as Zendesk combines
// them; any other condition counts as met. Ticket changes made through the API (Assist's own notes) fire nothing.

export interface SimWebhook {
  id: string;
  name: string;
  endpoint: string;
  http_method: string;
  request_format: string;
  status: 'active' | 'inactive';
  subscriptions: string[];
  authentication?: unknown;
  created_at: string;
  signing_secret: string;
}

interface SimCondition { field: string; operator: string; value: unknown }

export interface SimTrigger {
  id: number;
  title: string;
  active: boolean;
  position: number;
  conditions: { all: SimCondition[]; any: SimCondition[] };
  actions: { field: string; value: unknown }[];
  created_at: string;
  updated_at: string;
}

// One POST the simulator made to a webhook: `status` what the endpoint answered, or `error` if it could not be reached.
export interface SimDelivery { webhookId: string; triggerId: number; ticketId: string; endpoint: string; body: string; status?: number; error?: string }

type UpdateType = 'Create' | 'Change';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const REQUEST_FORMATS = ['json', 'xml', 'form_encoded'];
const forbiddenWebhooks: Reply = { status: 403, body: { errors: [{ code: 'Forbidden', title: 'Forbidden', detail: 'You do not have access to this resource' }] } };
const forbiddenTriggers: Reply = { status: 403, body: { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' } };

export class WebhooksSimulator {
  readonly webhooks: SimWebhook[] = [];
  readonly triggers: SimTrigger[] = [];
  readonly deliveries: SimDelivery[] = [];
  // Caps list pages, so a handful of webhooks or triggers spans several pages.
  pageSize = 100;
  private readonly pending = new Set<Promise<void>>();
  private lastWebhook = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly nextId: () => number,
  ) {}

  route(method: string, path: string, url: URL, body: Record<string, any>, isAdmin: boolean): Reply | null {
    const signing = /^\/api\/v2\/webhooks\/([^/]+)\/signing_secret$/.exec(path);
    if (path === '/api/v2/webhooks' || signing) {
      if (!isAdmin) return forbiddenWebhooks;
      if (signing && method === 'GET') {
        const webhook = this.webhooks.find((w) => w.id === signing[1]);
        if (!webhook) return { status: 404, body: { errors: [{ code: 'WebhookNotFound', title: 'Webhook not found' }] } };
        return { status: 200, body: { signing_secret: { algorithm: 'SHA256', secret: webhook.signing_secret } } };
      }
      if (method === 'GET' && !signing) {
        const { items, ...page } = paginate(this.webhooks, url, this.pageSize, this.baseUrl);
        return { status: 200, body: { webhooks: items.map(webhookView), ...page } };
      }
      if (method === 'POST' && !signing) return this.createWebhook(body.webhook);
    }
    if (path === '/api/v2/triggers.json' || path === '/api/v2/triggers') {
      if (!isAdmin) return forbiddenTriggers;
      if (method === 'GET') {
        const { items, ...page } = paginate(this.triggers, url, this.pageSize, this.baseUrl);
        return { status: 200, body: { triggers: items, ...page, count: this.triggers.length } };
      }
      if (method === 'POST') return this.createTrigger(body.trigger);
    }
    return null;
  }

  // A ticket was created or a comment added through the test helpers: the triggers run, deliveries go out.
  ticketEvent(ticketId: string, updateType: UpdateType): void {
    for (const trigger of [...this.triggers].sort((a, b) => a.position - b.position)) {
      if (!trigger.active || !conditionsHold(trigger.conditions, updateType)) continue;
      for (const action of trigger.actions) {
        if (action.field !== 'notification_webhook' || !Array.isArray(action.value)) continue;
        const [webhookId, template] = action.value as unknown[];
        const webhook = this.webhooks.find((w) => w.id === String(webhookId) && w.status === 'active');
        if (!webhook) continue;
        const body = String(template ?? '').replaceAll('{{ticket.id}}', ticketId);
        this.deliver({ webhookId: webhook.id, triggerId: trigger.id, ticketId, endpoint: webhook.endpoint, body }, webhook);
      }
    }
  }

  // Resolves when every delivery made so far (and any made meanwhile) has been answered; the deliveries so far.
  async settled(): Promise<SimDelivery[]> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    return [...this.deliveries];
  }

  private deliver(delivery: SimDelivery, webhook: SimWebhook): void {
    this.deliveries.push(delivery);
    const timestamp = isoSeconds(Date.now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
      'X-Zendesk-Webhook-Signature': signZendeskWebhook(webhook.signing_secret, timestamp, delivery.body),
      'X-Zendesk-Webhook-Id': webhook.id,
    };
    const sent: Promise<void> = fetch(delivery.endpoint, { method: webhook.http_method, headers, body: delivery.body })
      .then(async (response) => {
        delivery.status = response.status;
        await response.body?.cancel();
      })
      .catch((error: Error) => {
        delivery.error = error.message;
      })
      .finally(() => this.pending.delete(sent));
    this.pending.add(sent);
  }

  private createWebhook(input: Record<string, any> | undefined): Reply {
    const problems: { pointer: string; detail: string }[] = [];
    const required = (field: string, ok: boolean, detail: string) => ok || problems.push({ pointer: `/webhook/${field}`, detail });
    required('name', typeof input?.name === 'string' && input.name.trim() !== '', 'name is required');
    required('endpoint', typeof input?.endpoint === 'string' && /^https?:\/\/\S+$/.test(input.endpoint), 'endpoint must be an absolute http(s) URL');
    required('http_method', HTTP_METHODS.includes(input?.http_method), `http_method must be one of ${HTTP_METHODS.join(', ')}`);
    required('request_format', REQUEST_FORMATS.includes(input?.request_format), `request_format must be one of ${REQUEST_FORMATS.join(', ')}`);
    required('status', input?.status === 'active' || input?.status === 'inactive', 'status must be active or inactive');
    required('subscriptions', Array.isArray(input?.subscriptions) && input.subscriptions.length > 0, 'subscriptions must name at least one event type');
    if (problems.length > 0) {
      return { status: 400, body: { errors: problems.map(({ pointer, detail }) => ({ code: 'InvalidValue', title: 'Invalid value', detail, source: { pointer } })) } };
    }
    const webhook: SimWebhook = {
      id: `01SIMWEBHOOK${String(++this.lastWebhook).padStart(14, '0')}`,
      name: input!.name,
      endpoint: input!.endpoint,
      http_method: input!.http_method,
      request_format: input!.request_format,
      status: input!.status,
      subscriptions: [...input!.subscriptions],
      ...(input!.authentication === undefined ? {} : { authentication: input!.authentication }),
      created_at: isoSeconds(Date.now() / 1000),
      signing_secret: randomBytes(32).toString('base64'),
    };
    this.webhooks.push(webhook);
    return { status: 201, body: { webhook: webhookView(webhook) } };
  }

  private createTrigger(input: Record<string, any> | undefined): Reply {
    const details: Record<string, { description: string; error: string }[]> = {};
    const invalid = (field: string, description: string, error = 'InvalidValue') => (details[field] ??= []).push({ description, error });
    if (typeof input?.title !== 'string' || input.title.trim() === '') invalid('title', 'Title: cannot be blank', 'BlankValue');
    const conditions = { all: listOf(input?.conditions?.all), any: listOf(input?.conditions?.any) };
    if (conditions.all.length + conditions.any.length === 0) invalid('base', 'Conditions: must have at least one condition');
    const actions = listOf(input?.actions);
    if (actions.length === 0) invalid('base', 'Actions: cannot be blank', 'BlankValue');
    for (const action of actions) {
      if (action?.field !== 'notification_webhook') continue;
      const [webhookId, body] = Array.isArray(action.value) ? action.value : [];
      if (!this.webhooks.some((w) => w.id === String(webhookId))) invalid('base', `Notify active webhook: webhook ${String(webhookId)} does not exist`);
      if (typeof body !== 'string') invalid('base', 'Notify active webhook: the request body must be a string');
    }
    if (Object.keys(details).length > 0) return { status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details } };
    const now = isoSeconds(Date.now() / 1000);
    const trigger: SimTrigger = {
      id: this.nextId(),
      title: input!.title,
      active: input!.active !== false,
      position: this.triggers.length + 1,
      conditions: conditions as SimTrigger['conditions'],
      actions: actions as SimTrigger['actions'],
      created_at: now,
      updated_at: now,
    };
    this.triggers.push(trigger);
    return { status: 201, body: { trigger } };
  }
}

// Zendesk: every `all` condition and, if there are any, at least one `any` condition.
function conditionsHold(conditions: SimTrigger['conditions'], updateType: UpdateType): boolean {
  const holds = (condition: SimCondition) => {
    if (condition.field !== 'update_type') return true;
    if (condition.operator === 'is') return condition.value === updateType;
    if (condition.operator === 'is_not') return condition.value !== updateType;
    return true;
  };
  return conditions.all.every(holds) && (conditions.any.length === 0 || conditions.any.some(holds));
}

const listOf = (value: unknown): any[] => (Array.isArray(value) ? value : []);

// The signing secret is only ever shown by its own endpoint.
function webhookView({ signing_secret: _secret, ...webhook }: SimWebhook) {
  return webhook;
}
