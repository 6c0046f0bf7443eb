// Whether a request's URL (path and query) is one of `prefixes` or below it, as a mount path matched: `/admin`
// covers `/admin` and `/admin/organizations`, never `/administrator`.
export function underPrefix(url: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) {
    if (url.startsWith(prefix)) {
      const next = url.charCodeAt(prefix.length);
      if (Number.isNaN(next) || next === SLASH || next === QUESTION_MARK) return true;
    }
  }
  return false;
}

const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
