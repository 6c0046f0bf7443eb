// JSON.parse rounds integers beyond 2^53 (Zendesk ids may be: ticket 9007199254740993 became …992).
// Such integers come back as their digits in a string; every other value as JSON.parse gives it.

// A string literal (skipped whole, escapes included) or an integer literal outside any string.
const STRING_OR_INTEGER = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\w.+-])-?\d+(?![\d.eE])/g;

// Every integer of 15 digits or fewer is safe (2^53 has 16): a text without 16 digits in a row needs no rewrite.
const SIXTEEN_DIGITS = /\d{16}/;

export function parseJsonExact(text: string): unknown {
  if (!SIXTEEN_DIGITS.test(text)) return JSON.parse(text);
  return JSON.parse(text.replace(STRING_OR_INTEGER, (token) => (token[0] === '"' || Number.isSafeInteger(Number(token)) ? token : `"${token}"`)));
}
