// Whether an error means the database cannot be reached (down, restarting, refusing connections),
// as opposed to a statement that failed. Such a request is answered 503 with Retry-After, and the
// server, which keeps running, answers again once the database is back.

/** SQLSTATEs of a connection that failed or a server shutting down or starting. */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/** Node's socket errors and postgres.js's own connection codes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** The errors an error was caused by, outermost first (drizzle and GraphQL each wrap the driver's). */
export function errorChain(error: unknown, max = 8): object[] {
  const chain: object[] = [];
  for (let e = error; e && typeof e === 'object' && chain.length < max; ) {
    chain.push(e);
    if (e instanceof AggregateError && e.errors.length > 0) {
      e = e.errors[0];
      continue;
    }
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return chain;
}

/** The SQLSTATE (or driver code) of the first error in the chain that carries one. */
export function errorCode(error: unknown): string | undefined {
  for (const e of errorChain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** PGlite's word for an embedded database that was closed (the process is shutting it down). */
const PGLITE_CLOSED = 'PGlite is closed';

export function isDatabaseUnavailable(error: unknown): boolean {
  return errorChain(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) return true;
    return (e as { message?: unknown }).message === PGLITE_CLOSED;
  });
}
