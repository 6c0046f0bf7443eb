import { parse as parseQueryString } from 'node:querystring';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { boundedRaw, parseBoundedJson } from './bounded-body';
import { routedPath, underPrefix } from './path-prefix';

export interface RequestBodies {
  // The largest body of any route not named below.
  defaultLimit: number;
  // Routes under these prefixes read at most this many bytes: past it, 413 without reading further.
  limits: Record<string, number>;
  // Below these, every body stays its raw bytes (the webhook's signature covers them as sent).
  raw: string[];
  // Below these, urlencoded form posts are parsed (the browser pages); elsewhere they are ignored, as any body
  // that is not JSON.
  forms: string[];
}

const FORM_FIELDS_LIMIT = 1000;

// How every request body is read: no content type refused, JSON bounded (bounded-body.ts), forms only where pages
// post them. A body nobody reads (text/plain on the admin API) is left undefined: validation answers it.
export function registerRequestBodies(fastify: FastifyInstance, bodies: RequestBodies): void {
  const prefixes = Object.keys(bodies.limits);
  fastify.addHook('onRoute', (route) => {
    const prefix = prefixes.find((candidate) => underPrefix(route.url, [candidate]));
    if (prefix && route.bodyLimit === undefined) route.bodyLimit = bodies.limits[prefix];
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bodies.defaultLimit }, (request: FastifyRequest, bytes: Buffer, done) => {
    try {
      done(null, parseBody(request, bytes, bodies));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function parseBody(request: FastifyRequest, bytes: Buffer, bodies: RequestBodies): unknown {
  const path = routedPath(request);
  if (underPrefix(path, bodies.raw)) return boundedRaw(bytes);
  const { mediaType, charset } = contentTypeOf(request.headers['content-type']);
  if (mediaType === 'application/json') return parseBoundedJson(bytes, charset);
  if (mediaType === 'application/x-www-form-urlencoded' && underPrefix(path, bodies.forms)) {
    return parseQueryString(bytes.toString('utf8'), undefined, undefined, { maxKeys: FORM_FIELDS_LIMIT });
  }
  return undefined;
}

function contentTypeOf(header: string | undefined): { mediaType: string; charset: string | null } {
  const [mediaType, ...parameters] = (header ?? '').toLowerCase().split(';');
  const charset = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('charset='));
  return { mediaType: mediaType.trim(), charset: charset ? charset.slice('charset='.length).replace(/^"|"$/g, '') : null };
}
