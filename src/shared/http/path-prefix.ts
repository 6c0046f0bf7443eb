import { FastifyRequest } from 'fastify';

// Whether a path is one of `prefixes` or below it, as a mount path matched: `/admin` covers `/admin` and
// `/admin/organizations`, never `/administrator`.
export function underPrefix(path: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) {
    if (path.startsWith(prefix)) {
      const next = path.charCodeAt(prefix.length);
      if (Number.isNaN(next) || next === SLASH || next === QUESTION_MARK) return true;
    }
  }
  return false;
}

// What a request's prefix is read from: the route it matched, as registered, since the router decodes the path
// (`/%61dmin/organizations` is routed as `/admin/organizations` and must get the `/admin` hooks); the URL when
// no route matched (a 404).
export function routedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url;
}

const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
