// The analytics as a client sees them: summaries, Region.recruitmentSummary and data-quality issues
// over HTTP, on the first report, against the hand calculation of docs/analytics.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROXIMATE_TOLERANCE } from '../../src/domain/bounds.js';
import { insertReport, loadFirstReport } from '../helpers/analytics-fixture.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  // No response cache: the tests count statements and repeat queries. No rate limit: they send many.
  t = await createTestApp({ RESPONSE_CACHE_ENABLED: 'false', RATE_LIMIT_POINTS: '0' });
  await loadFirstReport(t.database.db);
});
afterAll(() => t.close());

const SUMMARY_FIELDS = `
  region { code nameEn }
  year
  plannedRecruits { best low high qualifier asStated }
  contractsSigned { best low high qualifier asStated }
  contractsPeriodEnd
  reportedFulfilmentPercent { best low high qualifier asStated }
  fulfilmentBasis { periodStart periodEnd value { best low high asStated } report { slug } }
  computedFulfilmentPercent { best low high }
  impliedPlannedRecruits { best low high }
  consistency
  figures { metric periodEnd value { asStated } }
  sources { slug publisher }`;

const aboutHigh = (x: number) => x * (1 + APPROXIMATE_TOLERANCE);
const aboutLow = (x: number) => x * (1 - APPROXIMATE_TOLERANCE);

/** The hand calculation of docs/analytics.md, region by region. */
const HAND: Record<string, { implied: [number, number | null, number | null] | null; computed: [number, number, number] | null; consistency: string }> = {
  // plan 10,350..10,450; contracts (January to November) 9,550..9,650; "approximately 93 %" 83.7..102.3
  'UA-TOT': {
    computed: [(9600 * 100) / 10400, (9550 * 100) / 10450, (9650 * 100) / 10350],
    implied: [(9600 * 100) / 93, (9550 * 100) / aboutHigh(93), (9650 * 100) / aboutLow(93)],
    consistency: 'CONSISTENT',
  },
  'UA-23': { computed: null, implied: [(330 * 100) / 135, (330 * 100) / aboutHigh(135), null], consistency: 'NOT_CHECKABLE' },
  'UA-65': { computed: null, implied: [(260 * 100) / 105, (260 * 100) / aboutHigh(105), null], consistency: 'NOT_CHECKABLE' },
  'UA-14': { computed: null, implied: [(3150 * 100) / 105, (3150 * 100) / aboutHigh(105), null], consistency: 'NOT_CHECKABLE' },
  'UA-43': { computed: null, implied: null, consistency: 'NOT_CHECKABLE' },
};

function expectEstimate(actual: { best: number; low: number | null; high: number | null } | null, expected: (number | null)[] | null) {
  if (expected === null) return expect(actual).toBeNull();
  const [best, low, high] = expected;
  // shown to 4 significant digits, the interval rounded outwards (src/domain/estimate.ts roundOutward)
  expect(Math.abs(actual!.best - best!)).toBeLessThanOrEqual(Math.abs(best!) * 5e-4);
  if (low === null) expect(actual!.low).toBeNull();
  else {
    expect(actual!.low).toBeLessThanOrEqual(low!);
    expect(low! - actual!.low!).toBeLessThanOrEqual(Math.abs(low!) * 1e-3);
  }
  if (high === null) expect(actual!.high).toBeNull();
  else {
    expect(actual!.high).toBeGreaterThanOrEqual(high!);
    expect(actual!.high! - high!).toBeLessThanOrEqual(Math.abs(high!) * 1e-3);
  }
}

