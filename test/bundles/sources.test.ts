// The encoded sources (docs/sources.md) as a client sees them: every bundle in data/reports seeded, then
// read back through GraphQL. For each contradiction of the compilation (further-sources.md, section 0
// first) the data-quality issue the API raises, or that it raises none; Crimea's running total raises no
// CUMULATIVE_DECREASE; the first report's figures and its worked example (docs/analytics.md) are
// unchanged; and seeding everything twice writes nothing the second time.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBundles } from '../../src/bundles/seed.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { BUNDLES_DIR, snapshot } from '../helpers/bundles.js';

let t: TestApp;
let firstSeed: Awaited<ReturnType<typeof seedBundles>>;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_POINTS: '0' });
  firstSeed = await seedBundles(t.database.db, BUNDLES_DIR);
}, 300_000);
afterAll(() => t.close());

const NRC = 'nrc-2024-occupied-recruitment';
const RBC_4000 = 'nrc-2024-12-target-10000-only-4000-recruited';
const NRC_7000 = 'nrc-2024-09-about-7000-contracts-since-start-of-year';
const NRC_SOUTH = 'nrc-2025-01-2024-plans-thwarted';
const COORD = 'coordination-hq-2025-11-46327-forcibly-mobilised';
const HUR_60000 = 'hur-2023-07-55000-60000-forcibly-mobilised';
const EHRG_300000 = 'ehrg-isss-2024-donbas-over-300000-mobilised';
const EMP_300000 = 'euromaidan-press-2025-01-donetsk-over-300000-mobilised';
const MISSION_3500 = 'mission-2026-02-crimea-3500-forcibly-mobilised';
const SKRYPNYK = 'chrg-2024-skrypnyk-crimea-at-least-40000';
const VOLOSHYN = 'voloshyn-2026-01-contract-recruitment-plans';

interface Issue {
  kind: string;
  message: string;
  region: { code: string } | null;
  metric: string | null;
  reports: { slug: string }[];
}

let issuesCache: Issue[] | undefined;
async function allIssues(): Promise<Issue[]> {
  issuesCache ??= (await t.execute(`{ dataQualityIssues { kind message region { code } metric reports { slug } } }`))
    .dataQualityIssues as Issue[];
  return issuesCache;
}

/** The issues of a kind for a region and metric that involve every one of `slugs`. */
async function issues(kind: string, region: string, metric: string, slugs: string[] = []): Promise<Issue[]> {
  return (await allIssues()).filter(
    (i) =>
      i.kind === kind &&
      i.region?.code === region &&
      i.metric === metric &&
      slugs.every((s) => i.reports.some((r) => r.slug === s)),
  );
}

/** Every issue with the figures it names, as a client reads them (DataQualityIssue.figures). */
async function issuesWithFigures(): Promise<(Issue & { figures: { value: { asStated: string }; report: { slug: string }; region: { code: string } }[] })[]> {
  return (
    await t.execute(`{ dataQualityIssues { kind message region { code } metric reports { slug }
      figures { value { asStated } report { slug } region { code } } } }`)
  ).dataQualityIssues;
}

