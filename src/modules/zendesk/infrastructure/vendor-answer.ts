import { MalformedItem } from '../domain/malformed-item';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';

// Checks on a JSON answer Zendesk sent with a 200, for the reads that page through a list: a page whose shape is
// wrong fails the read with a message saying what was wrong (the sync keeps its cursor at the last good page),
// and an item whose shape is wrong is left out and reported (MalformedItem).

export type VendorRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is VendorRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

export function malformedAnswer(label: string, why: string): ZendeskError {
  return new ZendeskError(ZendeskErrorCode.Rejected, `Zendesk ${label}: malformed answer: ${why}`);
}

// The page's list under `key`.
export function listIn(page: unknown, key: string, label: string): unknown[] {
  const list = isRecord(page) ? page[key] : undefined;
  if (!Array.isArray(list)) throw malformedAnswer(label, `"${key}" is not a list`);
  return list;
}

// A Zendesk id as its digits: a JSON integer, or the digit string parseJsonExact made of one beyond 2^53.
export function vendorIdOf(value: unknown): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : null;
  return typeof value === 'string' && /^[1-9]\d*$/.test(value) ? value : null;
}

// Text, or nothing (null or absent): anything else is a malformed field.
export const isOptionalText = (value: unknown): value is string | null | undefined => value === null || value === undefined || typeof value === 'string';

// Each item checked by `problemOf` (null: well formed), the well-formed ones mapped, the rest reported.
export function readItems<T>(items: unknown[], problemOf: (item: VendorRecord) => string | null, map: (item: VendorRecord) => T): { items: T[]; malformed: MalformedItem[] } {
  const read: T[] = [];
  const malformed: MalformedItem[] = [];
  for (const item of items) {
    const problem = isRecord(item) ? problemOf(item) : 'not an object';
    if (problem === null) read.push(map(item as VendorRecord));
    else malformed.push({ id: isRecord(item) ? vendorIdOf(item.id) : null, reason: problem });
  }
  return { items: read, malformed };
}
