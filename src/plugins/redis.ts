// One Redis connection per app, shared by the rate limiter and the response cache.
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    // Fail a command quickly when Redis is away: callers fall back (in-memory limits, no cache)
    // rather than hold a request.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) logger.warn({ err: { message: error.message } }, 'redis unavailable; limits fall back to this instance');
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger.info('redis reachable again');
    reported = false;
  });
  return redis;
}
