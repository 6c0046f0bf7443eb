// What connecting a Zendesk account involves: who the API token acts as, and the webhook and trigger that call
// Assist. Pure rules and definitions; the adapter (zendesk-admin.gateway.ts) sends them.

// The token's user as `GET /api/v2/users/me.json` reports it. Zendesk may answer 200 with an anonymous user
// (id null, role end-user) instead of a 401 when the credentials do not authenticate.
export interface ZendeskApiUser {
  id: string | null;
  name: string;
  email: string | null;
  role: string;
}

export type ConnectionAccess = 'admin' | 'agent' | 'unusable';

export interface ConnectionVerdict {
  access: ConnectionAccess;
  // What Assist can do with this token, in the admin's words.
  summary: string;
}

// Notes and tags need an agent; creating webhooks and triggers needs an admin.
export function connectionVerdict(user: ZendeskApiUser): ConnectionVerdict {
  if (user.id === null) {
    return { access: 'unusable', summary: 'Zendesk did not recognise these credentials (it answered as an anonymous user): check the agent email and the API token.' };
  }
  if (user.role === 'admin') {
    return { access: 'admin', summary: 'An admin: Assist can post internal notes and add tags, and can create the webhook and the trigger for you.' };
  }
  if (user.role === 'agent') {
    return { access: 'agent', summary: 'An agent: Assist can post internal notes and add tags. Creating the webhook and the trigger needs an admin: create them by hand.' };
  }
  return { access: 'unusable', summary: `A ${user.role}: this user can neither read tickets nor post notes. Use an agent’s or an admin’s API token.` };
}

export const WEBHOOK_NAME = 'Assist';
export const TRIGGER_TITLE = 'Assist: notify on ticket created or updated';
// What the trigger sends: the ticket id only (Assist reads the ticket itself from the API).
export const TRIGGER_BODY = '{ "ticket_id": "{{ticket.id}}" }';

// `POST /api/v2/webhooks`: a trigger-connected webhook (conditional_ticket_events); no authentication, as the
// signature is what our intake checks.
export interface WebhookDefinition {
  name: string;
  endpoint: string;
  http_method: 'POST';
  request_format: 'json';
  status: 'active';
  subscriptions: ['conditional_ticket_events'];
}

export function webhookDefinition(endpoint: string): WebhookDefinition {
  return { name: WEBHOOK_NAME, endpoint, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'] };
}

export interface TriggerCondition {
  field: string;
  operator: string;
  value: string | null;
}

export interface TriggerDefinition {
  title: string;
  conditions: { all: TriggerCondition[]; any: TriggerCondition[] };
  actions: { field: 'notification_webhook'; value: [string, string] }[];
}

// "Ticket is created or updated", as docs/zendesk-setup.md says.
export function triggerDefinition(webhookId: string): TriggerDefinition {
  return {
    title: TRIGGER_TITLE,
    conditions: {
      all: [],
      any: [
        { field: 'update_type', operator: 'is', value: 'Create' },
        { field: 'update_type', operator: 'is', value: 'Change' },
      ],
    },
    actions: [{ field: 'notification_webhook', value: [webhookId, TRIGGER_BODY] }],
  };
}

// A trigger's actions as Zendesk lists them: does one of them notify this webhook?
export function callsWebhook(actions: readonly { field?: unknown; value?: unknown }[], webhookId: string): boolean {
  return actions.some((action) => action.field === 'notification_webhook' && Array.isArray(action.value) && String(action.value[0]) === webhookId);
}

// Where "Create them for me" left things: each part found in place (reused) or made now.
export interface WebhookSetup {
  webhookId: string;
  webhook: 'created' | 'reused';
  triggerId: string;
  trigger: 'created' | 'reused';
}

export function setupSummary(setup: Pick<WebhookSetup, 'webhook' | 'trigger'>): string {
  if (setup.webhook === 'reused' && setup.trigger === 'reused') return 'The webhook and the trigger were already in Zendesk: nothing new was created.';
  if (setup.webhook === 'created' && setup.trigger === 'created') return 'Created the webhook and the trigger in Zendesk, and stored the webhook’s signing secret.';
  const made = setup.webhook === 'created' ? 'the webhook (its signing secret stored)' : 'the trigger';
  const kept = setup.webhook === 'created' ? 'the trigger' : 'the webhook';
  return `Created ${made} in Zendesk; ${kept} was already there and is reused.`;
}

// A failed call to Zendesk in the admin's words: what happened and what to do. `status` is Zendesk's HTTP answer
// (none for an unreachable host); `detail` what it said.
export function zendeskProblem(failure: { status?: number; detail: string }, doing: 'test' | 'create'): string {
  const { status, detail } = failure;
  if (status === 401) return 'Zendesk refused these credentials (401): check the agent email and the API token, and that token access is on in Admin Center → Apps and integrations → Zendesk API.';
  if (status === 403) {
    return doing === 'create'
      ? 'This token’s user is not an admin (Zendesk answered 403): create the webhook and the trigger by hand with the definitions below.'
      : 'Zendesk refused this token’s user (403): use an agent’s or an admin’s API token.';
  }
  if (status === 404) return 'Zendesk answered 404: check the subdomain (or base URL) of the account.';
  if (status === undefined || status === 429 || status >= 500) return `Zendesk could not be reached or is busy (${detail}): nothing was changed, try again in a minute.`;
  return `Zendesk refused the request: ${detail}`;
}
