import { html, SafeHtml } from '../../../../shared/web/html';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { triggerDefinition, webhookDefinition } from '../../../zendesk/domain/zendesk-setup';
import { ConnectionTest } from '../../application/zendesk-connection.service';
import { deliveryVerdict, DeliverySeen, SentTest, sentTestVerdict } from '../../domain/webhook-check';
import { FormState } from '../organizations/organization-forms';
import { consolePage, csrfField, describedBy, fieldProblems, Notice, when } from '../console-layout.view';
import { ConnectionFormValues } from './zendesk-forms';

type Session = { principal: AdminPrincipal; csrfToken: string };

export interface ZendeskPage {
  organization: Organization;
  webhookUrl: string;
  // The operator allows base URLs other than https://*.zendesk.com (ZENDESK_ALLOW_INSECURE_BASE_URL).
  baseUrlAllowed: boolean;
  connection: FormState<ConnectionFormValues>;
  latest: (DeliverySeen & { ticketId: string | null; receivedAt: Date }) | null;
  tested?: ConnectionTest;
  sent?: { ticketId: string; problems: Record<string, string[]>; result?: SentTest };
  session: Session;
  notice?: Notice;
}

// The placeholder for the id Zendesk gives the webhook, in the trigger an admin creates by hand.
const WEBHOOK_ID_PLACEHOLDER = '<the webhook’s id>';

export function renderZendesk(view: ZendeskPage): string {
  const { organization, session, notice } = view;
  const base = `/console/organizations/${organization.id}`;
  const body = html`<p><a href="${base}">${organization.name}</a> › Connect Zendesk</p>
<h1>Connect Zendesk</h1>
${renderConnectionForm(view)}
${renderTest(base, session.csrfToken, view.tested)}
${renderWebhook(base, view.webhookUrl, session.csrfToken)}
${renderLatest(base, view.latest)}
${renderSendTest(base, session.csrfToken, view.sent)}`;
  return consolePage(`Connect Zendesk for ${organization.name}`, body, session, notice);
}

function renderConnectionForm({ organization, baseUrlAllowed, connection: { values, problems }, session }: ZendeskPage): SafeHtml {
  return html`<section class="card" aria-labelledby="connection-title">
<h2 id="connection-title">Zendesk account</h2>
${Object.keys(problems).length > 0 && html`<p class="field-error">Nothing was saved: fix the fields marked below.</p>`}
<form method="post" action="/console/organizations/${organization.id}/zendesk/connection">
  ${csrfField(session.csrfToken)}
  <label for="subdomain">Subdomain <span class="muted">(acme for acme.zendesk.com)</span></label>
  <input type="text" id="subdomain" name="subdomain" maxlength="63" value="${values.subdomain}" autocomplete="off" spellcheck="false"${describedBy('subdomain', problems.subdomain)}>
  ${fieldProblems('subdomain', problems.subdomain)}
  ${baseUrlAllowed && html`<label for="baseUrl">Or a base URL <span class="muted">(a simulator; this server allows other hosts than zendesk.com)</span></label>
  <input type="url" id="baseUrl" name="baseUrl" maxlength="2048" value="${values.baseUrl}" autocomplete="off" spellcheck="false"${describedBy('baseUrl', problems.baseUrl)}>
  ${fieldProblems('baseUrl', problems.baseUrl)}`}
  <label for="email">Agent email <span class="muted">(the user the API token belongs to)</span></label>
  <input type="email" id="email" name="email" required maxlength="320" value="${values.email}" autocomplete="off"${describedBy('email', problems.email)}>
  ${fieldProblems('email', problems.email)}
  <label for="apiToken">API token <span class="muted">(leave blank to keep the current one; it is never shown)</span></label>
  <input type="password" id="apiToken" name="apiToken" maxlength="512" autocomplete="off"${describedBy('apiToken', problems.apiToken)}>
  ${fieldProblems('apiToken', problems.apiToken)}
  <button type="submit">Save the connection</button>
</form>
</section>`;
}

function renderTest(base: string, csrfToken: string, tested: ConnectionTest | undefined): SafeHtml {
  return html`<section class="card" aria-labelledby="test-title">
<h2 id="test-title">Test the connection</h2>
<p>Asks Zendesk who the stored API token belongs to (<code>GET /api/v2/users/me.json</code>).</p>
<form method="post" action="${base}/zendesk/test">${csrfField(csrfToken)}<button type="submit">Test connection</button></form>
${tested && ('problem' in tested
  ? html`<div class="notice error" role="alert">${tested.problem}</div>`
  : html`<div class="notice ${tested.verdict.access === 'unusable' ? 'error' : 'ok'}" role="status">
<p>The token belongs to <strong>${tested.user.name || 'an unnamed user'}</strong>${tested.user.email && html` (${tested.user.email})`}, role <code>${tested.user.role}</code>.</p>
<p>${tested.verdict.summary}</p></div>`)}
</section>`;
}

