import { html } from '../../../../shared/web/html';
import { checkForm, formFields } from '../../../../shared/web/page-forms';
import { CreateTrainingAnswerDto, UpdateTrainingAnswerDto } from '../../../knowledge-base/api/training-answer.dto';
import { TrainingAnswer } from '../../../knowledge-base/domain/training-answer';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { byField, FormState } from '../organizations/organization-forms';
import { consolePage, csrfField, describedBy, fieldProblems, Notice, when } from '../console-layout.view';
import { renderDeleteConfirmation } from '../console-pages';
import { knowledgeBase, knowledgeTrail } from './knowledge-page.view';

type Session = { principal: AdminPrincipal; csrfToken: string };

export interface TrainingAnswerFormValues {
  question: string;
  answer: string;
}

// The question and the answer, checked by the admin API's own body: POST's (CreateTrainingAnswerDto) for a new
// answer, PATCH's (UpdateTrainingAnswerDto) for an edit. The form always sends both, so both are required alike.
export async function readTrainingAnswerForm(
  body: unknown,
  Dto: typeof CreateTrainingAnswerDto | typeof UpdateTrainingAnswerDto,
): Promise<{ values: TrainingAnswerFormValues } & ({ changes: TrainingAnswerFormValues } | FormState<TrainingAnswerFormValues>)> {
  const fields = formFields(body);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
  const values = { question: text('question'), answer: text('answer') };
  const checked = await checkForm<CreateTrainingAnswerDto | UpdateTrainingAnswerDto>(Dto, values);
  if ('form' in checked) return { values, changes: values };
  return { values, problems: byField(checked.problems, {}) };
}

const answersBase = (organizationId: string) => `${knowledgeBase(organizationId)}/training-answers`;
const excerpt = (text: string, length = 160) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export interface TrainingAnswersPage {
  organization: Organization;
  answers: TrainingAnswer[];
  nextCursor: string | null;
  session: Session;
  notice?: Notice;
}

export function renderTrainingAnswers({ organization, answers, nextCursor, session, notice }: TrainingAnswersPage): string {
  const base = answersBase(organization.id);
  const body = html`${knowledgeTrail(organization)}
<h1>Training answers</h1>
<section class="card" aria-labelledby="answers-title">
<h2 id="answers-title">Answers from your team</h2>
<p>A rep's answer to a question: a ticket asking something close to it gets this answer as its first source, before any article.</p>
${answers.length === 0
  ? html`<p>No training answers yet.</p>`
  : html`<table aria-labelledby="answers-title">
<thead><tr><th scope="col">Question</th><th scope="col">Answer</th><th scope="col">By</th><th scope="col">Changed</th><th scope="col">Actions</th></tr></thead>
<tbody>${answers.map((answer) => html`<tr><td><a href="${base}/${answer.id}">${excerpt(answer.question)}</a></td><td>${excerpt(answer.answer)}</td><td>${answer.createdBy}</td><td>${when(answer.updatedAt)}</td>
<td><a href="${base}/${answer.id}/delete" aria-label="Delete the answer to: ${excerpt(answer.question, 60)}">Delete…</a></td></tr>`)}</tbody>
</table>`}
${nextCursor && html`<p><a href="${base}?cursor=${encodeURIComponent(nextCursor)}">Older answers</a></p>`}
<p><a href="${base}/new">New training answer</a></p>
</section>`;
  return consolePage(`Training answers of ${organization.name}`, body, session, notice);
}

export interface TrainingAnswerFormPage {
  organization: Organization;
  // Absent for a new answer.
  answer?: TrainingAnswer;
  form: FormState<TrainingAnswerFormValues>;
  session: Session;
  notice?: Notice;
}

export function renderTrainingAnswerForm({ organization, answer, form: { values, problems }, session, notice }: TrainingAnswerFormPage): string {
  const title = answer ? 'Edit a training answer' : 'New training answer';
  const field = (name: keyof TrainingAnswerFormValues, label: string, maxLength: number) => html`
  <label for="${name}">${label}</label>
  <textarea id="${name}" name="${name}" required maxlength="${maxLength}"${describedBy(name, problems[name])}>${values[name]}</textarea>
  ${fieldProblems(name, problems[name])}`;
  const body = html`${knowledgeTrail(organization)}
<h1>${title}</h1>
<section class="card" aria-labelledby="answer-form-title">
<h2 id="answer-form-title">The question and its answer</h2>
${answer && html`<p class="muted">By ${answer.createdBy}, ${when(answer.createdAt)}${answer.suggestionId && ', from a corrected suggestion'}.</p>`}
${Object.keys(problems).length > 0 && html`<p class="field-error">Nothing was saved: fix the fields marked below.</p>`}
<form method="post" action="${answersBase(organization.id)}${answer ? `/${answer.id}` : ''}">
  ${csrfField(session.csrfToken)}
  ${field('question', 'The customer’s question', 5000)}
  ${field('answer', 'The answer, as a rep would send it', 10000)}
  <button type="submit">${answer ? 'Save the answer' : 'Create the answer'}</button>
  <a href="${answersBase(organization.id)}">Cancel</a>
</form>
</section>`;
  return consolePage(title, body, session, notice);
}

export function renderTrainingAnswerDeleteConfirmation(organization: Organization, answer: TrainingAnswer, session: Session): string {
  const base = answersBase(organization.id);
  return renderDeleteConfirmation(
    {
      title: 'Delete a training answer',
      trail: knowledgeTrail(organization),
      question: 'Delete this training answer?',
      shown: html`<blockquote>${answer.question}</blockquote>`,
      consequence: 'Drafts stop using it from the next ticket. This cannot be undone.',
      action: `${base}/${answer.id}/delete`,
      button: 'Delete the answer',
      cancel: base,
    },
    session,
  );
}
