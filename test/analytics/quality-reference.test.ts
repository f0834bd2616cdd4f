// The optimised group checks against a straightforward reference: a generated dataset with conflicts of
// every kind planted at random (fixed seed), the issues the SQL finds compared with a plain evaluation of
// the rules of docs/analytics.md over every (group figure, member figure) pair in JavaScript. A faster
// query that drops or invents an issue fails here.
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataQualityIssues, MAX_ISSUES_PER_KIND, type DataQualityIssue } from '../../src/analytics/quality.js';
import { rowsOf } from '../../src/db/statements.js';
import { RELATIVE_TOLERANCE } from '../../src/domain/estimate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

interface Figure {
  id: number;
  region_id: number;
  metric: string;
  unit: string;
  period_kind: string;
  period_start: string;
  period_end: string;
  low: number | null;
  high: number | null;
}

const YEAR = 2024;
const PERIODS: [string, string][] = [
  ['2024-01-01', '2024-03-31'],
  ['2024-01-01', '2024-06-30'],
  ['2024-01-01', '2024-12-31'],
  ['2024-04-01', '2024-06-30'],
  ['2023-07-01', '2024-06-30'],
  ['2023-01-01', '2023-12-31'],
];
const METRICS = ['CONTRACTS_SIGNED', 'PLANNED_RECRUITS', 'PLAN_FULFILMENT_PERCENT'];
const REGIONS = ['UA-TOT', 'UA-SOUTH', 'UA-DONBAS', 'UA-CRIMEA', 'UA-14', 'UA-09', 'UA-23', 'UA-65', 'UA-43', 'UA-40'];

let database: TestDatabase;
let figures: Figure[];
let members: Map<number, number[]>;
let additive: Set<string>;
let ratio: Set<string>;

/** A small deterministic generator (mulberry32), so that every run plants the same conflicts. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const next = random(12);
  const regionRows = rowsOf<{ id: number; code: string }>(await db.execute(sql`select id, code from regions`));
  const idOf = new Map(regionRows.map((r) => [r.code, Number(r.id)]));
  const values: SQL[] = [];
  for (let r = 1; r <= 8; r++) {
    const report = rowsOf<{ id: number }>(
      await db.execute(sql`insert into reports (slug, title, publisher, language) values (${`reference-${r}`}, ${`Reference ${r}`}, 'Test', 'en') returning id`),
    )[0]!.id;
    for (const region of REGIONS)
      for (const metric of METRICS)
        for (const [start, end] of PERIODS) {
          if (next() < 0.45) continue;
          const percent = metric === 'PLAN_FULFILMENT_PERCENT';
          // members' counts near a quarter of their group's, so that sums and lows cross the groups' bounds
          const scale = percent ? 100 : region.startsWith('UA-') && region.length === 5 ? 250 : 1000;
          const best = Math.round(scale * (0.5 + next()));
          const shape = next();
          const low = shape < 0.15 ? null : Math.round(best * (shape < 0.6 ? 1 : 0.9));
          const high = shape > 0.85 ? null : Math.round(best * (shape < 0.6 ? 1 : 1.1));
          const kind = !percent && next() < 0.2 ? 'CUMULATIVE' : 'FLOW';
          values.push(
            sql`(${report}, ${idOf.get(region)!}, ${metric}::recruitment_metric, ${kind}::period_kind, ${start}::date, ${end}::date, ${best}, ${low}, ${high}, 'RANGE'::qualifier, ${String(best)})`,
          );
        }
  }
  await db.execute(sql`insert into recruitment_figures (report_id, region_id, metric, period_kind, period_start, period_end, best, low, high, qualifier, as_stated)
    values ${sql.join(values, sql`, `)}`);
  figures = rowsOf<Figure>(
    await db.execute(sql`select id, region_id, metric::text, unit::text, period_kind::text, period_start::text, period_end::text, low, high from recruitment_figures`),
  ).map((f) => ({ ...f, id: Number(f.id), region_id: Number(f.region_id) }));
  members = new Map();
  for (const m of rowsOf<{ group_id: number; member_id: number }>(await db.execute(sql`select group_id, member_id from region_memberships`)))
    members.set(Number(m.group_id), [...(members.get(Number(m.group_id)) ?? []), Number(m.member_id)]);
  const definitions = rowsOf<{ metric: string; additive: boolean; numerator_metric: string | null }>(
    await db.execute(sql`select metric::text, additive, numerator_metric::text from metric_definitions`),
  );
  additive = new Set(definitions.filter((d) => d.additive).map((d) => d.metric));
  ratio = new Set(definitions.filter((d) => d.numerator_metric !== null).map((d) => d.metric));
});
afterAll(() => database.close());

function exceeds(lo: number | null, hi: number | null): boolean {
  return lo !== null && hi !== null && lo > hi + RELATIVE_TOLERANCE * Math.max(1, Math.abs(lo), Math.abs(hi));
}

const inYear = (f: Figure) => f.period_end >= `${YEAR}-01-01` && f.period_end < `${YEAR + 1}-01-01`;

/** GROUP_MEMBERS_CONFLICT, pair by pair: the group figures it must flag. */
function referenceGroupMembersConflicts(): number[] {
  const flagged: number[] = [];
  for (const t of figures) {
    const isRatio = ratio.has(t.metric);
    const group = members.get(t.region_id);
    if (!inYear(t) || !group || !(isRatio || additive.has(t.metric))) continue;
    const perMember = group.map((m) => {
      const pairs = figures.filter(
        (f) =>
          f.region_id === m && f.metric === t.metric && f.unit === t.unit && f.period_kind === t.period_kind &&
          f.period_start === t.period_start && f.period_end <= t.period_end && (isRatio || f.period_end === t.period_end),
      );
      if (pairs.length === 0) return null;
      const exact = pairs.filter((f) => f.period_end === t.period_end);
      return {
        low: Math.min(...pairs.map((f) => f.low ?? 0)),
        high: exact.length > 0 && exact.every((f) => f.high !== null) ? Math.max(...exact.map((f) => f.high!)) : null,
      };
    });
    if (perMember.some((m) => m === null)) continue;
    const stated = perMember as { low: number; high: number | null }[];
    const bounded = stated.every((m) => m.high !== null);
    const highs = stated.map((m) => m.high!);
    const conflict = isRatio
      ? exceeds(Math.min(...stated.map((m) => m.low)), t.high) || (bounded && exceeds(t.low, Math.max(...highs)))
      : bounded && exceeds(t.low, highs.reduce((a, b) => a + b, 0));
    if (conflict) flagged.push(t.id);
  }
  return flagged.sort((a, b) => a - b);
}

