import { isUtf8 } from 'node:buffer';

// Deeper than any body we accept (a settings patch is 2 levels, a webhook payload 4), shallow enough that
// nothing recursive downstream (validation, GraphQL input coercion, jsonb, logs) can run out of stack on it.
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

// Whether UTF-8 JSON nests objects and arrays deeper than `maxDepth`, from the bytes, before anything parses them:
// one pass, strings skipped with indexOf (about 6 ms for 9 MB), none of the work JSON.parse would do.
export function jsonTooDeep(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      // A string's brackets are text: its end is the next quote not escaped by an odd run of backslashes.
      for (;;) {
        i = bytes.indexOf(QUOTE, i + 1);
        if (i === -1) return false;
        let backslashes = 0;
        while (bytes[i - 1 - backslashes] === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const NUL_ESCAPE = Buffer.from('\\u0000');

// Whether UTF-8 JSON has a NUL in a string (raw NUL bytes are not valid JSON; only the escape is). PostgreSQL
// stores no NUL in text or jsonb: one in any field would fail the statement as a 500.
export function jsonHasNul(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(NUL_ESCAPE); i !== -1; i = bytes.indexOf(NUL_ESCAPE, i + 1)) {
    // `\\u0000` is a backslash and some text: the escape is the backslash ending an odd run.
    let backslashes = 1;
    while (bytes[i - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) return true;
  }
  return false;
}

// A refused body: the problem filter answers its status (problem-details.filter.ts).
function bodyError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}

// UTF-8 only, as RFC 8259 asks: the scans read bytes, and invalid UTF-8 would otherwise be stored with replacement
// characters nobody sent. `charset` is the one declared (JSON), null for the webhook's raw bytes.
function refuseUnboundedJson(bytes: Buffer, charset: string | null): void {
  if (charset !== null && charset !== 'utf-8') throw bodyError(415, `JSON bodies must be UTF-8, not ${charset}`);
  if (!isUtf8(bytes)) throw bodyError(400, 'The body is not valid UTF-8');
  if (jsonTooDeep(bytes, MAX_JSON_DEPTH)) throw bodyError(400, `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
}

// JSON bodies (admin REST, GraphQL): UTF-8, at most MAX_JSON_DEPTH levels deep, no NUL, an object or an array
// (as body-parser's strict mode had it); an empty body is an empty object.
export function parseBoundedJson(bytes: Buffer, charset: string | null): unknown {
  refuseUnboundedJson(bytes, charset ?? 'utf-8');
  if (jsonHasNul(bytes)) throw bodyError(400, 'The body holds a NUL character (\\u0000)');
  const text = bytes.toString('utf8');
  const first = /[^\x20\t\n\r]/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw bodyError(400, `Unexpected token ${JSON.stringify(first)}: a JSON body is an object or an array`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw bodyError(400, (error as Error).message);
  }
}

// The webhook keeps its raw bytes for the signature; they are held to the same bounds before it is checked. A NUL
// in a ticket's text is Zendesk's to send: the intake stores the payload made safe instead.
export function boundedRaw(bytes: Buffer): Buffer {
  refuseUnboundedJson(bytes, null);
  return bytes;
}
