import { html, page, SafeHtml } from '../../../shared/web/html';
import { TrainingSource, TrainingView } from '../application/training-page.service';
import { TrainingAction } from '../../assist/domain/training-action';

export type TrainingForm = 'rating' | 'answer' | 'article' | 'topic';

export interface PageState {
  // The link's own token: every form posts back with it.
  token: string;
  csrfToken: string;
  notice?: { kind: 'ok' | 'error'; text: string };
  // What the rep typed in a form that was refused: shown again, never lost.
  refused?: { form: TrainingForm; values: Record<string, string> };
}

// What a done action says when the page comes back (post, redirect, get).
export const DONE_MESSAGES: Record<string, string> = {
  rated: 'Thanks: your rating is saved.',
  answer_corrected: 'Your answer is saved. Assist uses it for similar questions from now on.',
  article_fixed: 'The article is published to Zendesk Guide and Assist already uses the new text.',
  topic_reassigned: 'The ticket’s topic is reassigned.',
  topic_example_added: 'The ticket is now an example of that topic: similar tickets match it.',
  topic_marked_no_assist: 'The topic is now no-assist: Assist stays quiet on its tickets.',
};

export function renderTrainingPage(view: TrainingView, state: PageState): string {
  const { suggestion } = view;
  const action = (form: TrainingForm) => `/training/${suggestion.id}/${form}?token=${encodeURIComponent(state.token)}`;
  const value = (form: TrainingForm, field: string, fallback = '') => (state.refused?.form === form ? state.refused.values[field] ?? fallback : fallback);
  const csrf = html`<input type="hidden" name="_csrf" value="${state.csrfToken}">`;
  const body = html`
<h1>Train this answer <span class="muted">ticket #${suggestion.ticketId}</span></h1>
${state.notice && html`<div class="notice ${state.notice.kind}" role="${state.notice.kind === 'error' ? 'alert' : 'status'}">${state.notice.text}</div>`}
<div class="grid">
  <section class="card" aria-labelledby="question-heading">
    <h2 id="question-heading">The question, as Assist read it</h2>
    <blockquote>${suggestion.question}</blockquote>
  </section>
  <section class="card" aria-labelledby="draft-heading">
    <h2 id="draft-heading">The draft</h2>
    <blockquote>${suggestion.reply}</blockquote>
    <p class="muted">${suggestion.sourced ? 'Sourced from the knowledge base.' : 'Not sourced: the knowledge base had no answer.'}
    Made ${suggestion.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${suggestion.acceptance && html`; the rep’s reply: ${suggestion.acceptance.acceptance.replace('_', ' ')}`}.</p>
  </section>
</div>
<section class="card" aria-labelledby="sources-heading">
  <h2 id="sources-heading">Sources</h2>
  ${view.sources.length === 0 ? html`<p>None: nothing in the knowledge base matched.</p>` : view.sources.map(renderSource)}
</section>
<section class="card" aria-labelledby="topics-heading">
  <h2 id="topics-heading">Topics</h2>
  ${view.matchedTopics.length === 0
    ? html`<p>No topic matched.</p>`
    : html`<ul>${view.matchedTopics.map((t) => html`<li><span class="tag${t.noAssist ? ' no-assist' : ''}">${t.name}</span> because ${t.because}${t.noAssist && ' (no-assist)'}</li>`)}</ul>`}
  ${view.reassignedTopic && html`<p>A rep reassigned this ticket to <span class="tag">${view.reassignedTopic.name}</span>.</p>`}
</section>
<h2>Fix it</h2>
<div class="grid">
  <section class="card" aria-labelledby="rate-heading">
    <h3 id="rate-heading">Rate the draft</h3>
    <form method="post" action="${action('rating')}">
      ${csrf}
      <fieldset>
        <legend>How good was it?</legend>
        <input type="radio" id="rating-good" name="rating" value="good" required${value('rating', 'rating') === 'good' && ' checked'}>
        <label for="rating-good">Good</label>
        <input type="radio" id="rating-needs-work" name="rating" value="needs_work"${value('rating', 'rating') === 'needs_work' && ' checked'}>
        <label for="rating-needs-work">Needs work</label>
      </fieldset>
      <label for="rating-comment">Comment (optional)</label>
      <textarea id="rating-comment" name="comment" maxlength="2000">${value('rating', 'comment')}</textarea>
      <button type="submit">Save rating</button>
    </form>
  </section>
  <section class="card" aria-labelledby="answer-heading">
    <h3 id="answer-heading">Correct the answer</h3>
    <p class="muted">${view.savedAnswer
      ? `Your team’s answer saved here on ${view.savedAnswer.updatedAt.toISOString().slice(0, 10)}: editing it replaces it.`
      : 'Saved to the knowledge base as your team’s answer: drafts for similar questions use it first.'}</p>
    <form method="post" action="${action('answer')}">
      ${csrf}
      <label for="answer-question">Question</label>
      <textarea id="answer-question" name="question" required maxlength="5000">${value('answer', 'question', view.savedAnswer?.question ?? suggestion.question)}</textarea>
      <label for="answer-answer">The right answer</label>
      <textarea id="answer-answer" name="answer" required maxlength="10000">${value('answer', 'answer', view.savedAnswer?.answer ?? '')}</textarea>
      <button type="submit">Save answer</button>
    </form>
  </section>
</div>
${renderArticleFixes(view, state, action('article'), csrf)}
${renderTopicFixes(view, action('topic'), csrf, value('topic', 'topicId'))}
<section class="card" aria-labelledby="history-heading">
  <h2 id="history-heading">What reps did here</h2>
  ${view.history.length === 0 ? html`<p>Nothing yet.</p>` : html`<ol>${view.history.map(renderAction)}</ol>`}
</section>
<p class="muted">Written by AI (OpenCX Assist). This page is reachable only through the link in the ticket’s internal note.</p>`;
  return page({ title: 'Training', body });
}

