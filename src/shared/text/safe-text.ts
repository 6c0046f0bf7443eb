// Text from outside (Zendesk comments, names, articles, error messages) made safe to store and show.
// PostgreSQL refuses NUL in text and jsonb, and an unpaired UTF-16 surrogate cannot be encoded as UTF-8:
// either one in a single comment used to fail the statement, and with it the job, the worker and the process.

// C0 controls but tab, line feed and carriage return; DEL and the C1 controls.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const TRUNCATION_MARK = ' [… truncated]';

// NUL and lone surrogates dropped, other control characters turned into spaces (they separate words in
// mail gateways' output more often than not), line breaks and tabs kept. At most `maxLength` UTF-16 units,
// the cut marked and never inside a surrogate pair.
export function safeText(value: string, maxLength = Number.POSITIVE_INFINITY): string {
  const cleaned = value.replace(LONE_SURROGATES, '').replace(/\u0000/g, '').replace(CONTROL_CHARACTERS, ' ');
  return truncateText(cleaned, maxLength);
}

export function truncateText(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  let end = Math.max(0, maxLength - TRUNCATION_MARK.length);
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return value.slice(0, end) + TRUNCATION_MARK;
}

// For values of unknown type on their way into jsonb (decision evidence, job errors): every string inside made safe.
export function safeJson<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map((item) => safeJson(item)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [safeText(key), safeJson(item)])) as T;
  }
  return value;
}
