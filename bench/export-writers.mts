// The CSV export at scale, in process, by writer: COPY (PostgreSQL writes the CSV) and rows (csv-stringify).
// URL=postgres://... npx tsx bench/export-writers.mts [copy,rows,copy,copy]   (docs/performance.md, "CSV export")
import { openDatabase } from '../src/db/client.js';
import { csvChunks } from '../src/http/export.js';
const db = await openDatabase({ url: process.env.URL! });
for (const writer of (process.argv[2] ?? 'copy,rows,copy,copy').split(',') as ('copy' | 'rows')[]) {
  const rss0 = process.memoryUsage().rss; let peak = rss0;
  const t0 = performance.now(); let n = 0; let lines = 0;
  for await (const c of csvChunks(db, {}, { bom: false, exportTimeoutMs: 0, writer })) {
    const b = typeof c === 'string' ? Buffer.from(c) : c; n += b.length;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    const r = process.memoryUsage.rss(); if (r > peak) peak = r;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ writer, rows: lines - 1, mb: Math.round(n / 1e6), seconds: +s.toFixed(2), rowsPerSecond: Math.round((lines - 1) / s), rssGrowthMb: Math.round((peak - rss0) / 1e6) }));
}
await db.close();
