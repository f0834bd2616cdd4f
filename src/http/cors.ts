// CORS from configuration (docs/clients.md). By default any page may read the public API, without
// credentials: `Access-Control-Allow-Origin: *`, and the Authorization header is not among the headers
// a page may send. Pages of the origins in CORS_CREDENTIALED_ORIGINS may send it (editors' tools):
// their origin is echoed with `Access-Control-Allow-Credentials: true`. With CORS_ORIGINS set to a list,
// only those origins may read at all. yoga's own CORS is off: it echoes any Origin with credentials.
import type { Plugin } from 'graphql-yoga';

export interface CorsOptions {
  /** `['*']` or the origins allowed to read without credentials */
  origins: readonly string[];
  /** origins allowed to send credentials (Authorization) */
  credentialedOrigins: readonly string[];
}

const READ_HEADERS = ['accept', 'content-type', 'x-request-id', 'if-none-match', 'apollographql-client-name', 'apollographql-client-version', 'apollo-require-preflight'];
const EXPOSED_HEADERS = ['etag', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'content-disposition'];
const PREFLIGHT_MAX_AGE_S = 600;

/** An origin as browsers send it: scheme, host and port, no path or trailing slash. */
export function normalizeOrigin(origin: string): string {
  return new URL(origin).origin;
}

export function corsHeaders(origin: string | null, options: CorsOptions): Record<string, string> {
  const anyOrigin = options.origins.includes('*');
  const credentialed = new Set(options.credentialedOrigins.map(normalizeOrigin));
  const readers = new Set(options.origins.filter((o) => o !== '*').map(normalizeOrigin));
  // The answer depends on the Origin whenever it is not the same `*` for everyone.
  const vary: Record<string, string> = credentialed.size > 0 || !anyOrigin ? { vary: 'Origin' } : {};
  if (!origin) return vary;
  const common = {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
  };
  if (credentialed.has(origin)) {
    return {
      ...vary,
      ...common,
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': [...READ_HEADERS, 'authorization'].join(', '),
    };
  }
  if (anyOrigin || readers.has(origin)) {
    return { ...vary, ...common, 'access-control-allow-origin': anyOrigin ? '*' : origin, 'access-control-allow-headers': READ_HEADERS.join(', ') };
  }
  return vary;
}

/** Adds names to the Vary header, keeping those already there. */
export function appendVary(headers: Headers, value: string): void {
  const current = headers.get('vary');
  const names = new Set((current ? current.split(',') : []).map((s) => s.trim()).filter(Boolean));
  for (const name of value.split(',')) names.add(name.trim());
  headers.set('vary', [...names].join(', '));
}

export function useCors(options: CorsOptions): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      const headers = corsHeaders(request.headers.get('origin'), options);
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { ...headers, 'content-length': '0' } }));
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      for (const [name, value] of Object.entries(corsHeaders(request.headers.get('origin'), options))) {
        if (name === 'vary') appendVary(response.headers, value);
        else response.headers.set(name, value);
      }
    },
  };
}