describe('recruitmentSummaries', () => {
  it('gives every region of the first report its figures, implied plan and verdict, as worked by hand', async () => {
    const data = await t.execute(`{ recruitmentSummaries(year: 2024) { ${SUMMARY_FIELDS} } }`);
    const list = data.recruitmentSummaries as any[];
    expect(list.map((s) => s.region.code)).toEqual(['UA-14', 'UA-23', 'UA-43', 'UA-65', 'UA-TOT']);
    for (const s of list) {
      const hand = HAND[s.region.code]!;
      expectEstimate(s.computedFulfilmentPercent, hand.computed);
      expectEstimate(s.impliedPlannedRecruits, hand.implied);
      expect(s.consistency, s.region.code).toBe(hand.consistency);
      expect(s.year).toBe(2024);
      expect(s.sources).toEqual([{ slug: 'nrc-2024-occupied-recruitment', publisher: 'National Resistance Center' }]);
    }
    const tot = list.find((s) => s.region.code === 'UA-TOT');
    expect(tot.plannedRecruits).toEqual({ best: 10400, low: 10350, high: 10450, qualifier: 'EXACT', asStated: '10.4 thousand' });
    expect(tot.contractsSigned).toMatchObject({ best: 10000, qualifier: 'ALMOST', asStated: 'almost 10 thousand' });
    expect(tot.contractsPeriodEnd).toBe('2024-12-31');
    expect(tot.fulfilmentBasis).toEqual({
      periodStart: '2024-01-01',
      periodEnd: '2024-11-30',
      value: { best: 9600, low: 9550, high: 9650, asStated: '9.6 thousand' },
      report: { slug: 'nrc-2024-occupied-recruitment' },
    });
    expect(tot.figures.map((f: any) => f.value.asStated).sort()).toEqual(['10.4 thousand', '9.6 thousand', 'almost 10 thousand', 'approximately 93%']);
    const zap = list.find((s) => s.region.code === 'UA-23');
    expect(zap.contractsSigned).toEqual({ best: 330, low: 330, high: null, qualifier: 'MORE_THAN', asStated: 'over 330 people' });
    expect(zap.reportedFulfilmentPercent.asStated).toBe('about 135% of the plan');
    const crimea = list.find((s) => s.region.code === 'UA-43');
    expect(crimea.contractsSigned).toBeNull();
    expect(crimea.contractsPeriodEnd).toBeNull();
    expect(crimea.fulfilmentBasis).toBeNull();
  });

  it('filters by region code', async () => {
    const data = await t.execute(`{ recruitmentSummaries(year: 2024, regionCodes: ["UA-TOT", "UA-40", "UA-99"]) { region { code } } }`);
    expect(data.recruitmentSummaries).toEqual([{ region: { code: 'UA-TOT' } }]);
  });

  it('costs the same few statements for one region as for all', async () => {
    const q = (codes: string) => `{ recruitmentSummaries(year: 2024${codes}) { ${SUMMARY_FIELDS} } }`;
    t.database.statements.length = 0;
    await t.execute(q(', regionCodes: ["UA-23"]'));
    const one = t.database.statements.length;
    t.database.statements.length = 0;
    await t.execute(q(''));
    // the summaries, then regions, figures and reports, each loaded for every summary at once
    expect(t.database.statements.length).toBe(one);
    expect(one).toBeLessThanOrEqual(5);
  });

  it('refuses an impossible year, naming the argument', async () => {
    for (const year of [0, -2024, 10000]) {
      const res = await t.post(`{ recruitmentSummaries(year: ${year}) { year } }`);
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'year' });
      expect(res.errors![0]!.message).toMatch(/Argument "year" must be a year from 1000 to 9998/);
    }
  });
});

describe('Region.recruitmentSummary', () => {
  it('answers for every region of a list in one statement', async () => {
    t.database.statements.length = 0;
    const data = await t.execute(`{ regions { code recruitmentSummary(year: 2024) { consistency impliedPlannedRecruits { best } } } }`);
    const byCode = Object.fromEntries(data.regions.map((r: any) => [r.code, r.recruitmentSummary]));
    expect(byCode['UA-09']).toBeNull();
    expect(byCode['UA-40']).toBeNull();
    expect(byCode['UA-TOT'].consistency).toBe('CONSISTENT');
    expect(byCode['UA-14'].impliedPlannedRecruits.best).toBeCloseTo(3000, 9);
    // regions, then one summaries statement for all seven
    expect(t.database.statements).toHaveLength(2);
  });

  it('answers the same as recruitmentSummaries', async () => {
    const data = await t.execute(`{ region(code: "UA-65") { recruitmentSummary(year: 2024) { ${SUMMARY_FIELDS} } }
      recruitmentSummaries(year: 2024, regionCodes: ["UA-65"]) { ${SUMMARY_FIELDS} } }`);
    expect(data.region.recruitmentSummary).toEqual(data.recruitmentSummaries[0]);
  });

  it('keeps different years apart in one request', async () => {
    const data = await t.execute(`{ regions { code a: recruitmentSummary(year: 2024) { year } b: recruitmentSummary(year: 2023) { year } } }`);
    const tot = data.regions.find((r: any) => r.code === 'UA-TOT');
    expect(tot).toEqual({ code: 'UA-TOT', a: { year: 2024 }, b: null });
  });

  it('refuses an impossible year', async () => {
    const res = await t.post(`{ region(code: "UA-23") { recruitmentSummary(year: 99999) { year } } }`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'year' });
  });
});

