// What a client is told when a request fails for a reason that is not a bug: the database cannot be
// reached (HTTP 503 with Retry-After, DATABASE_UNAVAILABLE), or it refused a value (HTTP 400,
// BAD_USER_INPUT). Mapped here, before yoga masks the rest as "Unexpected error.", so that neither
// is logged as an internal error nor answered as one.
import { GraphQLError } from 'graphql';
import { maskError, type Plugin } from 'graphql-yoga';
import { errorChain, isDatabaseUnavailable } from '../db/unavailable.js';
import type { Logger } from '../logger.js';

/** How long a client is asked to wait before retrying during an outage, seconds. */
export const RETRY_AFTER_SECONDS = 5;

export function unavailableError(): GraphQLError {
  return new GraphQLError(
    `The database is unavailable at the moment; nothing was read or written. Retry in ${RETRY_AFTER_SECONDS} s.`,
    {
      extensions: {
        code: 'DATABASE_UNAVAILABLE',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        http: { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } },
      },
    },
  );
}

/**
 * PostgreSQL's data exceptions (class 22: a value out of range, a malformed date or number, a byte
 * sequence it cannot store) caused by a value the client sent. Validation should catch each before
 * SQL; this is the net under it, so a miss is a 400, not a 500.
 */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

function isDataException(error: unknown): boolean {
  return errorChain(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && DATA_EXCEPTION.test(code);
  });
}

export function badValueError(path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError('A value in this request cannot be used (out of range, malformed, or not storable text).', {
    ...(path ? { path } : {}),
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** The answer for an error that is the database's state or the client's value, or undefined. */
export function expectedFailure(error: unknown, path?: readonly (string | number)[]): GraphQLError | undefined {
  if (isDatabaseUnavailable(error)) return unavailableError();
  if (isDataException(error)) return badValueError(path);
  return undefined;
}

/** Unexpected errors of an operation, logged here with the request's id: yoga's own line is skipped. */
const logged = new WeakSet<object>();

export function loggedWithRequest(error: Error): boolean {
  return logged.has(error);
}

/** yoga masks an error as "Unexpected error." exactly when its maskError gives back another error. */
function unexpected(error: GraphQLError): boolean {
  return maskError(error, 'Unexpected error.', false) !== error;
}

export function useErrorAnswers(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const logger = (args.contextValue as { logger?: Logger }).logger;
          const mapped = result.errors.map((error) => {
            const answer = expectedFailure(error, error.path);
            // not bugs, but worth seeing: an outage, or a value validation let through to SQL
            if (answer) logger?.warn({ err: error, answer: answer.extensions.code }, 'request failed: database unavailable or value refused');
            return answer ?? error;
          });
          // yoga masks these next and would log them without the request's id
          mapped.forEach((error, i) => {
            if (error !== result.errors![i] || !unexpected(error)) return;
            logger?.error({ err: error }, 'unexpected error');
            logged.add(error);
          });
          if (mapped.every((error, i) => error === result.errors![i])) return;
          // one outage error is enough, however many fields failed with it
          const unavailable = mapped.find((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE');
          setResult(unavailable ? { data: null, errors: [unavailable] } : { ...result, errors: mapped });
        },
      };
    },
  };
}
