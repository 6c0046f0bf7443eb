import { html, SafeHtml } from '../../../../shared/web/html';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { TopicTestReport } from '../../../topics/application/topic-tester.service';
import { TopicDetails, TopicMatch } from '../../../topics/domain/topic';
import { TopicTestGroup } from '../../../topics/domain/topic-test';
import { FormState } from '../organizations/organization-forms';
import { consolePage, csrfField, describedBy, fieldProblems, Notice, when } from '../console-layout.view';
import { TopicFormValues, TryFormValues } from './topic-forms';

type Session = { principal: AdminPrincipal; csrfToken: string };

const base = (organization: Organization) => `/console/organizations/${organization.id}/topics`;
const back = (organization: Organization) => html`<p><a href="/console/organizations/${organization.id}">${organization.name}</a> › <a href="${base(organization)}">Topics</a></p>`;

export interface TopicsPage {
  organization: Organization;
  topics: TopicDetails[];
  // Decisions of the last 30 days that matched each topic, by name.
  matches: Map<string, number>;
  session: Session;
  tried?: { form: FormState<TryFormValues>; matches?: TopicMatch[] };
  notice?: Notice;
}

export function renderTopics({ organization, topics, matches, session, tried, notice }: TopicsPage): string {
  const body = html`${back(organization)}
<h1>Topics</h1>
<section class="card" aria-labelledby="topics-title">
<h2 id="topics-title">${organization.name}’s topics</h2>
<p>A ticket matching a no-assist topic gets no draft; the others say what a ticket is about.</p>
${topics.length === 0
  ? html`<p>No topics yet.</p>`
  : html`<table>
<thead><tr><th scope="col">Name</th><th scope="col">No-assist</th><th scope="col">Keywords</th><th scope="col">Examples</th><th scope="col">Tickets matched, last 30 days</th><th scope="col">Actions</th></tr></thead>
<tbody>${topics.map((topic) => html`<tr><td><a href="${base(organization)}/${topic.id}">${topic.name}</a></td><td>${topic.noAssist ? html`<span class="tag no-assist">no-assist</span>` : 'no'}</td><td>${topic.keywords.join(', ')}</td><td>${topic.examples.length}${topic.examplesFromReps > 0 && ` (${topic.examplesFromReps} from reps)`}</td><td>${matches.get(topic.name) ?? 0}</td><td><a href="${base(organization)}/${topic.id}/delete" aria-label="Delete ${topic.name}">Delete…</a></td></tr>`)}</tbody>
</table>`}
<p><a href="${base(organization)}/new">New topic</a></p>
</section>
${renderTryForm(organization, session.csrfToken, tried)}`;
  return consolePage(`Topics of ${organization.name}`, body, session, notice);
}

function renderTryForm(organization: Organization, csrfToken: string, tried: TopicsPage['tried']): SafeHtml {
  const { values, problems } = tried?.form ?? { values: { text: '', tags: '' }, problems: {} };
  return html`<section class="card" aria-labelledby="try-title">
<h2 id="try-title">Try a ticket</h2>
<form method="post" action="${base(organization)}/try">
  ${csrfField(csrfToken)}
  <label for="try-text">Ticket text (subject and customer comments)</label>
  <textarea id="try-text" name="text" required maxlength="20000"${describedBy('try-text', problems.text)}>${values.text}</textarea>
  ${fieldProblems('try-text', problems.text)}
  <label for="try-tags">Zendesk tags <span class="muted">(optional, separated by spaces)</span></label>
  <input type="text" id="try-tags" name="tags" value="${values.tags}"${describedBy('try-tags', problems.tags)}>
  ${fieldProblems('try-tags', problems.tags)}
  <button type="submit">Try</button>
</form>
${tried?.matches !== undefined && html`<div role="status" aria-labelledby="tried-title"><h3 id="tried-title">What it matches</h3>
${tried.matches.length === 0
  ? html`<p>No topic: Assist would draft a reply as usual.</p>`
  : html`<ul>${tried.matches.map((match) => html`<li><strong>${match.name}</strong>${match.noAssist && html` <span class="tag no-assist">no-assist</span>`} because <code>${match.because}</code></li>`)}</ul>`}</div>`}
</section>`;
}

