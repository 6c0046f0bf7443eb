import { checkForm, formFields } from '../../../../shared/web/page-forms';
import { UpdateOrganizationDto, ZendeskConnectionDto } from '../../../organizations/api/organization.dto';
import { Organization } from '../../../organizations/domain/organization';
import { ZENDESK_TICKET_ID, ZENDESK_TICKET_ID_MESSAGE } from '../../../zendesk/domain/ticket';
import { byField, FormState } from '../organizations/organization-forms';

export interface ConnectionFormValues {
  subdomain: string;
  baseUrl: string;
  email: string;
}

const ZENDESK_HOST = /^https:\/\/([a-z0-9][a-z0-9-]*)\.zendesk\.com$/i;

// An account on zendesk.com shows as its subdomain; any other address (a simulator) as its base URL.
export function connectionFormValues(organization: Organization): ConnectionFormValues {
  const subdomain = ZENDESK_HOST.exec(organization.zendeskBaseUrl)?.[1];
  return { subdomain: subdomain ?? '', baseUrl: subdomain ? '' : organization.zendeskBaseUrl, email: organization.zendeskEmail };
}

// The form as the `zendesk` part of PATCH /admin/organizations/:id, checked by its DTO. A blank API token keeps
// the stored one (`currentToken`): the token is never sent to the browser, so the admin cannot retype it.
export async function readConnectionForm(
  body: unknown,
  { currentToken, baseUrlAllowed }: { currentToken: string; baseUrlAllowed: boolean },
): Promise<{ values: ConnectionFormValues } & ({ zendesk: ZendeskConnectionDto } | FormState<ConnectionFormValues>)> {
  const fields = formFields(body);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
  const values = { subdomain: text('subdomain'), baseUrl: baseUrlAllowed ? text('baseUrl') : '', email: text('email') };
  const checked = await checkForm(UpdateOrganizationDto, {
    zendesk: { subdomain: values.subdomain || undefined, baseUrl: values.subdomain ? undefined : values.baseUrl || undefined, email: values.email, apiToken: text('apiToken') || currentToken },
  });
  if ('form' in checked && checked.form.zendesk) return { values, zendesk: checked.form.zendesk };
  const where = baseUrlAllowed ? 'baseUrl' : 'subdomain';
  const problems = 'problems' in checked ? byField(checked.problems, { ...CONNECTION_FIELDS, 'zendesk.baseUrl': where }) : {};
  // With neither, class-validator complains of both: one plain request instead.
  if (!values.subdomain && !values.baseUrl) {
    delete problems.baseUrl;
    problems.subdomain = [baseUrlAllowed ? 'Enter the Zendesk subdomain (acme for acme.zendesk.com), or a base URL' : 'Enter the Zendesk subdomain (acme for acme.zendesk.com)'];
  }
  return { values, problems };
}

const CONNECTION_FIELDS: Record<string, string> = {
  'zendesk.subdomain': 'subdomain',
  'zendesk.email': 'email',
  'zendesk.apiToken': 'apiToken',
};

// The ticket id of "Send a test", as the webhook's body would carry it.
export function readTestTicketForm(body: unknown): { ticketId: string; problems: Record<string, string[]> } {
  const raw = formFields(body).ticketId;
  const ticketId = typeof raw === 'string' ? raw.trim() : '';
  return { ticketId, problems: ZENDESK_TICKET_ID.test(ticketId) ? {} : { ticketId: [ZENDESK_TICKET_ID_MESSAGE] } };
}
