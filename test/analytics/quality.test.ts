// Data-quality checks on the first report and on reports that contradict it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsArgumentError } from '../../src/analytics/errors.js';
import { dataQualityIssues } from '../../src/analytics/quality.js';
import { regions } from '../../src/db/schema.js';
import { consistency, computedFulfilmentPercent, type Estimate } from '../../src/domain/estimate.js';
import { insertReport, loadFirstReport, type FigureSpec } from '../helpers/analytics-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let database: TestDatabase;
let idOf: Map<string, number>;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadFirstReport(database.db);
  const rows = await database.db.select({ id: regions.id, code: regions.code }).from(regions);
  idOf = new Map(rows.map((r) => [r.code, r.id]));
});
afterAll(() => database.close());

const JAN_NOV = { periodStart: '2024-01-01', periodEnd: '2024-11-30' };

describe('dataQualityIssues', () => {
  it('finds nothing wrong with the first report alone', async () => {
    // 9.6 thousand / 10.4 thousand = 91.4..93.2 %, inside "approximately 93 %" = 83.7..102.3 %; the
    // regions' lows 330 + 260 + 3150 = 3740 stay below the 9650 (and the 10,000) of the whole; the
    // two UA-TOT counts come from one report, and "almost 10 thousand" (9500..10000) for the year can
    // hold the 9550..9650 of January to November
    // Nothing across figures; the only issues are the two figures that its relay Suspilne words
    // differently ("близько 330 осіб" for "over 330 people", "9 600" for "9.6 thousand").
    const issues = await dataQualityIssues(database.db, 2024);
    expect(issues.map((i) => [i.kind, i.metric, i.reportIds])).toEqual([
      ['RELAY_VARIANT', 'CONTRACTS_SIGNED', [1]],
      ['RELAY_VARIANT', 'CONTRACTS_SIGNED', [1]],
    ]);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/"over 330 people".*"близько 330 осіб"[^]*"9.6 thousand".*"9 600"/);
    expect(await dataQualityIssues(database.db)).toEqual(issues);
  });

  describe('with contradicting reports', () => {
    let nrc: number;
    let pct: number;
    let regional: number;
    let rbc: number;
    beforeAll(async () => {
      nrc = await reportId('nrc-2024-occupied-recruitment');
      pct = await insertReport(database.db, {
        slug: 'low-percentage',
        title: 'A report with a lower percentage',
        publisher: 'Other',
        publishedOn: '2024-12-10',
        figures: [
          { region: 'UA-TOT', metric: 'PLAN_FULFILMENT_PERCENT', ...JAN_NOV, best: 60, low: 54, high: 66, qualifier: 'APPROXIMATELY', asStated: 'about 60%' },
        ],
      });
      regional = await insertReport(database.db, {
        slug: 'big-donetsk',
        title: 'A report with a large Donetsk count',
        publisher: 'Other',
        publishedOn: '2024-12-11',
        figures: [
          // a sub-period of the total's: still counts against it
          { region: 'UA-14', metric: 'CONTRACTS_SIGNED', periodStart: '2024-03-01', periodEnd: '2024-10-31', best: 9500, low: 9500, high: null, qualifier: 'MORE_THAN', asStated: 'over 9500' },
        ],
      });
      rbc = await insertReport(database.db, {
        slug: 'rbc-2024-12-06',
        title: 'Only 4,000 recruited',
        publisher: 'RBC-Ukraine',
        publishedOn: '2024-12-06',
        figures: [
          { region: 'UA-TOT', metric: 'CONTRACTS_SIGNED', periodStart: '2024-01-01', periodEnd: '2024-12-05', best: 4000, low: 3950, high: 4050, qualifier: 'EXACT', asStated: 'only 4,000' },
          { region: 'UA-TOT', metric: 'PLANNED_RECRUITS', periodStart: '2024-01-01', periodEnd: '2024-12-31', best: 10000, low: 9950, high: 10050, qualifier: 'EXACT', asStated: '10,000' },
        ],
      });
    });

    async function reportId(slug: string): Promise<number> {
      const row = await database.db.query.reports.findFirst({ where: { slug }, columns: { id: true } });
      return row!.id;
    }

    it('finds each kind of problem, with the reports involved', async () => {
      const issues = acrossReports(await dataQualityIssues(database.db, 2024));
      const summary = issues.map((i) => [i.kind, i.regionId, i.metric, i.reportIds]);
      const tot = idOf.get('UA-TOT')!;
      expect(summary).toEqual([
        // about 60 % (54..66) against 9.6 / 10.4 thousand (91.4..93.2 %)
        ['PERCENT_MISMATCH', tot, 'PLAN_FULFILMENT_PERCENT', [nrc, pct]],
        // and against 9.6 thousand / RBC's 10,000 (9550/10050 .. 9650/9950 = 95.0..97.0 %)
        ['PERCENT_MISMATCH', tot, 'PLAN_FULFILMENT_PERCENT', [nrc, pct, rbc].sort((a, b) => a - b)],
        // 330 + 260 + 9500 = 10090 > 9650
        ['REGIONS_EXCEED_TOTAL', tot, 'CONTRACTS_SIGNED', [nrc, regional]],
        // and > RBC's 4050 to 5 December, whose period holds all of theirs
        ['REGIONS_EXCEED_TOTAL', tot, 'CONTRACTS_SIGNED', [nrc, regional, rbc].sort((a, b) => a - b)],
        // and > the 10,000 at most of "almost 10 thousand" for the whole year
        ['REGIONS_EXCEED_TOTAL', tot, 'CONTRACTS_SIGNED', [nrc, regional]],
        // at least 9550 by 30 November, at most 4050 by 5 December
        ['CONFLICTING_REPORTS', tot, 'CONTRACTS_SIGNED', [nrc, rbc]],
        // 10,350..10,450 against 9,950..10,050 for the same year
        ['CONFLICTING_REPORTS', tot, 'PLANNED_RECRUITS', [nrc, rbc]],
        // about 60 % (54..66) against approximately 93 % (83.7..102.3) for the same period
        ['CONFLICTING_REPORTS', tot, 'PLAN_FULFILMENT_PERCENT', [nrc, pct]],
      ]);
    });

    it('explains each problem in words, with the numbers', async () => {
      const issues = acrossReports(await dataQualityIssues(database.db, 2024));
      const messages = issues.map((i) => i.message);
      expect(messages[0]).toBe(
        'UA-TOT, 2024-01-01 to 2024-11-30: low-percentage states a plan fulfilment of "about 60%" (54 to 66 %), ' +
          'but nrc-2024-occupied-recruitment\'s contracts "9.6 thousand" against nrc-2024-occupied-recruitment\'s plan ' +
          '"10.4 thousand" give 91.3876 to 93.2367 %.',
      );
      expect(messages[2]).toBe(
        'UA-TOT, 2024-01-01 to 2024-11-30: its regions add up to at least 10090 (UA-14 at least 9500 ("over 9500", big-donetsk), ' +
          'UA-23 at least 330 ("over 330 people", nrc-2024-occupied-recruitment), UA-65 at least 260 ("over 260 people", ' +
          'nrc-2024-occupied-recruitment)), more than the at most 9650 that nrc-2024-occupied-recruitment states for the whole ("9.6 thousand").',
      );
      expect(messages[5]).toBe(
        'UA-TOT: nrc-2024-occupied-recruitment states "9.6 thousand" (9550 to 9650) for 2024-01-01 to 2024-11-30, ' +
          'but rbc-2024-12-06 states "only 4,000" (3950 to 4050) for 2024-01-01 to 2024-12-05, which contains it; the two cannot both be right.',
      );
      expect(messages[6]).toContain('for the same period');
      expect(messages[4]).toContain('more than the at most 10000 that nrc-2024-occupied-recruitment states for the whole ("almost 10 thousand")');
      expect(messages[3]).toContain('more than the at most 4050 that rbc-2024-12-06 states for the whole');
    });

    it('keeps to the year asked for', async () => {
      expect(await dataQualityIssues(database.db, 2023)).toEqual([]);
      expect(acrossReports(await dataQualityIssues(database.db))).toHaveLength(8);
      await expect(dataQualityIssues(database.db, -1)).rejects.toThrow(AnalyticsArgumentError);
    });

    it('is one statement', async () => {
      database.statements.length = 0;
      await dataQualityIssues(database.db, 2024);
      expect(database.statements).toHaveLength(1);
    });
  });
});