export interface TopicFormPage {
  organization: Organization;
  // Absent for a new topic.
  topic?: TopicDetails;
  form: FormState<TopicFormValues>;
  session: Session;
  tested?: TopicTestReport;
  notice?: Notice;
}

export function renderTopicForm({ organization, topic, form: { values, problems }, session, tested, notice }: TopicFormPage): string {
  const title = topic ? `Edit ${topic.name}` : 'New topic';
  const textarea = (name: 'keywords' | 'examples' | 'zendeskTags', label: string) => html`
  <label for="${name}">${label}</label>
  <textarea id="${name}" name="${name}"${describedBy(name, problems[name])}>${values[name]}</textarea>
  ${fieldProblems(name, problems[name])}`;
  const body = html`${back(organization)}
<h1>${title}</h1>
<section class="card" aria-labelledby="topic-form-title">
<h2 id="topic-form-title">The topic</h2>
${Object.keys(problems).length > 0 && html`<p class="field-error">Nothing was saved: fix the fields marked below.</p>`}
<form method="post" action="${base(organization)}${topic ? `/${topic.id}` : ''}">
  ${csrfField(session.csrfToken)}
  <label for="name">Name</label>
  <input type="text" id="name" name="name" required maxlength="120" value="${values.name}"${describedBy('name', problems.name)}>
  ${fieldProblems('name', problems.name)}
  <label for="description">Description</label>
  <textarea id="description" name="description" maxlength="2000"${describedBy('description', problems.description)}>${values.description}</textarea>
  ${fieldProblems('description', problems.description)}
  ${textarea('keywords', 'Keywords (one a line)')}
  ${textarea('examples', 'Examples of customer messages (one a line)')}
  ${textarea('zendeskTags', 'Zendesk tags (one a line)')}
  <div class="check"><input type="checkbox" id="noAssist" name="noAssist"${values.noAssist && ' checked'}${describedBy('noAssist', problems.noAssist)}>
  <label for="noAssist">No-assist</label> <span class="muted">Assist posts no draft on tickets of this topic.</span></div>
  ${fieldProblems('noAssist', problems.noAssist)}
  <button type="submit" name="intent" value="save">${topic ? 'Save the topic' : 'Create the topic'}</button>
  <button type="submit" name="intent" value="test" class="secondary">Test this topic</button>
</form>
</section>
${tested && renderTestReport(tested)}`;
  return consolePage(title, body, session, notice);
}

function renderTestReport(report: TopicTestReport): SafeHtml {
  const group = (id: string, title: string, { count, examples }: TopicTestGroup) => html`<h3 id="${id}">${title}: ${count}</h3>
${examples.length > 0 && html`<table aria-labelledby="${id}"><thead><tr><th scope="col">Ticket</th><th scope="col">Asked</th><th scope="col">Text</th><th scope="col">Why</th></tr></thead>
<tbody>${examples.map((example) => html`<tr><td>${example.ticketId}</td><td>${when(example.askedAt)}</td><td>${example.excerpt}</td><td><code>${example.because}</code></td></tr>`)}</tbody></table>`}`;
  return html`<section class="card" aria-labelledby="test-title" role="status">
<h2 id="test-title">Tested, not saved</h2>
<p>${report.ticketsTested} tickets of the last ${report.sinceDays} days replayed${report.truncated && ' (the most recent only)'}.${report.llmStageSkipped && ' The LLM stage is not replayed.'}</p>
${group('caught-title', 'Tickets caught', report.caught)}
${group('skipped-title', 'Newly skipped', report.newlySkipped)}
${group('assisted-title', 'Newly assisted', report.newlyAssisted)}
</section>`;
}

export function renderTopicDeleteConfirmation(organization: Organization, topic: TopicDetails, session: Session): string {
  const body = html`${back(organization)}
<section class="card narrow" aria-labelledby="delete-title">
<h1 id="delete-title">Delete the topic ${topic.name}?</h1>
<p>Tickets stop matching it on the next webhook. This cannot be undone.</p>
<form method="post" action="${base(organization)}/${topic.id}/delete">
  ${csrfField(session.csrfToken)}
  <button type="submit" class="danger">Delete the topic</button>
  <a href="${base(organization)}">Cancel</a>
</form>
</section>`;
  return consolePage(`Delete ${topic.name}`, body, session);
}
