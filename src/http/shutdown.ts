// Graceful shutdown of the HTTP server: stop accepting connections, let the requests in flight
// finish, close keep-alive connections as they go idle, and cut whatever is left at the deadline.
import type { Server, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

export interface DrainResult {
  /** requests still running when the deadline passed, whose connections were cut */
  cut: number;
}

/** Counts requests in flight and, once draining, asks clients to close their connections. */
export function trackRequests(server: Server): { inFlight(): number; drain(timeoutMs: number, logger: Logger): Promise<DrainResult> } {
  const active = new Set<ServerResponse>();
  let draining = false;
  const askToClose = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.on('request', (_req, res) => {
    active.add(res);
    if (draining) askToClose(res);
    res.once('close', () => {
      active.delete(res);
      // A keep-alive connection that just went idle is closed, so server.close() can complete.
      if (draining) server.closeIdleConnections();
    });
  });

  return {
    inFlight: () => active.size,
    drain(timeoutMs, logger) {
      draining = true;
      for (const res of active) askToClose(res);
      return new Promise<DrainResult>((resolve) => {
        let cut = 0;
        const deadline = setTimeout(() => {
          cut = active.size;
          if (cut > 0) logger.warn({ requests: cut, timeoutMs }, 'shutdown deadline passed; closing the connections of unfinished requests');
          server.closeAllConnections();
        }, timeoutMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          resolve({ cut });
        });
        server.closeIdleConnections();
        if (active.size > 0) logger.info({ requests: active.size }, 'waiting for requests in flight');
      });
    },
  };
}
