import { isoSeconds, Reply } from './simulator-http';

// Zendesk's cursor-based incremental ticket export, GET /api/v2/incremental/tickets/cursor.json, as documented:
// `start_time` (epoch seconds) for the first page, then `cursor` (a page's after_cursor); every ticket changed
// at or after the start, ordered by its generated_timestamp, per_page (default and maximum 1000) a page; changes
// within the last minute are left for a later request. Each page carries after_url, after_cursor, before_url,
// before_cursor and end_of_stream; at the end of the stream after_cursor still says where to poll from next.

export const MAX_EXPORT_PAGE_SIZE = 1000;
const RECENT_SECONDS = 60;

export interface ExportableTicket {
  id: number | bigint;
  status: string;
  updated_at: string;
}

interface ExportPoint {
  at: number;
  id: string;
}

const encode = (point: ExportPoint) => Buffer.from(`${point.at}|${point.id}`).toString('base64url');

function decode(cursor: string): ExportPoint | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return /^\d+$/.test(at ?? '') && /^\d*$/.test(id ?? 'x') ? { at: Number(at), id } : null;
}

const generatedTimestamp = (ticket: ExportableTicket) => Math.floor(Date.parse(ticket.updated_at) / 1000);

// Whether the ticket comes after the point: (timestamp, id) pairs, ids compared as numbers; a point without an id
// stands before every ticket of its second.
function after(ticket: ExportableTicket, point: ExportPoint): boolean {
  const at = generatedTimestamp(ticket);
  if (at !== point.at) return at > point.at;
  return point.id === '' || BigInt(ticket.id) > BigInt(point.id);
}

export function exportTickets<T extends ExportableTicket>(tickets: T[], url: URL, baseUrl: string, pageSizeCap: number, view: (ticket: T) => object): Reply {
  const cursor = url.searchParams.get('cursor');
  const startTime = url.searchParams.get('start_time');
  const now = Math.floor(Date.now() / 1000);
  let from: ExportPoint;
  if (cursor) {
    const decoded = decode(cursor);
    if (!decoded) return { status: 400, body: { error: 'InvalidPaginationParameter', description: 'cursor is invalid' } };
    from = decoded;
  } else if (startTime !== null && /^\d+$/.test(startTime)) {
    if (Number(startTime) > now - RECENT_SECONDS) return { status: 422, body: { error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute' } };
    // No id: every ticket changed at the start time itself is included.
    from = { at: Number(startTime), id: '' };
  } else {
    return { status: 400, body: { error: 'InvalidValue', description: 'start_time or cursor is required' } };
  }
  const requested = Number(url.searchParams.get('per_page')) || MAX_EXPORT_PAGE_SIZE;
  const size = Math.max(1, Math.min(requested, pageSizeCap, MAX_EXPORT_PAGE_SIZE));
  const due = tickets
    .filter((ticket) => generatedTimestamp(ticket) <= now - RECENT_SECONDS && after(ticket, from))
    .sort((a, b) => generatedTimestamp(a) - generatedTimestamp(b) || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const page = due.slice(0, size);
  const last = page[page.length - 1];
  const afterCursor = encode(last ? { at: generatedTimestamp(last), id: String(last.id) } : from);
  const beforeCursor = page[0] ? encode({ at: generatedTimestamp(page[0]), id: String(page[0].id) }) : null;
  const pageUrl = (key: string, value: string) => `${baseUrl}/api/v2/incremental/tickets/cursor.json?${key}=${encodeURIComponent(value)}`;
  return {
    status: 200,
    body: {
      tickets: page.map((ticket) => ({ ...view(ticket), generated_timestamp: generatedTimestamp(ticket) })),
      after_url: pageUrl('cursor', afterCursor),
      after_cursor: afterCursor,
      before_url: beforeCursor && pageUrl('cursor', beforeCursor),
      before_cursor: beforeCursor,
      end_of_stream: due.length <= size,
    },
  };
}

export const secondsAgo = (seconds: number) => isoSeconds(Date.now() / 1000 - seconds);