describe('dataQualityIssues', () => {
  it('finds in the first report only its relay\'s differing wordings (Suspilne\'s), no contradiction', async () => {
    const relay = [
      { kind: 'RELAY_VARIANT', region: { code: 'UA-23' }, metric: 'CONTRACTS_SIGNED' },
      { kind: 'RELAY_VARIANT', region: { code: 'UA-TOT' }, metric: 'CONTRACTS_SIGNED' },
    ];
    const q = `{ dataQualityIssues(year: 2024) { kind region { code } metric } all: dataQualityIssues { kind region { code } metric } }`;
    expect(await t.execute(q)).toEqual({ dataQualityIssues: relay, all: relay });
  });

  it('reports a contradicting relay with its region, metric, reports and message', async () => {
    const t2 = await createTestApp({ RESPONSE_CACHE_ENABLED: 'false' });
    try {
      await loadFirstReport(t2.database.db);
      await insertReport(t2.database.db, {
        slug: 'rbc-2024-12-06',
        title: 'Only 4,000 recruited',
        publisher: 'RBC-Ukraine',
        publishedOn: '2024-12-06',
        figures: [
          { region: 'UA-TOT', metric: 'CONTRACTS_SIGNED', periodStart: '2024-01-01', periodEnd: '2024-12-05', best: 4000, low: 3950, high: 4050, qualifier: 'EXACT', asStated: 'only 4,000' },
        ],
      });
      const data = await t2.execute(`{ dataQualityIssues(year: 2024) { kind message region { code } metric reports { slug } } }`);
      // besides the first report's own relay variants (Suspilne's wordings; the test above)
      const relay = data.dataQualityIssues.filter((i: any) => i.kind === 'RELAY_VARIANT');
      expect(relay.map((i: any) => [i.region.code, i.reports])).toEqual([
        ['UA-23', [{ slug: 'nrc-2024-occupied-recruitment' }]],
        ['UA-TOT', [{ slug: 'nrc-2024-occupied-recruitment' }]],
      ]);
      expect(data.dataQualityIssues.filter((i: any) => i.kind !== 'RELAY_VARIANT')).toEqual([
        {
          kind: 'CONFLICTING_REPORTS',
          message:
            'UA-TOT: nrc-2024-occupied-recruitment states "9.6 thousand" (9550 to 9650) for 2024-01-01 to 2024-11-30, but rbc-2024-12-06 states "only 4,000" (3950 to 4050) for 2024-01-01 to 2024-12-05, which contains it; the two cannot both be right.',
          region: { code: 'UA-TOT' },
          metric: 'CONTRACTS_SIGNED',
          reports: [{ slug: 'nrc-2024-occupied-recruitment' }, { slug: 'rbc-2024-12-06' }],
        },
      ]);
      // the summary takes its numbers from the NRC report alone (it states plan, count and percentage),
      // keeps its "almost 10 thousand" for the whole year, and lists RBC's item as another source
      const s = await t2.execute(`{ recruitmentSummaries(year: 2024, regionCodes: ["UA-TOT"]) { contractsSigned { asStated } sources { slug } otherSources { slug } } }`);
      expect(s.recruitmentSummaries[0].contractsSigned.asStated).toBe('almost 10 thousand');
      expect(s.recruitmentSummaries[0].sources).toEqual([{ slug: 'nrc-2024-occupied-recruitment' }]);
      expect(s.recruitmentSummaries[0].otherSources).toEqual([{ slug: 'rbc-2024-12-06' }]);
    } finally {
      await t2.close();
    }
  });
});
