// What the app and baseline servers share as bench children: listen on a free loopback port, count
// requests and SQL statements, sample RSS, and answer the parent's questions over the IPC channel.
// Plain JavaScript (types in child.d.mts) because the app's child runs compiled, without tsx, as
// `npm start` does.
import { createServer } from 'node:http';

/**
 * @param {import('node:http').RequestListener} listener
 * @param {import('./child.d.mts').Counters} counters
 * @param {() => Promise<void>} onClose
 */
export function serveForBench(listener, counters, onClose) {
  let requests = 0;
  let peak = process.memoryUsage.rss();
  // Sampling every 50 ms costs nothing measurable and catches the peaks of a run.
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, 50);
  const server = createServer((req, res) => {
    requests++;
    listener(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
  });
  const mb = (/** @type {number} */ bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  process.on('message', (/** @type {{ type: string }} */ message) => {
    if (message.type === 'stats' || message.type === 'reset') {
      const rss = process.memoryUsage.rss();
      /** @type {import('./child.d.mts').ChildStats} */
      const cpu = process.cpuUsage();
      const stats = {
        requests,
        statements: counters.statements,
        rssMb: mb(rss),
        peakRssMb: mb(Math.max(peak, rss)),
        cpuMs: (cpu.user + cpu.system) / 1000,
      };
      if (message.type === 'reset') peak = rss;
      process.send?.({ type: 'stats', stats });
    } else if (message.type === 'gc') {
      /** @type {{ gc?: () => void }} */ (globalThis).gc?.();
      process.send?.({ type: 'gc-done' });
    } else if (message.type === 'stop') {
      clearInterval(sampler);
      server.closeAllConnections();
      server.close(() => {
        onClose().finally(() => process.exit(0));
      });
    }
  });
  // The parent going away (crash, Ctrl-C) must never leave a server behind.
  process.on('disconnect', () => process.exit(0));
}
