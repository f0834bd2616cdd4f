import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Authorization headers and tokens are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}
