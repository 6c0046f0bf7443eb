import { html, SafeHtml } from '../../../../shared/web/html';
import { AuditEntry } from '../../../organizations/domain/admin-audit';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { MAX_DEDUPE_WINDOW_HOURS, MAX_HELP_CENTER_SYNC_MINUTES, MAX_QUESTION_RETENTION_DAYS, MAX_SIGN_OFF_LENGTH, MAX_SOLVED_TICKETS_LOOKBACK_DAYS, NO_ASSIST_MATCHING, NOTE_LANGUAGES, Organization, TICKET_STATUSES } from '../../../organizations/domain/organization';
import { MAX_REQUESTS_PER_MINUTE, MIN_REQUESTS_PER_MINUTE } from '../../../zendesk/domain/request-budget';
import { FormState, SettingsFormValues } from './organization-forms';
import { consolePage, csrfField, describedBy, fieldProblems, Notice, when } from '../console-layout.view';

export interface OrganizationPage {
  organization: Organization;
  webhookUrl: string;
  audit: AuditEntry[];
  settings: FormState<SettingsFormValues>;
  session: { principal: AdminPrincipal; csrfToken: string };
  notice?: Notice;
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

export function renderOrganization({ organization, webhookUrl, audit, settings, session, notice }: OrganizationPage): string {
  const body = html`<h1>${organization.name}</h1>
${renderScreens(organization.id)}
<section class="card" aria-labelledby="about-title">
<h2 id="about-title">Zendesk</h2>
<dl>
  <dt>Zendesk account</dt><dd><code>${organization.zendeskBaseUrl}</code> as ${organization.zendeskEmail}</dd>
  <dt>Webhook URL</dt><dd><code>${webhookUrl}</code><br><span class="muted">The Zendesk webhook calls this address; <a href="/console/organizations/${organization.id}/zendesk">Connect Zendesk</a> creates it and its trigger, or shows how.</span></dd>
  <dt>Organization id</dt><dd><code>${organization.id}</code></dd>
  <dt>Created</dt><dd>${when(organization.createdAt)}</dd>
</dl>
${session.principal.kind === 'operator' && html`<p><a href="/console/organizations/${organization.id}/delete">Delete this organization…</a></p>`}
</section>
${renderSettingsForm(organization.id, settings, session.csrfToken)}
<section class="card" aria-labelledby="audit-title">
<h2 id="audit-title">Latest changes</h2>
${audit.length === 0
  ? html`<p>No changes recorded yet.</p>`
  : html`<table>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Changes</th></tr></thead>
<tbody>${audit.map((entry) => html`<tr><td>${when(entry.at)}</td><td>${entry.actor === 'operator' ? 'operator' : html`key <code>${entry.actor}</code>`}</td><td>${entry.action}</td><td><ul class="changes">${Object.entries(entry.changes).map(([field, { from, to }]) => html`<li><code>${field}</code>: ${show(from)} → ${show(to)}</li>`)}</ul></td></tr>`)}</tbody>
</table>`}
</section>`;
  return consolePage(organization.name, body, session, notice);
}

// The organization's screens, in the order a new admin needs them.
const SCREENS: Array<[path: string, name: string, what: string]> = [
  ['zendesk', 'Connect Zendesk', 'the account, the webhook and the trigger, a test delivery'],
  ['knowledge', 'Knowledge', 'articles, Help Center syncs, training answers'],
  ['topics', 'Topics', 'the no-assist list, trying a ticket, the topic tester'],
  ['tickets', 'Tickets', 'what Assist decided on each ticket, and why'],
  ['insights', 'Insights', 'suggestions, skips and what reps made of them'],
  ['keys', 'API keys', 'for the admin API and this console'],
];

const renderScreens = (id: string) => html`<nav aria-label="This organization's screens" class="screens"><ul>
${SCREENS.map(([path, name, what]) => html`<li><a href="/console/organizations/${id}/${path}">${name}</a> <span class="muted">${what}</span></li>`)}
</ul></nav>`;

// A group of boxes is not itself invalid: it only points at its problems.
const groupDescribedBy = (id: string, problems: string[] | undefined) => (problems?.length ? html` aria-describedby="${id}-error"` : html``);

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function renderSettingsForm(id: string, { values, problems }: FormState<SettingsFormValues>, csrfToken: string): SafeHtml {
  const checkbox = (name: keyof SettingsFormValues, label: string, hint: string) => html`
  <div class="check"><input type="checkbox" id="${name}" name="${name}"${values[name] === true && ' checked'}${describedBy(name, problems[name])}>
  <label for="${name}">${label}</label> <span class="muted">${hint}</span></div>
  ${fieldProblems(name, problems[name])}`;
  const number = (name: 'zendeskRequestsPerMinute' | 'questionRetentionDays' | 'dedupeWindowHours' | 'helpCenterSyncMinutes' | 'solvedTicketsLookbackDays', label: string, hint: string, min: number, max: number) => html`
  <label for="${name}">${label} <span class="muted">(${hint})</span></label>
  <input type="number" id="${name}" name="${name}" required min="${min}" max="${max}" step="1" value="${values[name]}"${describedBy(name, problems[name])}>
  ${fieldProblems(name, problems[name])}`;
  return html`<section class="card" aria-labelledby="settings-title">
<h2 id="settings-title">Settings</h2>
${Object.keys(problems).length > 0 && html`<p class="field-error">Nothing was saved: fix the fields marked below.</p>`}
<form method="post" action="/console/organizations/${id}/settings">
  ${csrfField(csrfToken)}
  ${checkbox('assistEnabled', 'Assist on', 'Post drafts on new tickets.')}
  ${checkbox('respondOnlyWithPotentialAnswers', 'Respond only with potential answers', 'Stay quiet when the knowledge base has no answer.')}
  <fieldset${groupDescribedBy('actionableStatuses', problems.actionableStatuses)}>
    <legend>Ticket statuses Assist acts on <span class="muted">(others are left alone)</span></legend>
    ${TICKET_STATUSES.map((status) => html`<span class="option"><input type="checkbox" id="status-${status}" name="actionableStatuses" value="${status}"${values.actionableStatuses.includes(status) && ' checked'}><label for="status-${status}">${status}</label></span>`)}
  </fieldset>
  ${fieldProblems('actionableStatuses', problems.actionableStatuses)}
  <label for="noteLanguage">Note language <span class="muted">(the note’s headings and links; the draft follows the customer)</span></label>
  <select id="noteLanguage" name="noteLanguage"${describedBy('noteLanguage', problems.noteLanguage)}>
    ${NOTE_LANGUAGES.map((language) => html`<option value="${language}"${values.noteLanguage === language && ' selected'}>${LANGUAGE_NAMES[language] ?? language}</option>`)}
  </select>
  ${fieldProblems('noteLanguage', problems.noteLanguage)}
  <label for="handoffTag">Handoff tag <span class="muted">(tickets with it are never touched)</span></label>
  <input type="text" id="handoffTag" name="handoffTag" required maxlength="80" value="${values.handoffTag}"${describedBy('handoffTag', problems.handoffTag)}>
  ${fieldProblems('handoffTag', problems.handoffTag)}
  ${checkbox('guideWriteBack', 'Guide write-back', 'The training page may publish article fixes to Zendesk Guide.')}
  <fieldset${groupDescribedBy('noAssistMatching', problems.noAssistMatching)}>
    <legend>No-assist topic matching <span class="muted">(strict silences more tickets, balanced fewer)</span></legend>
    ${NO_ASSIST_MATCHING.map((mode) => html`<span class="option"><input type="radio" id="matching-${mode}" name="noAssistMatching" value="${mode}"${values.noAssistMatching === mode && ' checked'}><label for="matching-${mode}">${mode}</label></span>`)}
  </fieldset>
  ${fieldProblems('noAssistMatching', problems.noAssistMatching)}
  <label for="signOff">Sign-off <span class="muted">(the draft’s closing line)</span></label>
  <input type="text" id="signOff" name="signOff" required maxlength="${MAX_SIGN_OFF_LENGTH}" value="${values.signOff}"${describedBy('signOff', problems.signOff)}>
  ${fieldProblems('signOff', problems.signOff)}
  ${number('dedupeWindowHours', 'Dedupe window, hours', 'one draft or skip per customer comment within it', 1, MAX_DEDUPE_WINDOW_HOURS)}
  ${number('helpCenterSyncMinutes', 'Help center sync, every … minutes', 'how often articles are fetched from Zendesk Guide', 1, MAX_HELP_CENTER_SYNC_MINUTES)}
  ${number('zendeskRequestsPerMinute', 'Zendesk requests per minute', 'your plan’s API limit, shared by every instance', MIN_REQUESTS_PER_MINUTE, MAX_REQUESTS_PER_MINUTE)}
  ${number('questionRetentionDays', 'Days questions are kept', 'what the topic tester can replay', 1, MAX_QUESTION_RETENTION_DAYS)}
  ${checkbox('macrosEnabled', 'Macros as knowledge', 'Sync the account’s active shared macros: cited in drafts and suggested when one fits.')}
  ${checkbox('macrosIncludeRestricted', 'Include personal and group macros', 'Off: only macros every agent can use.')}
  ${checkbox('solvedTicketsEnabled', 'Solved tickets as past answers', 'Ground drafts in agents’ replies on solved tickets, personal data removed first.')}
  ${number('solvedTicketsLookbackDays', 'Solved tickets, days back', 'how far the first read of solved tickets goes', 1, MAX_SOLVED_TICKETS_LOOKBACK_DAYS)}
  <button type="submit">Save settings</button>
</form>
</section>`;
}
