import { html } from '../../../../shared/web/html';
import { Insights } from '../../../insights/application/insights.service';
import { INSIGHTS_SCRIPTS, insightsPanels } from '../../../insights/api/dashboard-page.view';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { consolePage, describedBy, fieldProblems } from '../console-layout.view';

export interface InsightsPage {
  organization: { id: string; name: string };
  // The period as typed (empty: the default), shown again in the form.
  period: { from?: string; to?: string };
  // Absent when the period was refused.
  insights?: Insights;
  problems: Record<string, string[]>;
  session: { principal: AdminPrincipal; csrfToken: string };
}

// The dashboard's charts and tables for the signed-in admin: dashboard.js draws the numbers carried by the form
// and asks `data-insights-url` for another period. Without a script, the GET form reloads the page and the
// period's totals are in a table.
export function renderInsights({ organization, period, insights, problems, session }: InsightsPage): string {
  const base = `/console/organizations/${organization.id}/insights`;
  const field = (name: 'from' | 'to', label: string, value: string | undefined) => html`<div>
<label for="${name}">${label}</label>
<input type="date" id="${name}" name="${name}" value="${value ?? ''}"${problems[name]?.length ? describedBy(name, problems[name]) : html` aria-describedby="period-help"`}>
${fieldProblems(name, problems[name])}
</div>`;
  const body = html`<p><a href="/console/organizations/${organization.id}">${organization.name}</a> › Insights</p>
<h1>Insights</h1>
<section class="card" aria-labelledby="period-title">
<h2 id="period-title">Period</h2>
<form id="insights-form" method="get" action="${base}" data-insights-url="${base}/data"${insights && html` data-insights="${JSON.stringify(insights)}"`}>
<div class="period">
${field('from', 'From (UTC day)', period.from ?? insights?.period.from)}
${field('to', 'To (UTC day, not included)', period.to ?? insights?.period.to)}
</div>
<p id="period-help" class="muted">Leave both empty for the last 30 days. At most 366 days.</p>
<button type="submit">Show insights</button>
</form>
</section>
${insights && html`<noscript>${totals(insights)}</noscript>`}
${insightsPanels}`;
  return consolePage(`Insights: ${organization.name}`, body, session, undefined, INSIGHTS_SCRIPTS);
}

// What a browser without scripts gets: the period's totals, the charts' sums.
function totals(insights: Insights) {
  const sum = (key: 'suggested' | 'skipped' | 'failed') => insights.suggestionsPerDay.reduce((total, day) => total + day[key], 0);
  const { acceptanceOverall: posted, training } = insights;
  const rows: [string, number][] = [
    ['Suggested', sum('suggested')],
    ['Skipped', sum('skipped')],
    ['Failed', sum('failed')],
    ['Suggestions posted', posted.total],
    ['Posted: used as is', posted.as_is],
    ['Posted: lightly edited', posted.lightly_edited],
    ['Posted: heavily edited', posted.heavily_edited],
    ['Posted: ignored', posted.ignored],
    ['Posted: not judged yet', posted.pending],
    ['Rated good by reps', training.ratedGood],
    ['Rated needs work by reps', training.ratedNeedsWork],
    ['Knowledge gaps (groups of unanswered questions)', insights.knowledgeGaps.length],
  ];
  return html`<section class="card" aria-labelledby="totals-title">
<h2 id="totals-title">Totals, ${insights.period.from} to ${insights.period.to}</h2>
<p class="muted">The charts need JavaScript; these are their totals for the period (UTC, the last day not included).</p>
<table><thead><tr><th scope="col">What</th><th scope="col">Count</th></tr></thead>
<tbody>${rows.map(([label, count]) => html`<tr><th scope="row">${label}</th><td>${count}</td></tr>`)}</tbody></table>
</section>`;
}
