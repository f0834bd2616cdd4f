// The bench's operations (bench/queries/*.graphql) send a fixed number of SQL statements, however much
// data there is: the same count with 1 report as with 50. Timings belong to `npm run bench`, not here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertFactor, insertFigures, insertReport, REGION_CODES, regionIds, type FigureValues } from '../helpers/fixtures.js';

const QUERIES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/queries');
const Q1 = readFileSync(path.join(QUERIES, 'q1-region.graphql'), 'utf8');
const Q2 = readFileSync(path.join(QUERIES, 'q2-regions-figures.graphql'), 'utf8');
const Q3 = readFileSync(path.join(QUERIES, 'q3-deep-page.graphql'), 'utf8');
const METRICS = ['PLANNED_RECRUITS', 'CONTRACTS_SIGNED', 'PLAN_FULFILMENT_PERCENT'] as const;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Reports `perf-<from>` .. `perf-<to - 1>`, each with a figure per region, metric and month of 2024. */
async function addReports(db: Db, from: number, to: number) {
  const ids = await regionIds(db);
  for (let r = from; r < to; r++) {
    const report = await insertReport(db, { slug: `perf-${r}`, publishedOn: '2025-01-15' });
    const figures: FigureValues[] = [];
    for (const code of REGION_CODES)
      for (const metric of METRICS)
        for (let month = 1; month <= 4; month++)
          figures.push({
            reportId: report.id,
            regionId: ids[code]!,
            metric,
            periodStart: `2024-${String(month).padStart(2, '0')}-01`,
            periodEnd: `2024-${String(month).padStart(2, '0')}-28`,
            best: 100 + r,
            asStated: String(100 + r),
          });
    await insertFigures(db, figures);
    await insertFactor(db, { slug: `perf-${r}-factor` }, { reportIds: [report.id], regionIds: [ids['UA-23']!] });
  }
}

/** Runs an operation and returns how many SQL statements it sent, with its data. */
async function statementsFor(query: string, variables?: Record<string, unknown>) {
  t.database.statements.length = 0;
  const data = await t.execute(query, variables);
  return { count: t.database.statements.length, data };
}

async function countsOfBenchShapes() {
  const q1 = await statementsFor(Q1, { code: 'UA-23' });
  expect(q1.data.region.code).toBe('UA-23');
  const q2 = await statementsFor(Q2);
  // every reference region: the ones with figures (REGION_CODES) and the groups and Russia, which have none
  expect(q2.data.regions).toHaveLength(REGION_CODES.length + ['UA-SOUTH', 'UA-DONBAS', 'UA-CRIMEA', 'RU', 'RU-SMD'].length);
  const firstPage = await statementsFor(Q3, { code: 'UA-23' });
  const edges = firstPage.data.region.recruitmentFigures.edges;
  const deep = await statementsFor(Q3, { code: 'UA-23', after: edges[Math.min(5, edges.length - 1)].cursor });
  expect(deep.data.region.recruitmentFigures.edges.length).toBeGreaterThan(0);
  return {
    q1: q1.count,
    q2: q2.count,
    q3FirstPage: firstPage.count,
    q3AfterCursor: deep.count,
    q2Figures: q2.data.regions.reduce((n: number, r: any) => n + r.recruitmentFigures.edges.length, 0) as number,
  };
}

describe('statements per request of the bench operations', () => {
  it('stay the same from 1 report to 50 reports of figures', async () => {
    await addReports(t.database.db, 0, 1);
    const small = await countsOfBenchShapes();
    expect(small.q2Figures).toBe(REGION_CODES.length * 12);

    await addReports(t.database.db, 1, 50);
    const large = await countsOfBenchShapes();
    // 50 per region now: each page is full, and every figure's report came in the same statements.
    expect(large.q2Figures).toBe(REGION_CODES.length * 50);

    expect({ ...large, q2Figures: 0 }).toEqual({ ...small, q2Figures: 0 });
    // One each: the region; the regions with every region's page and its reports; the region with its
    // page (plain region rows are read with their pages, src/schema/region.ts).
    expect(large.q1).toBe(1);
    expect(large.q2).toBe(1);
    expect(large.q3FirstPage).toBe(1);
    expect(large.q3AfterCursor).toBe(1);
  });

  it('answers Q2 newest first, each figure with its own report', async () => {
    const { data } = await statementsFor(Q2);
    for (const region of data.regions) {
      const nodes = region.recruitmentFigures.edges.map((e: any) => e.node);
      const ends = nodes.map((n: any) => n.periodEnd);
      expect(ends).toEqual([...ends].sort().reverse());
      for (const node of nodes) {
        expect(node.report.slug).toMatch(/^perf-\d+$/);
        expect(node.value.asStated).toBe(String(100 + Number(node.report.slug.slice(5))));
      }
    }
  });
});
