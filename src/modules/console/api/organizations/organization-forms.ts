import { randomBytes } from 'node:crypto';
import { FieldError } from '../../../../shared/http/validation';
import { checkForm, formFields } from '../../../../shared/web/page-forms';
import { CreateOrganizationDto, UpdateSettingsDto } from '../../../organizations/api/organization.dto';
import { OrganizationSettings } from '../../../organizations/domain/organization';

// What a form shows: the values to fill in, and the problems by the form's own field names.
export interface FormState<Values> {
  values: Values;
  problems: Record<string, string[]>;
}

export interface OrganizationFormValues {
  name: string;
  subdomain: string;
  email: string;
}

// The create form's fields as the admin API's body: the same DTO, the same rules. The secrets are never shown
// again, so a refused form keeps everything but them. A blank signing secret stands for one nobody knows, so that no
// delivery verifies until Connect Zendesk stores the secret of the webhook it creates (or the admin pastes one).
export async function readOrganizationForm(body: unknown): Promise<{ values: OrganizationFormValues } & ({ registration: CreateOrganizationDto } | FormState<OrganizationFormValues>)> {
  const fields = formFields(body);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
  const values = { name: text('name'), subdomain: text('subdomain'), email: text('email') };
  const checked = await checkForm(CreateOrganizationDto, {
    name: values.name,
    zendesk: { subdomain: values.subdomain || undefined, email: values.email, apiToken: text('apiToken') },
    webhookSigningSecret: text('webhookSigningSecret') || randomBytes(32).toString('base64url'),
  });
  if ('form' in checked) return { values, registration: checked.form };
  const problems = byField(checked.problems, ORGANIZATION_FIELDS);
  // With no subdomain class-validator complains of both it and a base URL: one plain request instead.
  if (!values.subdomain) problems.subdomain = ['Enter the Zendesk subdomain (acme for acme.zendesk.com)'];
  return { values, problems };
}

// The DTO's paths to the form's fields (the form has no base URL: a problem with it is one with the subdomain).
const ORGANIZATION_FIELDS: Record<string, string> = {
  'zendesk.subdomain': 'subdomain',
  'zendesk.baseUrl': 'subdomain',
  'zendesk.email': 'email',
  'zendesk.apiToken': 'apiToken',
};

// Every setting of PATCH /admin/organizations/:id/settings.
export interface SettingsFormValues {
  assistEnabled: boolean;
  respondOnlyWithPotentialAnswers: boolean;
  actionableStatuses: string[];
  noteLanguage: string;
  handoffTag: string;
  guideWriteBack: boolean;
  noAssistMatching: string;
  zendeskRequestsPerMinute: string;
  questionRetentionDays: string;
  signOff: string;
  dedupeWindowHours: string;
  helpCenterSyncMinutes: string;
  macrosEnabled: boolean;
  macrosIncludeRestricted: boolean;
  solvedTicketsEnabled: boolean;
  solvedTicketsLookbackDays: string;
}

export function settingsFormValues(settings: OrganizationSettings): SettingsFormValues {
  return {
    assistEnabled: settings.assistEnabled,
    respondOnlyWithPotentialAnswers: settings.respondOnlyWithPotentialAnswers,
    actionableStatuses: [...settings.actionableStatuses],
    noteLanguage: settings.noteLanguage,
    handoffTag: settings.handoffTag,
    guideWriteBack: settings.guideWriteBack,
    noAssistMatching: settings.noAssistMatching,
    zendeskRequestsPerMinute: String(settings.zendeskRequestsPerMinute),
    questionRetentionDays: String(settings.questionRetentionDays),
    signOff: settings.signOff,
    dedupeWindowHours: String(settings.dedupeWindowHours),
    helpCenterSyncMinutes: String(settings.helpCenterSyncMinutes),
    macrosEnabled: settings.macrosEnabled,
    macrosIncludeRestricted: settings.macrosIncludeRestricted,
    solvedTicketsEnabled: settings.solvedTicketsEnabled,
    solvedTicketsLookbackDays: String(settings.solvedTicketsLookbackDays),
  };
}

// A checkbox left unticked is not sent at all: the form always carries every field, so absent means off. The
// sign-off, dedupe window, sync interval and solved tickets' look-back came later: a page opened before then leaves them as they are.
export async function readSettingsForm(body: unknown): Promise<{ values: SettingsFormValues } & ({ changes: UpdateSettingsDto } | FormState<SettingsFormValues>)> {
  const fields = formFields(body);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
  const statuses = fields.actionableStatuses;
  const values: SettingsFormValues = {
    assistEnabled: fields.assistEnabled === 'on',
    respondOnlyWithPotentialAnswers: fields.respondOnlyWithPotentialAnswers === 'on',
    actionableStatuses: Array.isArray(statuses) ? statuses : statuses ? [statuses] : [],
    noteLanguage: text('noteLanguage'),
    handoffTag: text('handoffTag'),
    guideWriteBack: fields.guideWriteBack === 'on',
    noAssistMatching: text('noAssistMatching'),
    zendeskRequestsPerMinute: text('zendeskRequestsPerMinute'),
    questionRetentionDays: text('questionRetentionDays'),
    signOff: text('signOff'),
    dedupeWindowHours: text('dedupeWindowHours'),
    helpCenterSyncMinutes: text('helpCenterSyncMinutes'),
    macrosEnabled: fields.macrosEnabled === 'on',
    macrosIncludeRestricted: fields.macrosIncludeRestricted === 'on',
    solvedTicketsEnabled: fields.solvedTicketsEnabled === 'on',
    solvedTicketsLookbackDays: text('solvedTicketsLookbackDays'),
  };
  // A whole number becomes one; anything else goes to the DTO as typed, and fails its integer check there.
  const integer = (value: string) => (/^-?\d{1,9}$/.test(value) ? Number(value) : value);
  const given = (name: 'signOff' | 'dedupeWindowHours' | 'helpCenterSyncMinutes' | 'solvedTicketsLookbackDays', value: string | number) => (fields[name] === undefined ? undefined : value);
  const checked = await checkForm(UpdateSettingsDto, {
    ...values,
    zendeskRequestsPerMinute: integer(values.zendeskRequestsPerMinute),
    questionRetentionDays: integer(values.questionRetentionDays),
    signOff: given('signOff', values.signOff),
    dedupeWindowHours: given('dedupeWindowHours', integer(values.dedupeWindowHours)),
    helpCenterSyncMinutes: given('helpCenterSyncMinutes', integer(values.helpCenterSyncMinutes)),
    solvedTicketsLookbackDays: given('solvedTicketsLookbackDays', integer(values.solvedTicketsLookbackDays)),
  });
  if ('form' in checked) return { values, changes: checked.form };
  return { values, problems: byField(checked.problems, {}) };
}

export function byField(problems: FieldError[], fields: Record<string, string>): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const { field, message } of problems) {
    const name = fields[field] ?? field.split('.')[0];
    (grouped[name] ??= []).push(message);
  }
  return grouped;
}
