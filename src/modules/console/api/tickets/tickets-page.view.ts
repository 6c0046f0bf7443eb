import { html, SafeHtml } from '../../../../shared/web/html';
import { StoryDecision, TicketStory } from '../../../assist/application/explain.service';
import { Decision, DecisionOutcome } from '../../../assist/domain/decision';
import { SkipReason } from '../../../assist/domain/assist-policy';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { consolePage, describedBy, fieldProblems, when } from '../console-layout.view';

type Session = { principal: AdminPrincipal; csrfToken: string };

export const OUTCOMES: DecisionOutcome[] = ['suggested', 'skipped', 'failed'];
// The reasons a decision records: `suggested`, and each skip the assist policy knows.
export const REASONS: (SkipReason | 'suggested')[] = [
  'suggested',
  'assist_disabled',
  'handoff_ticket',
  'status_not_actionable',
  'awaiting_customer',
  'no_customer_comment',
  'duplicate',
  'no_assist_topic',
  'not_helpful_answer',
];

export interface TicketsFilterValues {
  outcome?: string;
  reason?: string;
  topic?: string;
  from?: string;
  to?: string;
  ticketId?: string;
}

export interface TicketsPage {
  organization: { id: string; name: string };
  decisions: Decision[];
  nextCursor: string | null;
  filters: TicketsFilterValues;
  // A page size other than the default (`?limit=`, as the API's), kept by the "older" link.
  limit?: number;
  problems: Record<string, string[]>;
  session: Session;
}

interface TopicEvidence {
  name?: unknown;
  noAssist?: unknown;
  because?: unknown;
}

const topicsOf = (evidence: Record<string, unknown>): TopicEvidence[] =>
  Array.isArray(evidence.topics) ? evidence.topics.filter((t): t is TopicEvidence => typeof t === 'object' && t !== null) : [];

const topicList = (evidence: Record<string, unknown>) => {
  const topics = topicsOf(evidence);
  return topics.length === 0
    ? html`<span class="muted">none</span>`
    : html`<ul class="changes">${topics.map((t) => html`<li>${String(t.name)}${t.noAssist === true && ' (no-assist)'}: <code>${String(t.because)}</code></li>`)}</ul>`;
};

const tagList = (tags: string[]) => (tags.length === 0 ? html`<span class="muted">none</span>` : html`<ul class="changes">${tags.map((tag) => html`<li><code>${tag}</code></li>`)}</ul>`);

export function renderTickets({ organization, decisions, nextCursor, filters, limit, problems, session }: TicketsPage): string {
  const base = `/console/organizations/${organization.id}/tickets`;
  const text = (name: keyof TicketsFilterValues, label: string, hint: string) => html`
  <label for="${name}">${label} <span class="muted">${hint}</span></label>
  <input type="text" id="${name}" name="${name}" value="${filters[name] ?? ''}"${describedBy(name, problems[name])}>
  ${fieldProblems(name, problems[name])}`;
  const select = (name: 'outcome' | 'reason', label: string, options: string[]) => html`
  <label for="${name}">${label}</label>
  <select id="${name}" name="${name}"${describedBy(name, problems[name])}>
    <option value="">any</option>
    ${options.map((option) => html`<option value="${option}"${filters[name] === option && ' selected'}>${option}</option>`)}
  </select>
  ${fieldProblems(name, problems[name])}`;
  const older = nextCursor && new URLSearchParams({ ...definedFilters(filters), ...(limit !== undefined && { limit: String(limit) }), cursor: nextCursor }).toString();
  const body = html`<h1>Tickets: ${organization.name}</h1>
<p><a href="/console/organizations/${organization.id}">Back to ${organization.name}</a></p>
<section class="card" aria-labelledby="filter-title">
<h2 id="filter-title">Filter the decisions</h2>
${Object.keys(problems).length > 0 && html`<p class="field-error" role="alert">These filters could not be used: fix the fields marked below.${[...(problems.cursor ?? []), ...(problems.limit ?? [])].map((problem) => ` ${problem}`)}</p>`}
<form method="get" action="${base}">
  ${select('outcome', 'Outcome', OUTCOMES)}
  ${select('reason', 'Reason', REASONS)}
  ${text('topic', 'Topic matched', '(its exact name)')}
  ${text('from', 'From', '(ISO 8601, e.g. 2026-01-31 or 2026-01-31T09:00:00Z; at or after)')}
  ${text('to', 'To', '(ISO 8601; before)')}
  ${text('ticketId', 'Ticket id', '(the Zendesk ticket number)')}
  <button type="submit">Filter</button>
</form>
</section>
<section class="card" aria-labelledby="decisions-title">
<h2 id="decisions-title">Latest decisions, newest first</h2>
${decisions.length === 0
  ? html`<p>No decisions recorded${Object.keys(definedFilters(filters)).length > 0 && ' for these filters'}.</p>`
  : html`<table>
<thead><tr><th scope="col">When</th><th scope="col">Ticket</th><th scope="col">Outcome</th><th scope="col">Reason</th><th scope="col">Topics matched</th><th scope="col">Tags applied</th></tr></thead>
<tbody>${decisions.map((d) => html`<tr><td>${when(d.at)}</td><td><a href="${base}/${d.ticketId}">#${d.ticketId}</a></td><td>${d.outcome}</td><td><code>${d.reason}</code></td><td>${topicList(d.evidence)}</td><td>${tagList(d.tagsApplied)}</td></tr>`)}</tbody>
</table>`}
${older && html`<p><a href="${base}?${older}">Older decisions</a></p>`}
</section>`;
  return consolePage(`Tickets of ${organization.name}`, body, session);
}

