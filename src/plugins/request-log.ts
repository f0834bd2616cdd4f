// A request id for every request, a child logger that stamps it on every log line written while the
// request is handled (including yoga's own lines), and one summary line per request.
// What is logged is chosen, not dumped: method, path, status, duration, operation names and error
// codes. Never headers, variables, query text, tokens or client addresses.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
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

const scopes = new AsyncLocalStorage<RequestScope>();
const byRequest = new WeakMap<Request, RequestScope>();

/** An incoming id is kept when it looks like an id (no spaces, no markup, not absurdly long). */
export function acceptRequestId(incoming: string | null): string {
  return incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
}

/** The logger of the request being handled, or `fallback` outside one. */
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
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const requestId = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
        const scope: RequestScope = {
          requestId,
          logger: logger.child({ requestId }),
          startedAt: process.hrtime.bigint(),
          operations: [],
          errorCodes: [],
        };
        byRequest.set(request, scope);
        return scopes.run(scope, wrapped);
      },
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
      const url = new URL(request.url, 'http://localhost');
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
