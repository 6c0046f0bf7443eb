// JSON.parse rounds integers beyond 2^53 (Zendesk ids may be: ticket 9007199254740993 became …992).
// Such integers come back as their digits in a string; every other value as JSON.parse gives it.

// A string literal (skipped whole, escapes included) or an integer literal outside any string.
const STRING_OR_INTEGER = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\w.+-])-?\d+(?![\d.eE])/g;

export function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(STRING_OR_INTEGER, (token) => (token[0] === '"' || Number.isSafeInteger(Number(token)) ? token : `"${token}"`)));
}
