// The first bundle as a client sees it: seeded, then read back through the GraphQL API; and the real
// server seeding an empty embedded database on its first start.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBundles } from '../../src/bundles/seed.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, prepareDataDir, usingPostgres, type TestDatabase } from '../helpers/db.js';
import { FIRST_BUNDLE_DIR, firstBundleJson, ROOT } from '../helpers/bundles.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedBundles(t.database.db, FIRST_BUNDLE_DIR);
});
afterAll(() => t.close());

const REPORT_QUERY = /* GraphQL */ `
  query ($slug: String!) {
    report(slug: $slug) {
      slug
      title
      publisher
      sourceUrl
      language
      periodStart
      periodEnd
      publishedOn
      recruitmentFigures(first: 50) {
        totalCount
        edges {
          node {
            region { code }
            metric
            periodStart
            periodEnd
            note
            value { best qualifier low high asStated }
          }
        }
      }
      coercionFactors { slug category effectiveFrom affectedGroups regions { code } reports { slug } }
    }
  }
`;

describe('the first bundle through GraphQL', () => {
  it('reads back every figure with its qualifier and bounds', async () => {
    const data = await t.execute(REPORT_QUERY, { slug: 'nrc-2024-occupied-recruitment' });
    const report = data.report;
    expect(report).toMatchObject({
      publisher: 'National Resistance Center',
      language: 'en',
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      publishedOn: null,
    });
    expect(report.recruitmentFigures.totalCount).toBe(11);

    // What the bundle says, with the bounds docs/bounds.md derives by hand.
    const bounds: Record<string, [number, number | null]> = {
      '10.4 thousand': [10350, 10450],
      '9.6 thousand': [9550, 9650],
      'almost 10 thousand': [9500, 10000],
      'approximately 93%': [83.7, 102.3],
      'over 330 people': [330, null],
      'about 135% of the plan': [121.5, 148.5],
      'over 260 people': [260, null],
      'about 105% of the plan': [100, 115.5],
      'over 3150 people': [3150, null],
      'about 105%': [100, 115.5],
      'just over 80%': [80, 84],
    };
    const expected = firstBundleJson().figures.map((f: any) => ({
      region: { code: f.regionCode },
      metric: f.metric,
      periodStart: f.periodStart,
      periodEnd: f.periodEnd,
      note: f.note,
      value: {
        best: f.value.best,
        qualifier: f.value.qualifier,
        asStated: f.value.asStated,
        low: bounds[f.value.asStated]![0],
        high: bounds[f.value.asStated]![1],
      },
    }));
    const key = (f: any) => `${f.region.code}|${f.metric}|${f.periodEnd}`;
    const got = report.recruitmentFigures.edges.map((e: any) => e.node).sort((a: any, b: any) => key(a).localeCompare(key(b)));
    expect(got).toEqual(expected.sort((a: any, b: any) => key(a).localeCompare(key(b))));
  });

  it('reads back the coercion factors, for all occupied territories', async () => {
    const data = await t.execute(REPORT_QUERY, { slug: 'nrc-2024-occupied-recruitment' });
    const factors = [...data.report.coercionFactors].sort((a: any, b: any) => a.slug.localeCompare(b.slug));
    expect(factors.map((f: any) => [f.slug, f.category, f.effectiveFrom])).toEqual([
      ['burial-requires-russian-passport', 'FORCED_PASSPORTIZATION', null],
      ['economic-hardship', 'ECONOMIC_HARDSHIP', null],
      ['free-medicines-require-russian-passport', 'FORCED_PASSPORTIZATION', '2024-01-01'],
      ['kremlin-propaganda-campaign', 'PROPAGANDA', null],
      ['payments-and-social-protection-for-recruits', 'FINANCIAL_INCENTIVE', null],
      ['unemployment', 'UNEMPLOYMENT', null],
    ]);
    for (const f of factors) {
      expect(f.regions).toEqual([]);
      expect(f.reports).toEqual([{ slug: 'nrc-2024-occupied-recruitment' }]);
    }
    expect(factors[2].affectedGroups).toEqual(['people with cardiovascular diseases', 'people with asthma', 'people with diabetes']);
  });

  it('filters the seeded figures by region and metric', async () => {
    const data = await t.execute(/* GraphQL */ `
      {
        recruitmentFigures(filter: { regionCodes: ["UA-23"], metrics: [PLAN_FULFILMENT_PERCENT] }) {
          totalCount
          edges { node { value { asStated low high } } }
        }
      }
    `);
    expect(data.recruitmentFigures).toEqual({
      totalCount: 1,
      edges: [{ node: { value: { asStated: 'about 135% of the plan', low: 121.5, high: 148.5 } } }],
    });
  });
});

describe('npm start on a fresh database', () => {
  // the embedded default in a data folder with an empty, unmigrated database (initialised beforehand:
  // test/server/config-and-start.test.ts starts in a folder with nothing in it), or a fresh PostgreSQL database
  // under TEST_DATABASE_URL
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tot-seed-start-'));
  let server: TestDatabase | undefined;
  beforeAll(async () => {
    if (usingPostgres) server = await createTestDatabase({ migrate: false });
    else await prepareDataDir(dataDir, { migrate: false });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start() {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/server.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: server?.url ?? '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const listening = new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /"port":(\d+)/.exec(output);
        if (m) resolve(Number(m[1]));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)));
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return { child, listening, exited, output: () => output };
  }

  async function figureCount(port: number): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ report(slug: "nrc-2024-occupied-recruitment") { recruitmentFigures { totalCount } } }' }),
    });
    const body = (await res.json()) as any;
    return body.data.report.recruitmentFigures.totalCount;
  }

  it('seeds the bundles on the first start only', async () => {
    const first = start();
    try {
      expect(await figureCount(await first.listening)).toBe(11);
      expect(first.output()).toMatch(/empty database seeded/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    const second = start();
    try {
      expect(await figureCount(await second.listening)).toBe(11);
      expect(second.output()).not.toMatch(/seeded/);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
