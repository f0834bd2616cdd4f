import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, one object a line. The app logs chosen fields only (src/plugins/request-log.ts);
 * redaction is the second line of defence should a header, token or address object ever be logged.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tot-recruitment-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
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
          'password',
          '*.password',
          'variables',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