const definedFilters = (filters: TicketsFilterValues): Record<string, string> =>
  Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));

// One ticket's story, oldest first: each delivery, each decision with its evidence, each note posted.
export function renderTicketStory(story: TicketStory, session: Session): string {
  const base = `/console/organizations/${story.organization.id}/tickets`;
  type Entry = { at: Date; item: SafeHtml };
  const entries: Entry[] = [
    ...story.webhooks.map((w) => ({
      at: new Date(w.receivedAt),
      item: html`<h3>Webhook ${w.verdict === 'valid' ? 'accepted' : html`refused: <code>${w.verdict}</code>`}</h3>
<p>${w.eventId && html`Event <code>${w.eventId}</code>. `}${w.coalescedInto && html`Coalesced into event <code>${w.coalescedInto}</code>: its run read the ticket.`}</p>`,
    })),
    ...story.decisions.map((d) => ({ at: new Date(d.at), item: renderDecision(d) })),
    ...story.notes
      .filter((n) => n.postedAt !== null)
      .map((n) => ({
        at: new Date(n.postedAt!),
        item: html`<h3>Note posted</h3>
<p>Internal note${n.zendeskCommentId && html` (Zendesk comment <code>${n.zendeskCommentId}</code>)`} answering comment <code>${n.commentId}</code>, ${n.sourced ? 'with its sources' : 'without sources'}.</p>
${sourceList(n.sources)}`,
      })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const body = html`<h1>Ticket #${story.ticketId}</h1>
<p><a href="${base}">Back to the tickets of ${story.organization.name}</a></p>
<section class="card" aria-labelledby="story-title">
<h2 id="story-title">What Assist did, oldest first</h2>
${entries.length === 0
  ? html`<p>Nothing was recorded for this ticket: no webhook came for it, and Assist decided nothing.</p>`
  : html`<ol class="timeline">${entries.map((e) => html`<li><p class="muted">${when(e.at)}</p>${e.item}</li>`)}</ol>`}
<h3>Tags Assist applied to the ticket</h3>
${tagList(story.tagsApplied)}
</section>`;
  return consolePage(`Ticket #${story.ticketId}`, body, session);
}

function renderDecision(d: StoryDecision): SafeHtml {
  const e = d.evidence;
  const sourcing = typeof e.sourcing === 'object' && e.sourcing !== null ? (e.sourcing as Record<string, unknown>) : undefined;
  const retrieval = Array.isArray(e.retrieval) ? (e.retrieval as Record<string, unknown>[]) : [];
  const macro = typeof e.suggestedMacro === 'object' && e.suggestedMacro !== null ? (e.suggestedMacro as Record<string, unknown>) : undefined;
  const error = typeof e.error === 'string' ? e.error : typeof e.message === 'string' ? e.message : undefined;
  return html`<h3>Decision: ${d.outcome}, <code>${d.reason}</code>${d.replay && ' (replay)'}</h3>
<dl>
  ${typeof e.status === 'string' && html`<dt>Ticket status</dt><dd>${e.status}</dd>`}
  ${d.commentId && html`<dt>Comment</dt><dd><code>${d.commentId}</code></dd>`}
  <dt>Topics matched</dt><dd>${topicList(e)}</dd>
  ${retrieval.length > 0 && html`<dt>Retrieval</dt><dd><ul class="changes">${retrieval.map((r) => html`<li>${r.origin === 'macro' && 'Macro: '}${typeof r.title === 'string' ? r.title : html`article <code>${String(r.externalId)}</code>`}${typeof r.url === 'string' && r.url && html` (<a href="${r.url}">${r.url}</a>)`}${typeof r.score === 'number' && `, score ${r.score.toFixed(3)}`}</li>`)}</ul></dd>`}
  ${sourcing && typeof sourcing.probability === 'number' && html`<dt>Sourcing</dt><dd>probability ${sourcing.probability.toFixed(3)} against threshold ${String(sourcing.threshold)}: ${sourcing.sourced === true ? 'sourced' : 'not sourced'}</dd>`}
  ${macro && typeof macro.probability === 'number' && html`<dt>Suggested macro</dt><dd>${String(macro.title)}: probability ${macro.probability.toFixed(3)} against threshold ${String(macro.threshold)}</dd>`}
  ${d.tagsApplied.length > 0 && html`<dt>Tags applied</dt><dd>${tagList(d.tagsApplied)}</dd>`}
  ${d.outcome === 'failed' && html`<dt>Failure</dt><dd>${error ?? d.reason}</dd>`}
</dl>`;
}

function sourceList(sources: { title: string; url: string; internal?: boolean }[]): SafeHtml {
  if (sources.length === 0) return html``;
  return html`<ul class="changes">${sources.map((s) => html`<li>${s.url ? html`<a href="${s.url}">${s.title}</a>` : s.title}${s.internal === true && ' (internal)'}</li>`)}</ul>`;
}
