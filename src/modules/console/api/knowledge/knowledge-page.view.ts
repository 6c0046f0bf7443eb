import { html, SafeHtml } from '../../../../shared/web/html';
import { ArticleCount } from '../../../knowledge-base/application/ports/article-admin.repository';
import { SyncRun } from '../../../knowledge-base/domain/sync-run';
import { SolvedTicketsSummary } from '../../../knowledge-base/domain/solved-ticket';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { consolePage, csrfField, Notice, when } from '../console-layout.view';

type Session = { principal: AdminPrincipal; csrfToken: string };

export const knowledgeBase = (organizationId: string) => `/console/organizations/${organizationId}/knowledge`;
export const knowledgeTrail = (organization: Pick<Organization, 'id' | 'name'>) =>
  html`<p><a href="/console/organizations/${organization.id}">${organization.name}</a> › <a href="${knowledgeBase(organization.id)}">Knowledge</a></p>`;

const SOURCE_NAMES: Record<string, string> = { help_center: 'Help Center (synced)', api: 'Uploaded through the admin API', macro: 'Zendesk macros (synced)' };
const TRIGGER_NAMES: Record<string, string> = { schedule: 'scheduler', api: 'admin API', cli: 'CLI', console: 'console' };

// Why the sync refused or changed an article (IngestProblem's reasons, and a macro Zendesk listed unreadable).
const REASON_NAMES: Record<string, string> = {
  empty_body: 'no text: skipped',
  body_truncated: 'body over 1 MB: cut',
  unknown_locale: 'unknown locale: indexed without stemming',
  duplicate_id: 'sent twice: the later copy kept',
  failed: 'could not be saved: skipped',
  malformed_macro: 'macro not readable: skipped',
};

export interface KnowledgePage {
  organization: Organization;
  counts: ArticleCount[];
  trainingAnswers: number;
  solvedTickets: SolvedTicketsSummary;
  // Newest first.
  runs: SyncRun[];
  // The sync whose progress the page follows: the one just asked for, else the one running or waiting.
  watched: SyncRun | null;
  session: Session;
  notice?: Notice;
}

export function renderKnowledge({ organization, counts, trainingAnswers, solvedTickets, runs, watched, session, notice }: KnowledgePage): string {
  const base = knowledgeBase(organization.id);
  const body = html`<p><a href="/console/organizations/${organization.id}">${organization.name}</a></p>
<h1>Knowledge</h1>
${renderCounts(organization.id, counts, trainingAnswers, solvedTickets)}
<section class="card" aria-labelledby="sync-title">
<h2 id="sync-title">Help Center sync</h2>
<p>Pulls Zendesk Guide's articles into the knowledge base: every brand and locale, what changed since the last sync (a full pass every 24 hours).</p>
<form method="post" action="${base}/sync">
  ${csrfField(session.csrfToken)}
  <button type="submit">Sync now</button>
</form>
<p id="sync-progress" aria-live="polite"${watched && !syncProgress(watched).finished && html` data-progress="${base}/syncs/${watched.id}/progress"`}>${watched ? syncProgress(watched).text : 'No sync is running.'}</p>
${watched && !syncProgress(watched).finished && html`<p class="muted">This line follows the sync as it goes; <a href="${base}?run=${watched.id}">reload the page</a> for the latest figures.</p>`}
<h3 id="runs-title">Last syncs</h3>
${runs.length === 0 ? html`<p>No sync yet.</p>` : renderRuns(organization.id, runs)}
</section>`;
  return consolePage(`Knowledge of ${organization.name}`, body, session, notice, ['/assets/sync-progress.js']);
}

function renderCounts(organizationId: string, counts: ArticleCount[], trainingAnswers: number, solvedTickets: SolvedTicketsSummary): SafeHtml {
  const sources = [...new Set(['help_center', 'api', ...counts.map((count) => count.source as string)])];
  const locales = [...new Set(counts.map((count) => count.locale))].sort();
  const total = (match: (count: ArticleCount) => boolean) => counts.filter(match).reduce((sum, count) => sum + count.articles, 0);
  return html`<section class="card" aria-labelledby="counts-title">
<h2 id="counts-title">What Assist drafts from</h2>
<table aria-labelledby="counts-title">
<thead><tr><th scope="col">Source</th><th scope="col">Count</th></tr></thead>
<tbody>
${sources.map((source) => html`<tr><th scope="row">${SOURCE_NAMES[source] ?? source} articles</th><td>${total((count) => count.source === source)}</td></tr>`)}
<tr><th scope="row"><a href="${knowledgeBase(organizationId)}/training-answers">Training answers</a> (written by reps)</th><td>${trainingAnswers}</td></tr>
<tr><th scope="row">Solved tickets (past answers, personal data removed)${!solvedTickets.enabled && html` <span class="muted">off in the settings</span>`}${solvedTickets.lastSyncedAt && html` <span class="muted">read up to ${when(solvedTickets.lastSyncedAt)}</span>`}</th><td>${solvedTickets.count}</td></tr>
</tbody>
</table>
<h3 id="locales-title">Articles by locale</h3>
${locales.length === 0
  ? html`<p>No articles yet: sync the Help Center, or upload articles through the admin API.</p>`
  : html`<table aria-labelledby="locales-title">
<thead><tr><th scope="col">Locale</th>${sources.map((source) => html`<th scope="col">${SOURCE_NAMES[source] ?? source}</th>`)}<th scope="col">All</th></tr></thead>
<tbody>${locales.map((locale) => html`<tr><th scope="row"><code>${locale}</code></th>${sources.map((source) => html`<td>${total((count) => count.locale === locale && count.source === source)}</td>`)}<td>${total((count) => count.locale === locale)}</td></tr>`)}</tbody>
</table>`}
</section>`;
}

