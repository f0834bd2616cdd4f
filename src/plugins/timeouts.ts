// Time limits a client can see. Each GraphQL operation has a time budget: past it the client gets a
// REQUEST_TIMEOUT error, execution is aborted (no further resolvers start) and the connection is
// answered. PostgreSQL's statement_timeout (set per connection in src/db/client.ts) cancels the
// statement itself, so one slow query cannot hold a pooled connection; that cancellation reaches the
// client as STATEMENT_TIMEOUT instead of a masked "Unexpected error".
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface TimeoutOptions {
  requestTimeoutMs: number;
  statementTimeoutMs: number;
}

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (or a cancel request). */
const QUERY_CANCELED = '57014';

export function isStatementTimeout(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if ((e as { code?: unknown }).code === QUERY_CANCELED) return true;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

export function requestTimeoutError(ms: number): GraphQLError {
  return new GraphQLError(
    `The operation took longer than this API's time budget of ${ms} ms and was stopped. Ask for less (smaller pages, fewer nested lists) and retry.`,
    { extensions: { code: 'REQUEST_TIMEOUT', limitMs: ms } },
  );
}

/** When each request's time budget started: its first step that may wait on the database. */
const budgetStarts = new WeakMap<Request, number>();

/** What is left of a request's budget, ms (the whole budget for a request not seen before). */
function remainingBudget(request: Request | undefined, budgetMs: number): number {
  if (!request) return budgetMs;
  let started = budgetStarts.get(request);
  if (started === undefined) budgetStarts.set(request, (started = Date.now()));
  return Math.max(1, budgetMs - (Date.now() - started));
}

/**
 * Runs a step of a request (such as looking up its token) within the request's time budget, which
 * the operation then spends the rest of: a database that hangs cannot hold an authenticated request
 * past REQUEST_TIMEOUT_MS either. Rejects with REQUEST_TIMEOUT when the budget runs out.
 */
export async function withinRequestBudget<T>(request: Request, budgetMs: number, step: () => Promise<T>): Promise<T> {
  if (budgetMs <= 0) return step();
  const ms = remainingBudget(request, budgetMs);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      step(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(requestTimeoutError(budgetMs)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function useTimeouts(options: TimeoutOptions): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      if (options.requestTimeoutMs > 0) {
        setExecuteFn(async (executeArgs) => {
          const request = (executeArgs.contextValue as { request?: Request } | undefined)?.request;
          const ms = remainingBudget(request, options.requestTimeoutMs);
          const controller = new AbortController();
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<{ errors: GraphQLError[] }>((resolve) => {
            timer = setTimeout(() => {
              controller.abort(requestTimeoutError(options.requestTimeoutMs));
              resolve({ errors: [requestTimeoutError(options.requestTimeoutMs)] });
            }, ms);
          });
          try {
            return await Promise.race([
              Promise.resolve(executeFn({ ...executeArgs, signal: controller.signal } as typeof executeArgs)),
              timedOut,
            ]);
          } finally {
            clearTimeout(timer);
          }
        });
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.some(isStatementTimeout)) return;
          setResult({
            ...result,
            errors: result.errors.map((error) =>
              isStatementTimeout(error)
                ? new GraphQLError(
                    `A database statement took longer than the limit of ${options.statementTimeoutMs} ms and was cancelled. Ask for less and retry.`,
                    { path: error.path, extensions: { code: 'STATEMENT_TIMEOUT', limitMs: options.statementTimeoutMs } },
                  )
                : error,
            ),
          });
        },
      };
    },
  };
}
