import { Injectable, Optional } from '@nestjs/common';
import { MacroGateway } from '../application/ports/macro-gateway';
import { RequestGuard } from '../application/ports/request-guard';
import { MacrosPage, ZendeskMacro } from '../domain/macro';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { isOptionalText, isRecord, listIn, malformedAnswer, readItems, vendorIdOf, VendorRecord } from './vendor-answer';
import { vendorText } from './vendor-text';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

// Ids are read with parseJsonExact: numbers, or digit strings beyond 2^53.
type VendorId = number | string;

export interface VendorMacro {
  id: VendorId;
  title: string | null;
  description?: string | null;
  actions?: { field: string; value: unknown }[] | null;
  restriction?: { type: string; id?: VendorId; ids?: VendorId[] } | null;
  usage_30d?: number | null;
  updated_at: string;
}

const PAGE_SIZE = 100;
const LABEL = 'GET /api/v2/macros/active.json';

// Zendesk's Macros API over its documented JSON endpoint (node-zendesk's macros client pages by offset and
// cannot resume from a saved cursor), through the same retrying, budgeted transport as the Help Center sync.
@Injectable()
export class ZendeskMacroGateway extends MacroGateway {
  private readonly http: ZendeskHttp;

  // A background read, like Guide's: it leaves the account's budget to webhook jobs first.
  constructor(guard: RequestGuard, @Optional() retry: RetryPolicy = new RetryPolicy()) {
    super();
    this.http = new ZendeskHttp(guard, retry, 'sync');
  }

  async listActiveMacros(account: ZendeskAccount, cursor: string | null): Promise<MacrosPage> {
    const url = cursor ? sameHost(account, cursor) : firstPage(account);
    const page = await this.http.getJson<unknown>(account, url);
    const { items, malformed } = readItems(listIn(page, 'macros', LABEL), macroProblem, (macro) => toMacro(macro as unknown as VendorMacro));
    return { macros: items, malformed, next: nextPage(account, page as VendorRecord) };
  }
}

// Cursor pagination always answers meta and links: without them the pass could not tell its last page, and
// would remove every macro of the pages it never read.
function nextPage(account: ZendeskAccount, page: VendorRecord): string | null {
  const { meta, links } = page;
  if (!isRecord(meta) || typeof meta.has_more !== 'boolean') throw malformedAnswer(LABEL, '"meta.has_more" is missing');
  if (!meta.has_more) return null;
  if (!isRecord(links) || typeof links.next !== 'string' || !URL.canParse(links.next)) throw malformedAnswer(LABEL, 'more pages, but no "links.next" to read them');
  return sameHost(account, links.next);
}

function firstPage(account: ZendeskAccount): string {
  const url = new URL('/api/v2/macros/active.json', account.baseUrl);
  url.searchParams.set('page[size]', String(PAGE_SIZE));
  url.searchParams.set('include', 'usage_30d');
  return url.toString();
}

// Pagination links are followed only on the account's own host: our credentials go nowhere else.
function sameHost(account: ZendeskAccount, url: string): string {
  if (new URL(url).origin !== new URL(account.baseUrl).origin) {
    throw new ZendeskError(ZendeskErrorCode.Rejected, `Zendesk pointed to a page on another host: ${new URL(url).origin}`);
  }
  return url;
}

// What makes a listed macro unreadable; null when it reads. A restriction or an action of another shape is
// read leniently (toMacro), as Zendesk adds fields and types over time.
export function macroProblem(macro: VendorRecord): string | null {
  if (vendorIdOf(macro.id) === null) return 'no Zendesk id';
  if (!isOptionalText(macro.title)) return 'title is not text';
  if (!isOptionalText(macro.description)) return 'description is not text';
  if (typeof macro.updated_at !== 'string' || Number.isNaN(Date.parse(macro.updated_at))) return 'updated_at is not a time';
  if (macro.actions !== undefined && macro.actions !== null && !(Array.isArray(macro.actions) && macro.actions.every(isRecord))) return 'actions is not a list of actions';
  return null;
}

export function toMacro(macro: VendorMacro): ZendeskMacro {
  const restriction = isRecord(macro.restriction) ? macro.restriction : null;
  return {
    id: String(macro.id),
    title: vendorText.line(macro.title),
    description: macro.description ? vendorText.line(macro.description) : null,
    commentHtml: commentHtml(macro.actions ?? []),
    restriction: restriction && {
      type: restriction.type === 'User' ? 'User' : 'Group',
      ids: (Array.isArray(restriction.ids) ? restriction.ids : restriction.id === undefined ? [] : [restriction.id]).map(String),
    },
    usage30d: typeof macro.usage_30d === 'number' ? macro.usage_30d : null,
    updatedAt: macro.updated_at,
  };
}

// The comment a macro adds: `comment_value_html` (HTML), or `comment_value`, plain text either alone or as
// [channel, text] ("channel:all"). Several comment actions are joined in their order.
function commentHtml(actions: { field: string; value: unknown }[]): string | null {
  const parts = actions.flatMap((action) => {
    if (action.field === 'comment_value_html' && typeof action.value === 'string') return [action.value];
    if (action.field !== 'comment_value') return [];
    const text = typeof action.value === 'string' ? action.value : Array.isArray(action.value) ? action.value.at(-1) : null;
    return typeof text === 'string' ? [plainTextAsHtml(text)] : [];
  });
  const html = vendorText.articleBody(parts.join('\n')).trim();
  return html ? html : null;
}

const plainTextAsHtml = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
