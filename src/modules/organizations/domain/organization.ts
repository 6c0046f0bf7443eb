import { DomainError } from '../../../shared/errors/domain.error';
import { TicketStatus } from '../../zendesk/domain/ticket';

// Languages the note's own words (headings, links, disclaimer) are written in; the reply follows the customer.
export const NOTE_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type NoteLanguage = (typeof NOTE_LANGUAGES)[number];

// How readily a ticket matches a no-assist topic: `strict` (the default) misses fewer of them at the cost of a few
// more useful suggestions silenced, `balanced` the reverse (topics/domain/semantic-match.ts).
export const NO_ASSIST_MATCHING = ['strict', 'balanced'] as const;
export type NoAssistMatching = (typeof NO_ASSIST_MATCHING)[number];

export const TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

export interface OrganizationSettings {
  assistEnabled: boolean;
  respondOnlyWithPotentialAnswers: boolean;
  // Tickets carrying this tag came from our handoff flow: Assist never touches them.
  handoffTag: string;
  dedupeWindowHours: number;
  signOff: string;
  helpCenterSyncMinutes: number;
  // Ticket statuses Assist acts on (default new, open, pending, hold); pending and hold only after the customer.
  actionableStatuses: TicketStatus[];
  noteLanguage: NoteLanguage;
  // The training page may publish an article fix to Zendesk Guide (off by default: it writes to the help center).
  guideWriteBack: boolean;
  // Zendesk's API limit for the account's plan (Team 200, Growth/Professional 400, Enterprise 700, High
  // Volume 2,500): every instance of Assist together stays within it.
  zendeskRequestsPerMinute: number;
  noAssistMatching: NoAssistMatching;
  // Days a decision keeps the ticket's text and tags for the topic tester; older ones are erased.
  questionRetentionDays: number;
  // The account's active shared macros are synced into the knowledge base, cited and suggested (off by default).
  macrosEnabled: boolean;
  // Personal macros and macros restricted to groups are synced too (off: only macros every agent can use).
  macrosIncludeRestricted: boolean;
  // Solved and closed tickets' question and last agent reply, personal data removed, ground drafts (off by default).
  solvedTicketsEnabled: boolean;
  // How far back the first read of solved tickets goes.
  solvedTicketsLookbackDays: number;
}

export const MAX_QUESTION_RETENTION_DAYS = 3650;
// The admin API's and the console's limits for the other settings.
export const MAX_SIGN_OFF_LENGTH = 200;
export const MAX_DEDUPE_WINDOW_HOURS = 24 * 30;
export const MAX_HELP_CENTER_SYNC_MINUTES = 7 * 24 * 60;
export const DEFAULT_SOLVED_TICKETS_LOOKBACK_DAYS = 180;
export const MAX_SOLVED_TICKETS_LOOKBACK_DAYS = 3650;

export interface Organization {
  id: string;
  name: string;
  zendeskBaseUrl: string;
  zendeskEmail: string;
  settings: OrganizationSettings;
  createdAt: Date;
}

export enum OrganizationErrorCode {
  NotFound = 'organization_not_found',
  InvalidZendeskUrl = 'invalid_zendesk_base_url',
  Unauthenticated = 'admin_unauthenticated',
  Forbidden = 'admin_forbidden',
  ApiKeyNotFound = 'api_key_not_found',
}

export class OrganizationError extends DomainError<OrganizationErrorCode> {}

const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/i;

// Only https://*.zendesk.com unless the operator allows other hosts (local simulators, tests).
export function resolveZendeskBaseUrl(target: { subdomain?: string; baseUrl?: string }, allowInsecure: boolean): string {
  if (target.subdomain) {
    if (!SUBDOMAIN.test(target.subdomain)) {
      throw new OrganizationError(OrganizationErrorCode.InvalidZendeskUrl, `Invalid Zendesk subdomain "${target.subdomain}"`);
    }
    return `https://${target.subdomain.toLowerCase()}.zendesk.com`;
  }
  let url: URL;
  try {
    url = new URL(target.baseUrl ?? '');
  } catch {
    throw new OrganizationError(OrganizationErrorCode.InvalidZendeskUrl, 'zendesk.baseUrl must be an absolute URL');
  }
  const trusted = url.protocol === 'https:' && url.hostname.endsWith('.zendesk.com');
  if (!trusted && !allowInsecure) {
    throw new OrganizationError(
      OrganizationErrorCode.InvalidZendeskUrl,
      'zendesk.baseUrl must be https://<subdomain>.zendesk.com (set ZENDESK_ALLOW_INSECURE_BASE_URL=true for simulators)',
    );
  }
  return url.origin;
}
