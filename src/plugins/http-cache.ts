// Cache-Control for CDNs and browsers on /graphql. An anonymous GET read whose result has no error is
// `public, max-age=N`, N being the response cache's TTL (HTTP_CACHE_MAX_AGE_S overrides it), so a CDN
// holds an answer no longer than the server's own cache does and a write is seen everywhere within
// that time. Everything else is `private, no-store`: a request with credentials (Authorization or a
// cookie), any result with an error, any POST. `Vary: Accept` because the same URL answers browsers
// with GraphiQL and programs with JSON. This is separate from the response cache plugin, which decides
// what the server itself keeps.
import type { Plugin } from 'graphql-yoga';
import { requestUrl } from '../http/request-url.js';
import { appendVary } from '../http/cors.js';

export interface HttpCacheOptions {
  graphqlEndpoint: string;
  /** max-age of public reads, seconds; 0 sends `no-cache` instead */
  maxAgeSeconds: number;
}

export const PRIVATE = 'private, no-store';

export function hasCredentials(request: Request): boolean {
  return request.headers.has('authorization') || request.headers.has('cookie');
}

export function useHttpCache(options: HttpCacheOptions): Plugin {
  const failed = new WeakSet<Request>();
  return {
    onResultProcess({ request, result }) {
      const results = Array.isArray(result) ? result : [result];
      if (results.some((r) => !r || Symbol.asyncIterator in r || (r.errors?.length ?? 0) > 0)) failed.add(request);
    },
    onResponse({ request, response }) {
      if (requestUrl(request).pathname !== options.graphqlEndpoint) return;
      if (response.headers.get('content-type')?.startsWith('text/html')) return; // GraphiQL's page
      appendVary(response.headers, 'Accept');
      const cacheable =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !hasCredentials(request) &&
        (response.status === 200 || response.status === 304) &&
        !failed.has(request);
      if (!cacheable) response.headers.set('cache-control', PRIVATE);
      else if (options.maxAgeSeconds > 0) response.headers.set('cache-control', `public, max-age=${options.maxAgeSeconds}`);
      else response.headers.set('cache-control', 'no-cache');
    },
  };
}
