import { html, page, SafeHtml } from '../../../shared/web/html';

// A chart's card: the canvas for sighted users, a one-line summary and the numbers as a table for everyone.
const chartCard = (id: string, title: string, description: string) => html`
<section class="card" aria-labelledby="${id}-title">
<h2 id="${id}-title">${title}</h2>
<p class="muted">${description}</p>
<div class="chart"><canvas id="${id}-chart" role="img" aria-label="${title}: chart; the same numbers are in the table below"></canvas></div>
<p id="${id}-summary" class="summary"></p>
<details><summary>${title}: data table</summary><table id="${id}-table"></table></details>
</section>`;

// Where dashboard.js writes: its error and status lines, then the charts and tables (hidden until drawn). The
// console's Insights page draws into the same.
export const insightsPanels: SafeHtml = html`<div id="error" class="notice error hidden" role="alert"></div>
<p id="status" class="muted" role="status" aria-live="polite"></p>
<div id="insights" class="hidden">
${chartCard('per-day', 'Decisions per day', 'Each ticket update Assist looked at: suggested, skipped or failed.')}
${chartCard('skip-reasons', 'Skip reasons', 'Why Assist stayed quiet.')}
${chartCard('acceptance-time', 'Acceptance over time', "What reps did with the posted suggestions, by the day (or week) they were posted.")}
${chartCard('acceptance-topic', 'Acceptance per topic', 'The same, by the topics the tickets matched.')}
<section class="card" aria-labelledby="articles-title">
<h2 id="articles-title">Articles to fix</h2>
<p class="muted">The articles most often behind heavily edited or ignored suggestions.</p>
<p id="articles-summary" class="summary"></p>
<table id="articles-table"></table>
</section>
<section class="card" aria-labelledby="training-title">
<h2 id="training-title">Training by reps</h2>
<p class="muted">What reps did from the training links in the notes.</p>
<table id="training-table"></table>
</section>
<section class="card" aria-labelledby="gaps-title">
<h2 id="gaps-title">Knowledge gaps</h2>
<p class="muted">Recent questions Assist found no sourced answer for, grouped by likeness: the articles to write.</p>
<p id="gaps-summary" class="summary"></p>
<ol id="gaps-list" class="gaps"></ol>
</section>
</div>`;

export const INSIGHTS_SCRIPTS = ['/assets/chart.js/chart.umd.min.js', '/assets/dashboard.js'];

// The shell only: dashboard.js asks the admin API with the key the admin types, and draws from its JSON.
export function dashboardPage(): string {
  const body: SafeHtml = html`
<h1>Insights</h1>
<section class="card" aria-labelledby="access-title">
<h2 id="access-title">Organization and period</h2>
<form id="insights-form" novalidate>
<label for="organization-id">Organization id</label>
<input type="text" id="organization-id" name="organizationId" required autocomplete="off" spellcheck="false">
<label for="api-key">API key</label>
<input type="password" id="api-key" name="apiKey" required autocomplete="off" aria-describedby="api-key-help">
<p id="api-key-help" class="muted">The organization's key (ocx_org_…) or the operator token. Kept in this tab's session storage only.</p>
<div class="period">
<div><label for="from">From (UTC day)</label><input type="date" id="from" name="from" aria-describedby="period-help"></div>
<div><label for="to">To (UTC day, not included)</label><input type="date" id="to" name="to" aria-describedby="period-help"></div>
</div>
<p id="period-help" class="muted">Leave both empty for the last 30 days. At most 366 days.</p>
<button type="submit">Show insights</button>
</form>
</section>
${insightsPanels}`;
  return page({ title: 'Insights', body, scripts: INSIGHTS_SCRIPTS });
}