function renderSource({ source, article, passage }: TrainingSource): SafeHtml {
  const title = /^https?:\/\//i.test(source.url) ? html`<a href="${source.url}">${source.title}</a>` : html`${source.title}`;
  return html`<article class="source">
    <h3>${title}${source.internal && html` <span class="tag no-assist">internal source</span>`}${source.section && html` <span class="muted">§ ${source.section}</span>`}</h3>
    ${passage.length > 0 && html`<blockquote>${passage.map((s) => (s.marked ? html`<mark>${s.text}</mark>` : s.text))}</blockquote>`}
    ${article?.editorUrl && html`<p><a href="${article.editorUrl}" target="_blank" rel="noopener noreferrer">Edit “${article.title}” in Zendesk Guide</a></p>`}
  </article>`;
}

function renderArticleFixes(view: TrainingView, state: PageState, action: string, csrf: SafeHtml): SafeHtml {
  const editable = view.sources.filter((s) => s.article?.source === 'help_center');
  if (editable.length === 0) return html``;
  if (!view.writeBackEnabled) {
    // A fix sent before write-back was turned off stays on the page, to copy into Guide.
    const unsent = state.refused?.form === 'article' ? state.refused.values.body : undefined;
    return html`<section class="card" aria-labelledby="article-heading"><h3 id="article-heading">Fix the source article</h3>
      <p>Publishing from this page is off for your organization (an admin can turn on <code>guideWriteBack</code>). Use the “Edit in Zendesk Guide” links above; Assist picks the change up on its next sync.</p>
      ${unsent !== undefined && html`<label for="article-unsent">Your text, not published</label><textarea class="article" id="article-unsent" readonly>${unsent}</textarea>`}</section>`;
  }
  return html`<section class="card" aria-labelledby="article-heading"><h3 id="article-heading">Fix the source article</h3>
    <p class="muted">Publishes to Zendesk Guide, where customers read it, and updates Assist’s knowledge base at once.</p>
    ${editable.map(({ article }, i) => {
      const refused = state.refused?.form === 'article' && state.refused.values.articleId === article!.id ? state.refused.values : null;
      return html`<form method="post" action="${action}">
        ${csrf}
        <input type="hidden" name="articleId" value="${article!.id}">
        <label for="article-title-${i}">Title of “${article!.title}” (${article!.locale})</label>
        <input type="text" id="article-title-${i}" name="title" required maxlength="255" value="${refused?.title ?? article!.title}">
        <label for="article-body-${i}">Body (HTML)</label>
        <textarea class="article" id="article-body-${i}" name="body" required>${refused?.body ?? article!.bodyHtml}</textarea>
        <button type="submit">Publish to Zendesk Guide</button>
      </form>`;
    })}
  </section>`;
}

function renderTopicFixes(view: TrainingView, action: string, csrf: SafeHtml, chosen: string): SafeHtml {
  if (view.topics.length === 0) return html``;
  const form = (fix: string, label: string, button: string, topics = view.topics) => html`<form method="post" action="${action}">
      ${csrf}
      <input type="hidden" name="fix" value="${fix}">
      <label for="topic-${fix}">${label}</label>
      <select id="topic-${fix}" name="topicId" required>
        ${topics.map((t) => html`<option value="${t.id}"${t.id === chosen && ' selected'}>${t.name}${t.noAssist && ' (no-assist)'}</option>`)}
      </select>
      <button type="submit" class="secondary">${button}</button>
    </form>`;
  const assisted = view.topics.filter((topic) => !topic.noAssist);
  return html`<section class="card" aria-labelledby="topic-fix-heading"><h3 id="topic-fix-heading">Fix the topic</h3>
    <div class="grid">
      ${form('reassign', 'This ticket’s topic is really', 'Reassign')}
      ${form('add_example', 'Teach a topic with this ticket', 'Add as example')}
      ${assisted.length > 0 && form('mark_no_assist', 'Assist should stay quiet on', 'Mark no-assist', assisted)}
    </div>
  </section>`;
}

function renderAction(action: TrainingAction): SafeHtml {
  const when = action.at.toISOString().slice(0, 16).replace('T', ' ');
  const what: Record<TrainingAction['kind'], SafeHtml> = {
    rated: html`rated the draft <strong>${action.rating === 'good' ? 'good' : 'needs work'}</strong>${action.comment && html`: “${action.comment}”`}`,
    answer_corrected: action.details.replaced ? html`replaced the corrected answer` : html`saved a corrected answer`,
    article_fixed: html`published a fix of “${action.details.title}” to Zendesk Guide`,
    topic_reassigned: html`reassigned the ticket to ${action.details.topic}`,
    topic_example_added: html`added the ticket as an example of ${action.details.topic}`,
    topic_marked_no_assist: html`marked ${action.details.topic} no-assist`,
  };
  return html`<li>${when} UTC: a rep ${what[action.kind]}</li>`;
}

// A link that does not open its page: said plainly, with what to do next.
export function renderTrainingProblem(title: string, detail: string): string {
  return page({
    title: 'Training',
    body: html`<section class="card"><h1>${title}</h1><p>${detail}</p>
      <p class="muted">Open the training link in the ticket’s latest Assist note, or ask your admin.</p></section>`,
  });
}
