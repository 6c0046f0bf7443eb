import { checkForm, formFields } from '../../../../shared/web/page-forms';
import { ClassifyTicketDto, CreateTopicDto, topicDraft } from '../../../topics/api/topic.dto';
import { TicketForTopics, TopicDetails, TopicDraft } from '../../../topics/domain/topic';
import { byField, FormState } from '../organizations/organization-forms';

// The topic form as typed: lists one value a line (tags also by spaces or commas), no-assist as a checkbox.
export interface TopicFormValues {
  name: string;
  description: string;
  keywords: string;
  examples: string;
  zendeskTags: string;
  noAssist: boolean;
}

export function topicFormValues(topic?: TopicDetails): TopicFormValues {
  if (!topic) return { name: '', description: '', keywords: '', examples: '', zendeskTags: '', noAssist: false };
  return {
    name: topic.name,
    description: topic.description,
    keywords: topic.keywords.join('\n'),
    examples: topic.examples.join('\n'),
    zendeskTags: topic.zendeskTags.join('\n'),
    noAssist: topic.noAssist,
  };
}

const lines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');

// The admin API's body from the form, checked by its DTO (CreateTopicDto): the same rules as POST and PATCH. The
// button pressed (`intent`) says whether to save or only to test the draft.
export async function readTopicForm(body: unknown): Promise<{ values: TopicFormValues; intent: 'save' | 'test' } & ({ draft: TopicDraft } | FormState<TopicFormValues>)> {
  const fields = formFields(body);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
  const values: TopicFormValues = {
    name: text('name'),
    description: text('description'),
    keywords: text('keywords'),
    examples: text('examples'),
    zendeskTags: text('zendeskTags'),
    noAssist: fields.noAssist === 'on',
  };
  const intent = fields.intent === 'test' ? 'test' : 'save';
  const checked = await checkForm(CreateTopicDto, {
    name: values.name,
    description: values.description,
    keywords: lines(values.keywords),
    examples: lines(values.examples),
    zendeskTags: values.zendeskTags.split(/[\s,]+/).filter((tag) => tag !== ''),
    noAssist: values.noAssist,
  });
  if ('form' in checked) return { values, intent, draft: topicDraft(checked.form) };
  return { values, intent, problems: byField(checked.problems, {}) };
}

export interface TryFormValues {
  text: string;
  tags: string;
}

// A trial ticket: the admin API's classify body (ClassifyTicketDto).
export async function readTryForm(body: unknown): Promise<{ values: TryFormValues } & ({ ticket: TicketForTopics } | FormState<TryFormValues>)> {
  const fields = formFields(body);
  const values = { text: typeof fields.text === 'string' ? fields.text.trim() : '', tags: typeof fields.tags === 'string' ? fields.tags.trim() : '' };
  const tags = values.tags.split(/[\s,]+/).filter((tag) => tag !== '');
  const checked = await checkForm(ClassifyTicketDto, { text: values.text, tags });
  if ('form' in checked) return { values, ticket: { text: checked.form.text, tags: checked.form.tags ?? [] } };
  return { values, problems: byField(checked.problems, {}) };
}
