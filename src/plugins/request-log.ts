// A request id for every request, a child logger that stamps it on the lines written about the request
// (the app's, through ctx.logger, and unexpected errors, which src/plugins/error-answers.ts logs with
// it), and one summary line per request.
//
// yoga's own lines (its debug lines, an error thrown before execution) get the request's id through an
// AsyncLocalStorage only when the logger writes debug lines: on Node 20 an AsyncLocalStorage turns on
// a hook for every promise the process creates, which cost ~20% of a small query's CPU
// (docs/performance.md). At info and above, yoga writes nothing during a request but errors; those of
// an operation are logged with the request's id by src/plugins/error-answers.ts, and a request that
// fails before execution has its id on its summary line.
// What is logged is chosen, not dumped: method, path, status, duration, operation names and error
// codes. Never headers, variables, query text, tokens or client addresses.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { requestUrl } from '../http/request-url.js';
import type { Logger } from '../logger.js';

export const REQUEST_ID_HEADER = 'x-request-id';

interface RequestScope {
  requestId: string;
  logger: Logger;
  startedAt: bigint;
  operations: string[];
  errorCodes: string[];
}

const QUIET_PATHS = new Set(['/health', '/healthz', '/ready', '/metrics']);

const byRequest = new WeakMap<Request, RequestScope>();
/** Only used when the logger writes debug lines (see above). */
const scopes = new AsyncLocalStorage<RequestScope>();

/** An incoming id is kept when it looks like an id (no spaces, no markup, not absurdly long). */
export function acceptRequestId(incoming: string | null): string {
  return incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
}

/** The logger of the request being handled when the logger writes debug lines, else `fallback`. */
export function currentLogger(fallback: Logger): Logger {
  return scopes.getStore()?.logger ?? fallback;
}

export function requestScope(request: Request): { requestId: string; logger: Logger } | undefined {
  return byRequest.get(request);
}

/** Operation names become log fields and metric labels: keep them short and plain. */
export function safeOperationName(name: string | null | undefined): string {
  return name && /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? name : 'anonymous';
}

export function useRequestLog(logger: Logger): Plugin {
  const open = (request: Request): RequestScope => {
    let scope = byRequest.get(request);
    if (!scope) {
      const requestId = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
      scope = { requestId, logger: logger.child({ requestId }), startedAt: process.hrtime.bigint(), operations: [], errorCodes: [] };
      byRequest.set(request, scope);
    }
    return scope;
  };
  return {
    ...(logger.isLevelEnabled('debug') ? { instrumentation: { request: ({ request }, wrapped) => scopes.run(open(request), wrapped) } } : {}),
    onRequest({ request }) {
      open(request);
    },
    onParams({ params, request }) {
      const scope = byRequest.get(request);
      scope?.operations.push(safeOperationName(params.operationName ?? operationNameIn(params.query)));
    },
    onExecutionResult({ request, result }) {
      const scope = byRequest.get(request);
      if (!scope || !result || Symbol.asyncIterator in result) return;
      for (const error of result.errors ?? []) {
        scope.errorCodes.push(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
      }
    },
    onResponse({ request, response }) {
      const scope = byRequest.get(request);
      if (!scope) return;
      response.headers.set(REQUEST_ID_HEADER, scope.requestId);
      const url = requestUrl(request);
      const durationMs = Number(process.hrtime.bigint() - scope.startedAt) / 1e6;
      const fields = {
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round(durationMs * 10) / 10,
        ...(scope.operations.length ? { operations: scope.operations } : {}),
        ...(scope.errorCodes.length ? { errorCodes: scope.errorCodes } : {}),
      };
      if (response.status >= 500) scope.logger.error(fields, 'request failed');
      // Probes and scrapes arrive every few seconds; they would drown the lines that matter.
      else if (QUIET_PATHS.has(url.pathname)) scope.logger.debug(fields, 'request completed');
      else scope.logger.info(fields, 'request completed');
    },
  };
}

/** The name written in the document itself (`query Name {`), when the client sent no operationName. */
export function operationNameIn(query: string | undefined): string | undefined {
  return query ? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1] : undefined;
}
