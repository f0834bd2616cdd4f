// Rate limiting per client: per bearer token when the request carries one, per client IP otherwise.
// One gate for every request that reaches it, whatever its path: GraphQL (yoga also answers on
// `/graphql/`, `//graphql` and other paths ending in /graphql), exports and any route added later.
// Only the probes (/health, /ready, /healthz, /metrics) are exempt, named in one list.
// The budget lives in memory on one instance and in Redis when the app is given a Redis client, so
// every instance of a deployment draws on the same budget. Every GraphQL response carries the IETF
// draft's RateLimit-Limit / -Remaining / -Reset headers; a client over budget gets HTTP 429 with
// Retry-After and a GraphQL error whose extensions.code is RATE_LIMITED.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** requests per window; 0 turns limiting off */
  points: number;
  windowSeconds: number;
  /** how many trusted proxies append to X-Forwarded-For in front of the app */
  trustProxyHops: number;
  /** paths never counted: health probes and metric scrapes arrive every few seconds */
  exemptPaths: ReadonlySet<string>;
  redis?: Redis | undefined;
  keyPrefix: string;
}

/** The key a client is counted under. Tokens and addresses are hashed: neither is stored as sent. */
export function clientKey(request: Request, serverContext: unknown, trustProxyHops: number): string {
  const authorization = request.headers.get('authorization');
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return `token:${sha256(bearer)}`;
  return `ip:${sha256(clientIp(request, serverContext, trustProxyHops))}`;
}

/**
 * The client's address: the socket's peer, or, behind N trusted proxies, the address the
 * outermost trusted proxy saw (the Nth entry from the right of X-Forwarded-For). Entries further
 * left are written by the client and can be forged, so they are never used.
 */
export function clientIp(request: Request, serverContext: unknown, trustProxyHops: number): string {
  const socketIp = (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket?.remoteAddress;
  if (trustProxyHops > 0) {
    const forwarded = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const hop = forwarded[forwarded.length - trustProxyHops];
    if (hop) return hop;
  }
  return socketIp ?? 'unknown';
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

export function createRateLimiter(options: Omit<RateLimitOptions, 'trustProxyHops' | 'exemptPaths'>): RateLimiterAbstract {
  const base = { points: options.points, duration: options.windowSeconds, keyPrefix: `${options.keyPrefix}rl` };
  if (!options.redis) return new RateLimiterMemory(base);
  return new RateLimiterRedis({
    ...base,
    storeClient: options.redis,
    // When Redis is unreachable each instance keeps limiting on its own rather than letting all through.
    insuranceLimiter: new RateLimiterMemory(base),
  });
}

function headersFor(points: number, windowSeconds: number, res: RateLimiterRes): Record<string, string> {
  return {
    'RateLimit-Limit': String(points),
    'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
    'RateLimit-Reset': String(Math.max(0, Math.ceil(res.msBeforeNext / 1000))),
    'RateLimit-Policy': `${points};w=${windowSeconds}`,
  };
}

function limitedError(points: number, windowSeconds: number, res: RateLimiterRes): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new GraphQLError(
    `Rate limit exceeded: this client may make ${points} requests per ${windowSeconds} s. Retry after ${retryAfter} s.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        limit: points,
        windowSeconds,
        retryAfterSeconds: retryAfter,
        http: {
          status: 429,
          headers: { 'Retry-After': String(retryAfter), ...headersFor(points, windowSeconds, res) },
        },
      },
    },
  );
}

export function useRateLimit(options: RateLimitOptions): Plugin {
  if (options.points === 0) return {};
  const limiter = createRateLimiter(options);
  const { points, windowSeconds } = options;
  const state = new WeakMap<Request, { key: string; res: RateLimiterRes }>();

  const consume = async (key: string, n: number): Promise<{ ok: boolean; res: RateLimiterRes }> => {
    try {
      return { ok: true, res: await limiter.consume(key, n) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { ok: false, res: rejection };
      throw rejection;
    }
  };

  return {
    async onRequest({ request, serverContext, url, endResponse, fetchAPI }) {
      if (options.exemptPaths.has(url.pathname)) return;
      const key = clientKey(request, serverContext, options.trustProxyHops);
      const { ok, res } = await consume(key, 1);
      state.set(request, { key, res });
      if (!ok) {
        const error = limitedError(points, windowSeconds, res);
        const http = error.extensions.http as { status: number; headers: Record<string, string> };
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions: { ...error.extensions, http: undefined } }] }), {
            status: 429,
            headers: { 'content-type': 'application/json; charset=utf-8', ...http.headers },
          }),
        );
      }
    },
    onRequestParse({ request }) {
      return {
        // A batch of N operations costs N requests: the first was counted on arrival.
        async onRequestParseDone({ requestParserResult }) {
          const entry = state.get(request);
          if (!entry || !Array.isArray(requestParserResult) || requestParserResult.length <= 1) return;
          const { ok, res } = await consume(entry.key, requestParserResult.length - 1);
          entry.res = res;
          if (!ok) throw limitedError(points, windowSeconds, res);
        },
      };
    },
    onResponse({ request, response }) {
      const entry = state.get(request);
      if (!entry) return;
      for (const [name, value] of Object.entries(headersFor(points, windowSeconds, entry.res))) {
        if (!response.headers.has(name)) response.headers.set(name, value);
      }
    },
  };
}
