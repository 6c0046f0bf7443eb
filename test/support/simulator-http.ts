import { createHmac } from 'node:crypto';

// What the Zendesk simulator's parts share: the reply shape, Zendesk's timestamps and its cursor pagination.

// `raw`: sent as it is instead of `body`'s JSON (a cut-short answer, an HTML page).
export type Reply = { status: number; body: unknown; headers?: Record<string, string>; raw?: string };

export const MAX_PAGE_SIZE = 100;

export const notFound = (error = 'RecordNotFound'): Reply => ({ status: 404, body: { error, description: 'Not found' } });

// Zendesk stamps to the second, e.g. 2026-11-24T15:23:48Z.
export const isoSeconds = (epochSeconds: number) => new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');

// Cursor pagination as Zendesk does it; the cursor is the id of the item at the page's edge.
export function paginate<T extends { id: number | string }>(items: T[], url: URL, cap: number, baseUrl: string) {
  const requested = Number(url.searchParams.get('page[size]')) || MAX_PAGE_SIZE;
  const size = Math.max(1, Math.min(requested, cap, MAX_PAGE_SIZE));
  const after = url.searchParams.get('page[after]');
  const start = after ? items.findIndex((item) => String(item.id) === after) + 1 : 0;
  const page = items.slice(start, start + size);
  const hasMore = start + size < items.length;
  const afterCursor = page.length > 0 ? String(page[page.length - 1].id) : null;
  const next = new URL(url.pathname, baseUrl);
  next.searchParams.set('page[size]', String(size));
  next.searchParams.set('page[after]', afterCursor ?? '');
  return {
    items: page,
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: page.length > 0 ? String(page[0].id) : null },
    links: { next: hasMore ? next.toString() : null, prev: null },
  };
}

// How Zendesk signs a webhook delivery: base64(HMAC-SHA256(secret, timestamp + raw body)).
export function signZendeskWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(timestamp + rawBody).digest('base64');
}
