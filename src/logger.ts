import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Longest string value kept in a log line; longer ones are cut with their length noted. */
export const MAX_LOG_STRING = 2000;
/** Longest log line written; a longer one is replaced by a short line saying so. */
export const MAX_LOG_LINE = 16_384;
const MAX_STACK_FRAMES = 8;

function cap(value: string, max = MAX_LOG_STRING): string {
  return value.length <= max ? value : `${value.slice(0, max)}… [${value.length - max} more characters cut]`;
}

/**
 * What is logged of an error: its class, message, database code and constraint, GraphQL path and
 * code, stack frames, and the same of its cause. Never what a request carried: drizzle's "Failed
 * query" message keeps its SQL text but not its parameters (user values, token hashes), a GraphQL
 * error's source text and locations are left out, and every string is capped.
 */
export function safeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { message: cap(String(error)) };
  const e = error as Error & {
    code?: unknown;
    constraint_name?: unknown;
    constraint?: unknown;
    severity?: unknown;
    path?: unknown;
    extensions?: { code?: unknown };
    originalError?: unknown;
    cause?: unknown;
  };
  const message = String(e.message ?? '');
  // "Failed query: <sql>\nparams: <values>": the values are the client's, the SQL is ours
  const failed = /^Failed query: ([\s\S]*?)\nparams: [\s\S]*$/.exec(message);
  const out: Record<string, unknown> = {
    type: e.name ?? e.constructor?.name,
    message: cap(failed ? `Failed query: ${failed[1]}` : message.split('\n')[0]!),
  };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const constraint = e.constraint_name ?? e.constraint;
  if (typeof constraint === 'string') out.constraint = constraint;
  if (typeof e.severity === 'string') out.severity = e.severity;
  if (Array.isArray(e.path)) out.path = e.path.slice(0, 20).join('.');
  if (e.extensions && typeof e.extensions.code === 'string') out.graphqlCode = e.extensions.code;
  if (typeof e.stack === 'string') {
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    if (frames.length) out.stack = frames.slice(0, MAX_STACK_FRAMES).map((f) => cap(f.trim(), 300));
  }
  const cause = e.originalError ?? e.cause;
  if (cause && depth < 3) out.cause = safeError(cause, depth + 1);
  return out;
}

/** Every string in a log object capped, walked a few levels deep. */
function capStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cap(value);
  if (!value || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => capStrings(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capStrings(v, depth + 1)]));
}

/**
 * Structured JSON logs, one object a line. The app logs chosen fields only (src/plugins/request-log.ts);
 * errors through safeError; redaction is the second line of defence should a header, token or address
 * object ever be logged; and no line exceeds MAX_LOG_LINE.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tot-recruitment-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (error: unknown) => safeError(error), error: (error: unknown) => safeError(error) },
      formatters: { log: (object) => capStrings(object) as Record<string, unknown> },
      hooks: {
        streamWrite(line) {
          if (line.length <= MAX_LOG_LINE) return line;
          let level: unknown;
          let time: unknown;
          let requestId: unknown;
          try {
            ({ level, time, requestId } = JSON.parse(line) as Record<string, unknown>);
          } catch {
            // not JSON: keep only the length
          }
          return `${JSON.stringify({ level, time, service: 'tot-recruitment-api', requestId, msg: 'log line cut: too long', bytes: line.length })}\n`;
        },
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.remoteAddress',
          'headers.authorization',
          'headers.cookie',
          'headers["x-forwarded-for"]',
          'authorization',
          'token',
          '*.token',
          'tokenHash',
          '*.tokenHash',
          'password',
          '*.password',
          'variables',
          '*.variables',
          'params',
          '*.params',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