describe('seeding every bundle in data/reports', () => {
  it('loads each file as one report, and a second seed writes nothing', async () => {
    const files = readdirSync(BUNDLES_DIR).filter((f) => f.endsWith('.json'));
    expect(firstSeed).toHaveLength(files.length);
    const data = await t.execute(`{ reports(first: 1) { totalCount } }`);
    expect(data.reports.totalCount).toBe(files.length);

    const before = await snapshot(t.database.db);
    const second = await seedBundles(t.database.db, BUNDLES_DIR);
    for (const result of second) expect(result).toMatchObject({ created: 0, updated: 0, removed: 0, changes: [] });
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('keeps each relay that words a figure differently as a variant naming its publication', async () => {
    const data = await t.execute(
      `query ($slug: String!) { report(slug: $slug) { sourceKind speaker
        recruitmentFigures(first: 50) { edges { node { region { code } value { asStated }
          variants { publication { outlet url } value { best qualifier low high asStated } periodAsStated } } } } } }`,
      { slug: COORD },
    );
    const byRegion = Object.fromEntries(
      data.report.recruitmentFigures.edges.map((e: any) => [e.node.region.code, e.node]),
    );
    expect(data.report.sourceKind).toBe('UKRAINIAN_OFFICIAL');
    expect(data.report.speaker).toMatch(/Dmytro Usov/);
    expect(byRegion['UA-14'].value.asStated).toBe('5 368');
    expect(byRegion['UA-14'].variants).toEqual([
      expect.objectContaining({ publication: expect.objectContaining({ outlet: 'Interfax-Ukraine' }), value: expect.objectContaining({ best: 5638, asStated: '5,638' }) }),
    ]);
    expect(byRegion['UA-43'].variants.map((v: any) => v.value.asStated).sort()).toEqual(['35 271', '35,371']);
    expect(byRegion['UA-40'].variants).toEqual([
      expect.objectContaining({ value: expect.objectContaining({ qualifier: 'MORE_THAN', best: 5000, low: 5000, high: null }) }),
    ]);
  });
});

describe('section 0 of the compilation: each contradiction and the issue the API raises', () => {
  it('0.2: Suspilne words the 9 600 contracts with another period, and Zaporizhzhia as "близько 330": RELAY_VARIANT', async () => {
    const tot = await issues('RELAY_VARIANT', 'UA-TOT', 'CONTRACTS_SIGNED', [NRC]);
    expect(tot).toHaveLength(1);
    expect(tot[0]!.message).toContain('з початку січня до початку листопада 2024 року');
    const zap = await issues('RELAY_VARIANT', 'UA-23', 'CONTRACTS_SIGNED', [NRC]);
    expect(zap).toHaveLength(1);
    expect(zap[0]!.message).toContain('близько 330 осіб');
  });

  it('0.3a: RBC-Ukraine\'s 4,000 by early December against the NRC report\'s 9.6 thousand and "almost 10 thousand": CONFLICTING_REPORTS', async () => {
    const found = await issues('CONFLICTING_REPORTS', 'UA-TOT', 'CONTRACTS_SIGNED', [NRC, RBC_4000]);
    expect(found.map((i) => i.message).join('\n')).toMatch(/9\.6 thousand[\s\S]*only 4,000/);
    expect(found.map((i) => i.message).join('\n')).toMatch(/almost 10 thousand[\s\S]*only 4,000/);
    expect(found).toHaveLength(2);
  });

  it('0.3a/0.3b: the round "10,000" target is read to the thousand and does not conflict with 10.4 thousand', async () => {
    expect(await issues('CONFLICTING_REPORTS', 'UA-TOT', 'PLANNED_RECRUITS')).toEqual([]);
  });

  it('0.3b: the south "disrupted by more than 50%" against Zaporizhzhia ~135% and Kherson ~105%: GROUP_MEMBERS_CONFLICT', async () => {
    // As a client reads the figures: the south's fulfilment for 2024 is below 50 %, every one of its
    // members' by the end of November at least 100 %, and the fulfilment of a year's plan cannot fall
    // within the year.
    const fulfilment = async (code: string) =>
      (
        await t.execute(`{ region(code: "${code}") { recruitmentFigures(first: 10, filter: { metrics: [PLAN_FULFILMENT_PERCENT] }) {
          edges { node { report { slug } periodStart periodEnd value { low high } } } } } }`)
      ).region.recruitmentFigures.edges.map((e: any) => e.node);
    expect(await fulfilment('UA-SOUTH')).toEqual([
      { report: { slug: NRC_SOUTH }, periodStart: '2024-01-01', periodEnd: '2024-12-31', value: { low: 0, high: 50 } },
    ]);
    for (const code of ['UA-23', 'UA-65']) {
      const [member] = await fulfilment(code);
      expect(member).toMatchObject({ report: { slug: NRC }, periodStart: '2024-01-01', periodEnd: '2024-11-30' });
      expect(member.value.low).toBeGreaterThanOrEqual(100);
    }
    const found = await issues('GROUP_MEMBERS_CONFLICT', 'UA-SOUTH', 'PLAN_FULFILMENT_PERCENT', [NRC_SOUTH, NRC]);
    expect(found).toHaveLength(1);
    for (const part of ['mobilization plans were disrupted by more than 50%', 'about 135% of the plan', 'about 105% of the plan']) {
      expect(found[0]!.message).toContain(part);
    }
  });

  it('0.3c: ~7 thousand by September fits 9.6 thousand by November but not 4,000 by December', async () => {
    expect(await issues('CONFLICTING_REPORTS', 'UA-TOT', 'CONTRACTS_SIGNED', [NRC_7000, RBC_4000])).not.toEqual([]);
    expect(await issues('CONFLICTING_REPORTS', 'UA-TOT', 'CONTRACTS_SIGNED', [NRC_7000, NRC])).toEqual([]);
  });

  it('0.4: the relays of the Coordination HQ disagree on Donetsk, Crimea and Sevastopol: RELAY_VARIANT on each', async () => {
    for (const region of ['UA-14', 'UA-43', 'UA-40', 'UA-TOT']) {
      expect(await issues('RELAY_VARIANT', region, 'MOBILISED', [COORD]), region).not.toEqual([]);
    }
    for (const region of ['UA-09', 'UA-23', 'UA-65']) {
      expect(await issues('RELAY_VARIANT', region, 'MOBILISED', [COORD]), region).toEqual([]);
    }
  });

  it('0.4: with the separate Sevastopol line the regions exceed the stated 46,327: REGIONS_EXCEED_TOTAL', async () => {
    const found = (await issues('REGIONS_EXCEED_TOTAL', 'UA-TOT', 'MOBILISED', [COORD])).filter((i) => i.message.includes('"46 тисяч 327"'));
    expect(found).toHaveLength(1);
    // Per member the check takes the highest low within the total's period: for Donetsk that is the SBU's
    // ">140,000" by June 2023 (EHRG/ISSS), not the Coordination HQ's own 5,368, so the issue names both reports.
    expect(found[0]!.reports.map((r) => r.slug).sort()).toEqual([COORD, EHRG_300000].sort());
    for (const part of ['"ще 5 368"', '"35 272"', '"4 650"', '"560"', '"478"']) expect(found[0]!.message).toContain(part);
  });

  it('0.5: the 2026 plans contradict nothing', async () => {
    const involving = (await allIssues()).filter((i) => i.kind !== 'RELAY_VARIANT' && i.reports.some((r) => r.slug === VOLOSHYN));
    expect(involving).toEqual([]);
  });

  it('0.6: Crimea\'s running total rises consistently: no CUMULATIVE_DECREASE, not even for "at least 40,000"', async () => {
    const data = await t.execute(`{ region(code: "UA-CRIMEA") { recruitmentFigures(first: 100, filter: { metrics: [CONSCRIPTED], periodKinds: [CUMULATIVE] }) {
      totalCount edges { node { report { slug } value { asStated low high } } } } } }`);
    // the series of section 0.6, from about 10,000 (2017) to at least 53,000 (2025)
    expect(data.region.recruitmentFigures.totalCount).toBeGreaterThanOrEqual(17);
    const skrypnyk = data.region.recruitmentFigures.edges.find((e: any) => e.node.report.slug === SKRYPNYK).node;
    // a floor with no ceiling: its interval cannot lie wholly below an earlier total
    expect(skrypnyk.value).toEqual({ asStated: 'at least 40,000 residents of the peninsula', low: 40000, high: null });
    expect(await issues('CUMULATIVE_DECREASE', 'UA-CRIMEA', 'CONSCRIPTED')).toEqual([]);
    expect((await allIssues()).filter((i) => i.reports.some((r) => r.slug === SKRYPNYK))).toEqual([]);
  });
});

describe('other contradictions between the sources (docs/sources.md)', () => {
  it('HUR\'s 55,000–60,000 by July 2023 against 46,327 by July 2025 from an indistinguishable start: CUMULATIVE_DECREASE', async () => {
    expect(await issues('CUMULATIVE_DECREASE', 'UA-TOT', 'MOBILISED', [HUR_60000, COORD])).not.toEqual([]);
  });

  it('Donetsk\'s >140,000 (SBU) and >300,000 (unsourced) against 5,368 later: CUMULATIVE_DECREASE, naming one earlier total', async () => {
    const found = await issues('CUMULATIVE_DECREASE', 'UA-14', 'MOBILISED', [COORD]);
    expect(found).toHaveLength(1);
    // the later total is the Coordination HQ's; of the earlier totals it falls below (both do), the check
    // names the latest, every time: Euromaidan Press's, to 12 January 2025
    const earlier = found[0]!.reports.map((r) => r.slug).filter((slug) => slug !== COORD);
    expect(earlier).toEqual([EMP_300000]);
  });

  it('Donetsk alone above the totals for all occupied territories: REGIONS_EXCEED_TOTAL', async () => {
    expect(await issues('REGIONS_EXCEED_TOTAL', 'UA-TOT', 'MOBILISED', [HUR_60000, EHRG_300000])).not.toEqual([]);
  });

  it('~3,500 forcibly mobilised Crimeans against 35,272 for the Autonomous Republic alone: REGIONS_EXCEED_TOTAL', async () => {
    expect(await issues('REGIONS_EXCEED_TOTAL', 'UA-CRIMEA', 'MOBILISED', [MISSION_3500, COORD])).not.toEqual([]);
  });

  it('HRW\'s ~2,600 and CHRG\'s ~3,500 planned for autumn 2019: CONFLICTING_REPORTS', async () => {
    expect(
      await issues('CONFLICTING_REPORTS', 'UA-CRIMEA', 'PLANNED_CONSCRIPTS', ['hrw-2019-11-crimea-conscription', 'chrg-2019-10-crimea-18900-conscripted']),
    ).not.toEqual([]);
  });

  it('names the figures of each issue, with their wording, report and region', async () => {
    const list = await issuesWithFigures();
    const conflict = list.find((i) => i.kind === 'CONFLICTING_REPORTS' && i.message.includes('9.6 thousand'))!;
    expect(conflict.figures.map((f) => [f.report.slug, f.region.code, f.value.asStated]).sort()).toEqual(
      [
        [NRC, 'UA-TOT', '9.6 thousand'],
        [RBC_4000, 'UA-TOT', 'only 4,000'],
      ].sort(),
    );
    const exceed = list.find((i) => i.kind === 'REGIONS_EXCEED_TOTAL' && i.message.includes('"46 тисяч 327"'))!;
    expect(exceed.figures.map((f) => f.value.asStated)).toEqual(expect.arrayContaining(['46 тисяч 327', 'ще 5 368', '35 272']));
  });

  it('raises RELAY_VARIANT for every report that keeps a relay\'s differing wording', async () => {
    const withVariants = [
      NRC,
      COORD,
      'nrc-2023-11-locals-7-percent-of-volunteer-units',
      HUR_60000,
      EHRG_300000,
      'ehrg-2022-07-ordlo-over-100000-forcibly-mobilised',
      'ohchr-2018-crimea-4800-conscripted-in-2017',
      'ohchr-2019-crimea-record-3300-in-spring',
      'hrw-2019-11-crimea-conscription',
      'mission-2024-12-crimea-5500-drafted-in-2024',
    ];
    const relayed = new Set((await allIssues()).filter((i) => i.kind === 'RELAY_VARIANT').flatMap((i) => i.reports.map((r) => r.slug)));
    expect([...relayed].sort()).toEqual([...withVariants].sort());
  });
});

describe('the whole list', () => {
  it('raises exactly the issues docs/sources.md lists, and no others', async () => {
    const key = (i: Issue) => [i.kind, i.region?.code, i.metric, i.reports.map((r) => r.slug).sort().join(' + ')].join(' | ');
    const CHRG_2019 = 'chrg-2019-10-crimea-18900-conscripted';
    const HRW = 'hrw-2019-11-crimea-conscription';
    const MISSION_5500 = 'mission-2024-12-crimea-5500-drafted-in-2024';
    const pair = (a: string, b: string) => [a, b].sort().join(' + ');
    const expected = [
      ['GROUP_MEMBERS_CONFLICT', 'UA-SOUTH', 'PLAN_FULFILMENT_PERCENT', pair(NRC, NRC_SOUTH)],
      ['REGIONS_EXCEED_TOTAL', 'UA-CRIMEA', 'MOBILISED', pair(COORD, MISSION_3500)],
      ['REGIONS_EXCEED_TOTAL', 'UA-TOT', 'MOBILISED', pair(EHRG_300000, HUR_60000)],
      ['REGIONS_EXCEED_TOTAL', 'UA-TOT', 'MOBILISED', pair(COORD, EHRG_300000)],
      ['CONFLICTING_REPORTS', 'UA-CRIMEA', 'PLANNED_CONSCRIPTS', pair(CHRG_2019, HRW)],
      ['CONFLICTING_REPORTS', 'UA-TOT', 'CONTRACTS_SIGNED', pair(NRC_7000, RBC_4000)],
      ['CONFLICTING_REPORTS', 'UA-TOT', 'CONTRACTS_SIGNED', pair(NRC, RBC_4000)],
      ['CONFLICTING_REPORTS', 'UA-TOT', 'CONTRACTS_SIGNED', pair(NRC, RBC_4000)],
      ['CUMULATIVE_DECREASE', 'UA-14', 'MOBILISED', pair(COORD, EMP_300000)],
      ['CUMULATIVE_DECREASE', 'UA-TOT', 'MOBILISED', pair(COORD, HUR_60000)],
      ['RELAY_VARIANT', 'RU', 'PLANNED_CONSCRIPTS', HRW],
      ['RELAY_VARIANT', 'UA-14', 'MOBILISED', COORD],
      ['RELAY_VARIANT', 'UA-23', 'CONTRACTS_SIGNED', NRC],
      ['RELAY_VARIANT', 'UA-40', 'MOBILISED', COORD],
      ['RELAY_VARIANT', 'UA-43', 'MOBILISED', COORD],
      ['RELAY_VARIANT', 'UA-CRIMEA', 'CONSCRIPTED', MISSION_5500],
      ['RELAY_VARIANT', 'UA-CRIMEA', 'CONSCRIPTED', MISSION_5500],
      ['RELAY_VARIANT', 'UA-CRIMEA', 'CONSCRIPTED', 'ohchr-2019-crimea-record-3300-in-spring'],
      ['RELAY_VARIANT', 'UA-CRIMEA', 'CONSCRIPTED', 'ohchr-2018-crimea-4800-conscripted-in-2017'],
      ['RELAY_VARIANT', 'UA-DONBAS', 'KILLED', 'ehrg-2022-07-ordlo-over-100000-forcibly-mobilised'],
      ['RELAY_VARIANT', 'UA-DONBAS', 'MOBILISED', EHRG_300000],
      ['RELAY_VARIANT', 'UA-SOUTH', 'SHARE_OF_PERSONNEL_PERCENT', 'nrc-2023-11-locals-7-percent-of-volunteer-units'],
      ['RELAY_VARIANT', 'UA-TOT', 'CONTRACTS_SIGNED', NRC],
      ['RELAY_VARIANT', 'UA-TOT', 'MOBILISED', HUR_60000],
      ['RELAY_VARIANT', 'UA-TOT', 'MOBILISED', COORD],
    ].map((row) => row.join(' | '));
    expect((await allIssues()).map(key).sort()).toEqual(expected.sort());
  });
});

describe('the first report is unchanged', () => {
  it('states the same eleven figures with the same bounds', async () => {
    const data = await t.execute(`{ report(slug: "${NRC}") { recruitmentFigures(first: 50) { edges { node {
      region { code } metric periodStart periodEnd unit periodKind value { best qualifier low high asStated } } } } } }`);
    const got = data.report.recruitmentFigures.edges
      .map((e: any) => e.node)
      .map((f: any) => [f.region.code, f.metric, f.periodStart, f.periodEnd, f.unit, f.periodKind, f.value.asStated, f.value.best, f.value.low, f.value.high].join('|'))
      .sort();
    const nov = ['2024-01-01', '2024-11-30'];
    const year = ['2024-01-01', '2024-12-31'];
    const P = 'PERSONS|FLOW';
    const PC = 'PERCENT|FLOW';
    expect(got).toEqual(
      [
        ['UA-TOT', 'PLANNED_RECRUITS', ...year, P, '10.4 thousand', 10400, 10350, 10450],
        ['UA-TOT', 'CONTRACTS_SIGNED', ...nov, P, '9.6 thousand', 9600, 9550, 9650],
        ['UA-TOT', 'CONTRACTS_SIGNED', ...year, P, 'almost 10 thousand', 10000, 9500, 10000],
        ['UA-TOT', 'PLAN_FULFILMENT_PERCENT', ...nov, PC, 'approximately 93%', 93, 83.7, 102.3],
        ['UA-23', 'CONTRACTS_SIGNED', ...nov, P, 'over 330 people', 330, 330, ''],
        ['UA-23', 'PLAN_FULFILMENT_PERCENT', ...nov, PC, 'about 135% of the plan', 135, 121.5, 148.5],
        ['UA-65', 'CONTRACTS_SIGNED', ...nov, P, 'over 260 people', 260, 260, ''],
        ['UA-65', 'PLAN_FULFILMENT_PERCENT', ...nov, PC, 'about 105% of the plan', 105, 100, 115.5],
        ['UA-14', 'CONTRACTS_SIGNED', ...nov, P, 'over 3150 people', 3150, 3150, ''],
        ['UA-14', 'PLAN_FULFILMENT_PERCENT', ...nov, PC, 'about 105%', 105, 100, 115.5],
        ['UA-43', 'PLAN_FULFILMENT_PERCENT', ...nov, PC, 'just over 80%', 80, 80, 84],
      ]
        .map((row) => row.join('|'))
        .sort(),
    );
  });

  it('keeps its worked example: UA-TOT 2024 from the NRC report alone, 92.3 %, the other reports aside', async () => {
    const data = await t.execute(`{ region(code: "UA-TOT") { recruitmentSummary(year: 2024) {
      plannedRecruits { asStated } reportedFulfilmentPercent { asStated }
      fulfilmentBasis { value { asStated } report { slug } }
      computedFulfilmentPercent { best low high } impliedPlannedRecruits { best low high } consistency
      sources { slug } otherSources { slug } } } }`);
    const s = data.region.recruitmentSummary;
    expect(s.plannedRecruits.asStated).toBe('10.4 thousand');
    expect(s.reportedFulfilmentPercent.asStated).toBe('approximately 93%');
    expect(s.fulfilmentBasis).toEqual({ value: { asStated: '9.6 thousand' }, report: { slug: NRC } });
    // docs/analytics.md: 9600 x 100 / 10400 = 92.3077 (91.3876 .. 93.2367), shown to 4 significant digits
    expect(s.computedFulfilmentPercent.best).toBeCloseTo(92.31, 2);
    expect(s.computedFulfilmentPercent.low).toBeLessThanOrEqual(91.3876);
    expect(s.computedFulfilmentPercent.low).toBeGreaterThan(91.38 - 0.01);
    expect(s.computedFulfilmentPercent.high).toBeGreaterThanOrEqual(93.2367);
    expect(s.computedFulfilmentPercent.high).toBeLessThan(93.24 + 0.01);
    expect(s.consistency).toBe('CONSISTENT');
    expect(s.sources.map((r: any) => r.slug)).toContain(NRC);
    expect(s.sources.map((r: any) => r.slug)).not.toContain(RBC_4000);
    expect(s.otherSources.map((r: any) => r.slug)).toEqual(expect.arrayContaining([RBC_4000, NRC_7000, NRC_SOUTH]));
  });
});