/** REGIONS_EXCEED_TOTAL, pair by pair: the group figures it must flag. */
function referenceRegionsExceedTotal(): number[] {
  const flagged: number[] = [];
  for (const t of figures) {
    const group = members.get(t.region_id);
    if (!inYear(t) || !group || !additive.has(t.metric) || t.high === null) continue;
    const snapshot = t.period_kind === 'SNAPSHOT';
    let sum: number | null = null;
    for (const m of group) {
      const lows = figures
        .filter(
          (f) =>
            f.region_id === m && f.metric === t.metric && f.unit === t.unit && f.low !== null &&
            f.period_start >= t.period_start && f.period_start <= t.period_end && f.period_end <= t.period_end &&
            (f.period_kind === 'SNAPSHOT') === snapshot && (!snapshot || f.period_end === t.period_end),
        )
        .map((f) => f.low!);
      if (lows.length > 0) sum = (sum ?? 0) + Math.max(...lows);
    }
    if (exceeds(sum, t.high)) flagged.push(t.id);
  }
  return flagged.sort((a, b) => a - b);
}

const subjects = (issues: DataQualityIssue[], kind: DataQualityIssue['kind']) =>
  issues.filter((i) => i.kind === kind).map((i) => i.figureIds[0]!).sort((a, b) => a - b);

describe('the optimised checks agree with a pair-by-pair evaluation', () => {
  let issues: DataQualityIssue[];
  beforeAll(async () => {
    issues = await dataQualityIssues(database.db, YEAR);
  });

  it('plants enough of each group conflict, and stays below the per-kind limit (so no issue is cut off)', () => {
    for (const kind of ['GROUP_MEMBERS_CONFLICT', 'REGIONS_EXCEED_TOTAL'] as const) {
      const n = issues.filter((i) => i.kind === kind).length;
      expect(n, kind).toBeGreaterThan(5);
      expect(n, kind).toBeLessThan(MAX_ISSUES_PER_KIND);
    }
  });

  it('GROUP_MEMBERS_CONFLICT flags exactly the group figures the reference flags', () => {
    const expected = referenceGroupMembersConflicts();
    expect(expected.length).toBeGreaterThan(5);
    expect(subjects(issues, 'GROUP_MEMBERS_CONFLICT')).toEqual(expected);
  });

  it('REGIONS_EXCEED_TOTAL flags exactly the group figures the reference flags', () => {
    const expected = referenceRegionsExceedTotal();
    expect(expected.length).toBeGreaterThan(5);
    expect(subjects(issues, 'REGIONS_EXCEED_TOTAL')).toEqual(expected);
  });

  it('finds the same issues whether the kinds are asked for alone or together', async () => {
    for (const kind of ['GROUP_MEMBERS_CONFLICT', 'REGIONS_EXCEED_TOTAL'] as const)
      expect(await dataQualityIssues(database.db, YEAR, { kinds: [kind] })).toEqual(issues.filter((i) => i.kind === kind));
  });
});