/** Issues between figures, leaving out the first report's two relay variants (asserted on their own above). */
function acrossReports<T extends { kind: string }>(issues: T[]): T[] {
  return issues.filter((i) => i.kind !== 'RELAY_VARIANT');
}

describe('the SQL check and the domain module agree', () => {
  // Single-day periods in 2031, one per case, so that no plan's period covers another case's.
  const cases: { percent: Estimate; contracts: Estimate; plan: Estimate }[] = [];
  const bounds = (best: number, low: number | null, high: number | null): Estimate => ({ best, low, high });
  const percents = [bounds(50, 45, 55), bounds(50, 50, 50), bounds(80, 80, null), bounds(20, null, 25), bounds(50.000000000001, 50.000000000001, 50.000000000001)];
  const counts = [bounds(100, 100, 100), bounds(100, 90, 110), bounds(100, 100, null), bounds(100, null, 100)];
  const plans = [bounds(200, 200, 200), bounds(200, 0, 220), bounds(200, 180, null), bounds(300, 290, 310)];
  for (const percent of percents) for (const contracts of counts) for (const plan of plans) cases.push({ percent, contracts, plan });

  beforeAll(async () => {
    const day = (n: number) => new Date(Date.UTC(2031, 0, 1 + n)).toISOString().slice(0, 10);
    const fig = (metric: FigureSpec['metric'], e: Estimate, n: number): FigureSpec => ({
      region: 'UA-09', metric, periodStart: day(n), periodEnd: day(n), best: e.best, low: e.low, high: e.high, qualifier: 'APPROXIMATELY', asStated: String(e.best),
    });
    await insertReport(database.db, {
      slug: 'grid-2031',
      title: 'Grid',
      publisher: 'Test',
      figures: cases.flatMap((c, n) => [fig('PLAN_FULFILMENT_PERCENT', c.percent, n), fig('CONTRACTS_SIGNED', c.contracts, n), fig('PLANNED_RECRUITS', c.plan, n)]),
    });
  });

  it('flags exactly the cases estimate.ts calls INCONSISTENT', async () => {
    const flagged = (await dataQualityIssues(database.db, 2031)).filter((i) => i.kind === 'PERCENT_MISMATCH').length;
    const expected = cases.filter((c) => consistency(c.percent, computedFulfilmentPercent(c.contracts, c.plan)) === 'INCONSISTENT').length;
    expect(expected).toBeGreaterThan(5);
    expect(expected).toBeLessThan(cases.length - 5);
    expect(flagged).toBe(expected);
  });
});