function renderRuns(organizationId: string, runs: SyncRun[]): SafeHtml {
  return html`<table aria-labelledby="runs-title">
<thead><tr><th scope="col">Asked</th><th scope="col">By</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Took</th><th scope="col">Pages</th><th scope="col">Fetched</th><th scope="col">Added</th><th scope="col">Updated</th><th scope="col">Removed</th><th scope="col">Bad articles</th></tr></thead>
<tbody>${runs.map((run) => html`<tr>
<td><a href="${knowledgeBase(organizationId)}/syncs/${run.id}">${when(run.queuedAt)}</a></td><td>${TRIGGER_NAMES[run.trigger] ?? run.trigger}</td><td>${run.status}${run.mode && html` <span class="muted">(${run.mode})</span>`}</td>
<td>${run.startedAt ? when(run.startedAt) : '—'}</td><td>${run.finishedAt ? when(run.finishedAt) : '—'}</td><td>${duration(run) ?? '—'}</td>
<td>${run.pages}</td><td>${run.counts.fetched}</td><td>${run.counts.added}</td><td>${run.counts.updated}</td><td>${run.counts.removed}</td><td>${run.problems.length}</td>
</tr>`)}</tbody>
</table>`;
}

export function renderSyncRun(organization: Organization, run: SyncRun, session: Session): string {
  const { counts } = run;
  const body = html`${knowledgeTrail(organization)}
<h1>Sync of ${when(run.queuedAt)}</h1>
<section class="card" aria-labelledby="run-title">
<h2 id="run-title">${syncProgress(run).text}</h2>
<dl>
  <dt>Asked by</dt><dd>${TRIGGER_NAMES[run.trigger] ?? run.trigger}</dd>
  <dt>Status</dt><dd>${run.status}${run.mode && ` (${run.mode})`}</dd>
  <dt>Started</dt><dd>${run.startedAt ? when(run.startedAt) : 'not yet'}</dd>
  <dt>Finished</dt><dd>${run.finishedAt ? when(run.finishedAt) : 'not yet'}</dd>
  <dt>Took</dt><dd>${duration(run) ?? '—'}</dd>
  <dt>Pages read</dt><dd>${run.pages}</dd>
  <dt>Articles fetched</dt><dd>${counts.fetched}</dd>
  <dt>Added</dt><dd>${counts.added}</dd>
  <dt>Updated</dt><dd>${counts.updated}</dd>
  <dt>Removed</dt><dd>${counts.removed}</dd>
  <dt>Unchanged</dt><dd>${counts.unchanged}</dd>
  <dt>Skipped</dt><dd>${counts.skipped}</dd>
  <dt>Passages embedded</dt><dd>${counts.embedded}</dd>
  ${counts.solvedTickets && html`<dt>Solved tickets</dt><dd>${counts.solvedTickets.fetched} fetched: ${counts.solvedTickets.added} added, ${counts.solvedTickets.updated} updated, ${counts.solvedTickets.removed} removed, ${counts.solvedTickets.skipped} without a substantive reply</dd>`}
  ${counts.macros && html`<dt>Macros</dt><dd>${counts.macros.fetched} fetched: ${counts.macros.added} added, ${counts.macros.updated} updated, ${counts.macros.removed} removed, ${counts.macros.unchanged} unchanged, ${counts.macros.excluded} kept out (no comment, or restricted)</dd>`}
  ${run.error && html`<dt>Error</dt><dd>${run.error}</dd>`}
</dl>
</section>
<section class="card" aria-labelledby="problems-title">
<h2 id="problems-title">Bad articles</h2>
${run.problems.length === 0
  ? html`<p>${run.finishedAt ? 'None: every article was taken as it is.' : 'Listed when the sync ends.'}</p>`
  : html`<table aria-labelledby="problems-title">
<thead><tr><th scope="col">Article</th><th scope="col">Locale</th><th scope="col">Why</th><th scope="col">Detail</th></tr></thead>
<tbody>${run.problems.map((problem) => html`<tr><td><code>${problem.articleId}</code></td><td><code>${problem.locale}</code></td><td>${REASON_NAMES[problem.reason] ?? problem.reason} <span class="muted">(<code>${problem.reason}</code>)</span></td><td>${problem.detail ?? ''}</td></tr>`)}</tbody>
</table>`}
</section>`;
  return consolePage(`Sync of ${organization.name}`, body, session);
}

// One line on where a sync stands, the same in the page and in the progress endpoint the page's script polls.
export function syncProgress(run: SyncRun): { text: string; finished: boolean } {
  const { counts } = run;
  const articles = `${counts.fetched} ${counts.fetched === 1 ? 'article' : 'articles'} fetched (${counts.added} added, ${counts.updated} updated, ${counts.removed} removed)`;
  const pages = `${run.pages} ${run.pages === 1 ? 'page' : 'pages'} read`;
  const bad = run.problems.length > 0 ? `, ${run.problems.length} bad ${run.problems.length === 1 ? 'article' : 'articles'}` : '';
  switch (run.status) {
    case 'queued':
      return { text: `Sync asked at ${when(run.queuedAt)}: waiting to start.`, finished: false };
    case 'running':
      return { text: `Sync running${run.mode ? ` (${run.mode})` : ''}: ${pages}, ${articles} so far.`, finished: false };
    case 'succeeded':
      return { text: `Sync succeeded in ${duration(run)}: ${pages}, ${articles}${bad}.`, finished: true };
    case 'failed':
      return { text: `Sync failed after ${duration(run) ?? '0 s'}: ${run.error ?? 'no reason recorded'}. ${pages}, ${articles}; the next sync resumes where it stopped.`, finished: true };
  }
}

function duration(run: SyncRun): string | null {
  if (!run.startedAt || !run.finishedAt) return null;
  const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
