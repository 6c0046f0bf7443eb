import { html } from '../../../../shared/web/html';
import { AdminApiKey, MAX_API_KEY_NAME_LENGTH } from '../../../organizations/domain/admin-api-key';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { FormState } from '../organizations/organization-forms';
import { consolePage, csrfField, describedBy, fieldProblems, Notice, when } from '../console-layout.view';

type Session = { principal: AdminPrincipal; csrfToken: string };

export interface KeyFormValues {
  name: string;
}

const base = (organization: Organization) => `/console/organizations/${organization.id}/keys`;
const back = (organization: Organization) => html`<p><a href="/console/organizations/${organization.id}">${organization.name}</a> › <a href="${base(organization)}">API keys</a></p>`;
const isSessionKey = (session: Session, key: AdminApiKey) => session.principal.kind === 'organization' && session.principal.keyId === key.id;
const who = (actor: string) => (actor === 'operator' ? html`operator` : html`key <code>${actor}</code>`);

export interface KeysPage {
  organization: Organization;
  keys: AdminApiKey[];
  nextCursor: string | null;
  form: FormState<KeyFormValues>;
  session: Session;
  notice?: Notice;
}

export function renderKeys({ organization, keys, nextCursor, form: { values, problems }, session, notice }: KeysPage): string {
  const body = html`${back(organization)}
<h1>API keys</h1>
<section class="card" aria-labelledby="keys-title">
<h2 id="keys-title">${organization.name}’s keys, newest first</h2>
<p>Each key signs in to this console and calls the admin API for this organization only. Only its first characters are kept to recognise it; the key itself is shown once, when it is created.</p>
${keys.length === 0
  ? html`<p>No keys yet.</p>`
  : html`<table>
<thead><tr><th scope="col">Label</th><th scope="col">Starts with</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
<tbody>${keys.map((key) => html`<tr><td>${key.name}${isSessionKey(session, key) && html` <span class="muted">(this session)</span>`}</td><td><code>${key.prefix}…</code></td><td>${when(key.createdAt)} by ${who(key.createdBy)}</td><td>${key.lastUsedAt ? when(key.lastUsedAt) : 'never'}</td><td>${key.revokedAt ? `revoked ${when(key.revokedAt)}` : 'live'}</td><td>${key.revokedAt ? '' : html`<a href="${base(organization)}/${key.id}/revoke" aria-label="Revoke ${key.name}">Revoke…</a>`}</td></tr>`)}</tbody>
</table>`}
${nextCursor && html`<p><a href="${base(organization)}?cursor=${encodeURIComponent(nextCursor)}">Older keys</a></p>`}
</section>
<section class="card" aria-labelledby="create-title">
<h2 id="create-title">Create a key</h2>
${Object.keys(problems).length > 0 && html`<p class="field-error">No key was created: fix the field marked below.</p>`}
<form method="post" action="${base(organization)}">
  ${csrfField(session.csrfToken)}
  <label for="name">Label <span class="muted">(what the key is for, such as “CI” or “Support ops”)</span></label>
  <input type="text" id="name" name="name" required maxlength="${MAX_API_KEY_NAME_LENGTH}" autocomplete="off" value="${values.name}"${describedBy('name', problems.name)}>
  ${fieldProblems('name', problems.name)}
  <button type="submit">Create the key</button>
</form>
</section>`;
  return consolePage(`API keys of ${organization.name}`, body, session, notice);
}

// The answer to the create form, the only place the token ever appears.
export function renderNewKey({ organization, key, token, session }: { organization: Organization; key: AdminApiKey; token: string; session: Session }): string {
  const body = html`${back(organization)}
<section class="card" aria-labelledby="new-key-title">
<h1 id="new-key-title">Key “${key.name}” created</h1>
<div class="notice error" role="alert">Copy it now: it is not shown again. Only its first characters (<code>${key.prefix}…</code>) are kept.</div>
<label for="new-key">The new key</label>
<input type="text" id="new-key" readonly spellcheck="false" autocomplete="off" value="${token}">
<p class="muted">Use it as <code>Authorization: Bearer …</code> on the admin API, or paste it on the console’s sign-in form. Lost, it cannot be recovered: revoke it and create another.</p>
<p><a href="${base(organization)}">Done: back to the keys</a></p>
</section>`;
  return consolePage(`Key ${key.name} created`, body, session);
}

export function renderRevokeConfirmation({ organization, key, session }: { organization: Organization; key: AdminApiKey; session: Session }): string {
  const body = html`${back(organization)}
<section class="card" aria-labelledby="revoke-title">
<h1 id="revoke-title">Revoke “${key.name}”?</h1>
${key.revokedAt
  ? html`<p>This key was revoked ${when(key.revokedAt)}.</p>`
  : html`<p>The key starting <code>${key.prefix}…</code> stops working at once: on the admin API, and in every console session signed in with it. It cannot be undone.</p>
${isSessionKey(session, key) && html`<p class="field-error">You are signed in with this key: revoking it signs you out.</p>`}
<form method="post" action="${base(organization)}/${key.id}/revoke">
  ${csrfField(session.csrfToken)}
  <button type="submit" class="danger">Revoke ${key.name}</button>
</form>`}
<p><a href="${base(organization)}">Cancel: back to the keys</a></p>
</section>`;
  return consolePage(`Revoke ${key.name}`, body, session);
}
