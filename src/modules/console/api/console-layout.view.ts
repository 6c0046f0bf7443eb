import { html, page, SafeHtml } from '../../../shared/web/html';
import { AdminPrincipal } from '../../organizations/domain/admin-principal';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

// Every console page: who is signed in, the way back to the organizations (the operator's), and signing out.
// `scripts`: files under /assets/ only (the CSP allows no inline script); every page works without them.
export function consolePage(title: string, body: SafeHtml, session?: { principal: AdminPrincipal; csrfToken: string }, notice?: Notice, scripts: string[] = []): string {
  const nav = session && html`<nav class="console-nav" aria-label="Console">
  <span>Signed in ${session.principal.kind === 'operator' ? 'as the operator' : 'with an organization API key'}</span>
  ${session.principal.kind === 'operator' && html`<a href="/console/organizations">Organizations</a>`}
  <form method="post" action="/console/sign-out">${csrfField(session.csrfToken)}<button type="submit" class="secondary">Sign out</button></form>
</nav>`;
  return page({
    title: `Console: ${title}`,
    body: html`${nav}
${notice && html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>`}
${body}`,
    scripts,
  });
}

export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

// A field's problems, tied to it by id for screen readers (aria-describedby).
export function fieldProblems(id: string, problems: string[] | undefined): SafeHtml {
  return html`${problems !== undefined && problems.length > 0 && html`<p class="field-error" id="${id}-error">${problems.join('; ')}</p>`}`;
}

export const describedBy = (id: string, problems: string[] | undefined) =>
  problems?.length ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;

export const when = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function renderSignIn(csrfToken: string, notice?: Notice): string {
  const body = html`<section class="card narrow" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in to the admin console</h1>
<p>Paste the operator token (<code>ADMIN_TOKEN</code>) or one of your organization’s admin API keys (<code>ocx_org_…</code>).</p>
<form method="post" action="/console/sign-in">
  ${csrfField(csrfToken)}
  <label for="token">Token</label>
  <input type="password" id="token" name="token" required autocomplete="off" spellcheck="false">
  <button type="submit">Sign in</button>
</form>
<p class="muted">The token is checked and forgotten: the console keeps a signed session for 8 hours, never the token.</p>
</section>`;
  return consolePage('Sign in', body, undefined, notice);
}

export function renderConsoleProblem(title: string, detail: string): string {
  return consolePage(title, html`<section class="card"><h1>${title}</h1><p>${detail}</p><p><a href="/console">Back to the console</a></p></section>`);
}
