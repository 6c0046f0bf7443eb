import { Injectable, Optional } from '@nestjs/common';
import { MacroGateway } from '../application/ports/macro-gateway';
import { RequestGuard } from '../application/ports/request-guard';
import { MacrosPage, ZendeskMacro } from '../domain/macro';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
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
    const page = await this.http.getJson<{ macros: VendorMacro[]; meta?: { has_more: boolean }; links?: { next: string | null } }>(account, url);
    const next = page.meta?.has_more && page.links?.next ? page.links.next : null;
    return { macros: page.macros.map(toMacro), next };
  }
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

export function toMacro(macro: VendorMacro): ZendeskMacro {
  const restriction = macro.restriction ?? null;
  return {
    id: String(macro.id),
    title: vendorText.line(macro.title),
    description: macro.description ? vendorText.line(macro.description) : null,
    commentHtml: commentHtml(macro.actions ?? []),
    restriction: restriction && {
      type: restriction.type === 'User' ? 'User' : 'Group',
      ids: (restriction.ids ?? (restriction.id === undefined ? [] : [restriction.id])).map(String),
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
