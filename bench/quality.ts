// npm run bench:quality -- --url postgres://.../tot_bench [--year 2020] [--runs 5]
// Times dataQualityIssues for one year on a synthetic database (npm run db:synth), each kind alone and
// all together (the one statement the API sends), and prints every run, the median (the machine is shared
// and noisy: one run says little) and the number of issues each found. docs/analytics.md ("Scale") has the results.
import { parseArgs } from 'node:util';
import { DATA_QUALITY_ISSUE_KINDS, dataQualityIssues, type DataQualityIssueKind } from '../src/analytics/quality.js';
import { openDatabase } from '../src/db/client.js';

const { values } = parseArgs({
  options: { url: { type: 'string' }, year: { type: 'string', default: '2020' }, runs: { type: 'string', default: '5' } },
});
if (!values.url) {
  console.error('usage: npm run bench:quality -- --url postgres://user@host:5432/dbname [--year 2020] [--runs 5]');
  process.exit(2);
}
const year = Number(values.year);
const runs = Number(values.runs);
const database = await openDatabase({ url: values.url, poolSize: 1 });
try {
  const sets: (readonly DataQualityIssueKind[])[] = [...DATA_QUALITY_ISSUE_KINDS.map((k) => [k]), DATA_QUALITY_ISSUE_KINDS];
  for (const kinds of sets) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      found = (await dataQualityIssues(database.db, year, { kinds })).length;
      times.push(performance.now() - started);
    }
    const label = kinds.length === 1 ? kinds[0] : 'all kinds';
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    console.log(`${label!.padEnd(24)} median ${median.toFixed(0).padStart(5)} ms  runs ${times.map((t) => t.toFixed(0)).join(', ')}  (${found} issues)`);
  }
} finally {
  await database.close();
}