function renderWebhook(base: string, webhookUrl: string, csrfToken: string): SafeHtml {
  const webhook = { webhook: webhookDefinition(webhookUrl) };
  const trigger = { trigger: triggerDefinition(WEBHOOK_ID_PLACEHOLDER) };
  return html`<section class="card" aria-labelledby="webhook-title">
<h2 id="webhook-title">The webhook and the trigger</h2>
<p>Zendesk calls Assist at <code>${webhookUrl}</code> through a webhook, which a trigger fires when a ticket is created or updated.</p>
<form method="post" action="${base}/zendesk/webhook">${csrfField(csrfToken)}<button type="submit">Create them for me</button></form>
<p class="muted">Needs an admin’s API token. Finds a webhook already sending here and a trigger already calling it, and creates only what is missing; stores the webhook’s signing secret here.</p>
<h3 id="webhook-definition">By hand: the webhook</h3>
<p>Admin Center → Apps and integrations → Webhooks, “Trigger or automation”; or <code>POST /api/v2/webhooks</code> with:</p>
<pre class="definition" tabindex="0" aria-labelledby="webhook-definition">${JSON.stringify(webhook, null, 2)}</pre>
<p>Then copy its signing secret into the organization (<code>PATCH /admin/organizations/:id</code>, <code>webhookSigningSecret</code>).</p>
<h3 id="trigger-definition">By hand: the trigger</h3>
<p>Admin Center → Objects and rules → Triggers; or <code>POST /api/v2/triggers</code> with (put the webhook’s id in place of ${WEBHOOK_ID_PLACEHOLDER}):</p>
<pre class="definition" tabindex="0" aria-labelledby="trigger-definition">${JSON.stringify(trigger, null, 2)}</pre>
</section>`;
}

function renderLatest(base: string, latest: ZendeskPage['latest']): SafeHtml {
  const verdict = latest && deliveryVerdict(latest);
  return html`<section class="card" aria-labelledby="latest-title">
<h2 id="latest-title">Last webhook received</h2>
${latest === null || verdict === null
  ? html`<p>None yet: once the trigger fires (or you send a test below), the latest delivery shows here.</p>`
  : html`<dl>
  <dt>When</dt><dd>${when(latest.receivedAt)}</dd>
  <dt>Verdict</dt><dd><span class="tag${verdict.accepted ? '' : ' no-assist'}">${verdict.accepted ? 'accepted' : 'refused'}</span> ${verdict.text}</dd>
  <dt>Ticket</dt><dd>${latest.ticketId ? html`<a href="${base}/tickets/${latest.ticketId}">Ticket ${latest.ticketId}: its timeline</a>` : 'not readable from the body'}</dd>
</dl>`}
</section>`;
}

function renderSendTest(base: string, csrfToken: string, sent: ZendeskPage['sent']): SafeHtml {
  const problems = sent?.problems ?? {};
  const result = sent?.result && sentTestVerdict(sent.result);
  return html`<section class="card" aria-labelledby="send-title">
<h2 id="send-title">Send a test</h2>
<p>Signs the trigger’s body for a real ticket with the stored signing secret, as Zendesk does, and passes it through the webhook’s own intake: Assist then handles the ticket as if Zendesk had called.</p>
<form method="post" action="${base}/zendesk/send-test">
  ${csrfField(csrfToken)}
  <label for="ticketId">Zendesk ticket id</label>
  <input type="text" id="ticketId" name="ticketId" required inputmode="numeric" maxlength="19" value="${sent?.ticketId ?? ''}"${describedBy('ticketId', problems.ticketId)}>
  ${fieldProblems('ticketId', problems.ticketId)}
  <button type="submit">Send a test</button>
</form>
${result && sent && html`<div class="notice ${result.accepted ? 'ok' : 'error'}" role="${result.accepted ? 'status' : 'alert'}"><p>${result.text}</p>
<p><a href="${base}/tickets/${sent.ticketId}">Ticket ${sent.ticketId}: its timeline</a></p></div>`}
</section>`;
}
