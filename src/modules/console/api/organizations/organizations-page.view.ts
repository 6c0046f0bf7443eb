import { html } from '../../../../shared/web/html';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { FormState, OrganizationFormValues } from './organization-forms';
import { consolePage, csrfField, describedBy, fieldProblems, Notice, when } from '../console-layout.view';

export interface OrganizationsPage {
  organizations: Organization[];
  nextCursor: string | null;
  session: { principal: AdminPrincipal; csrfToken: string };
  // A create form that was refused: shown again with what the admin typed.
  refused?: FormState<OrganizationFormValues>;
  notice?: Notice;
}

export function renderOrganizations({ organizations, nextCursor, session, refused, notice }: OrganizationsPage): string {
  const values = refused?.values ?? { name: '', subdomain: '', email: '' };
  const problems = refused?.problems ?? {};
  const input = (id: keyof OrganizationFormValues | 'apiToken' | 'webhookSigningSecret', label: string, type: string, extra = '', required = true) => html`
  <label for="${id}">${label}</label>
  <input type="${type}" id="${id}" name="${id}"${required && ' required'}${describedBy(id, problems[id])} value="${id in values ? values[id as keyof OrganizationFormValues] : ''}"${extra && html` autocomplete="${extra}"`}>
  ${fieldProblems(id, problems[id])}`;
  const body = html`<h1>Organizations</h1>
<section class="card" aria-labelledby="list-title">
<h2 id="list-title">All organizations, newest first</h2>
${organizations.length === 0
  ? html`<p>None yet: create the first one below.</p>`
  : html`<table>
<thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Created</th><th scope="col">Assist</th></tr></thead>
<tbody>${organizations.map((o) => html`<tr><td><a href="/console/organizations/${o.id}">${o.name}</a></td><td><code>${o.id}</code></td><td>${when(o.createdAt)}</td><td>${o.settings.assistEnabled ? 'On' : 'Off'}</td></tr>`)}</tbody>
</table>`}
${nextCursor && html`<p><a href="/console/organizations?cursor=${encodeURIComponent(nextCursor)}">Older organizations</a></p>`}
</section>
<section class="card" aria-labelledby="create-title">
<h2 id="create-title">Create an organization</h2>
<p class="muted">Its Zendesk account: an admin agent's email and API token. Then <em>Connect Zendesk</em> on its page tests the token and creates the webhook and trigger, or shows how to create them by hand (docs/zendesk-setup.md).</p>
${refused && html`<p class="field-error">Nothing was created: fix the fields marked below. For safety the API token and signing secret are not shown again; paste them once more.</p>`}
<form method="post" action="/console/organizations">
  ${csrfField(session.csrfToken)}
  ${input('name', 'Name', 'text', 'organization')}
  ${input('subdomain', 'Zendesk subdomain (acme for acme.zendesk.com)', 'text', 'off')}
  ${input('email', 'Zendesk agent email', 'email', 'email')}
  ${input('apiToken', 'Zendesk API token', 'password', 'off')}
  ${input('webhookSigningSecret', 'Webhook signing secret (optional: leave it blank when Assist creates the webhook for you; 16 characters or more)', 'password', 'off', false)}
  <button type="submit">Create organization</button>
</form>
</section>`;
  return consolePage('Organizations', body, session, notice);
}

export function renderDeleteConfirmation(organization: Organization, session: { principal: AdminPrincipal; csrfToken: string }): string {
  const body = html`<section class="card" aria-labelledby="delete-title">
<h1 id="delete-title">Delete ${organization.name}?</h1>
<p>This deletes the organization and all its data: articles, topics, decisions, API keys and the audit log. Its webhook then answers 404. It cannot be undone.</p>
<form method="post" action="/console/organizations/${organization.id}/delete">
  ${csrfField(session.csrfToken)}
  <button type="submit" class="danger">Delete ${organization.name}</button>
</form>
<p><a href="/console/organizations/${organization.id}">Cancel: keep it</a></p>
</section>`;
  return consolePage(`Delete ${organization.name}`, body, session);
}
