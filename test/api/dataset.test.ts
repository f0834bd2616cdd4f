// The dataset for many sources (issue 12), through GraphQL as a client sees it: metric definitions, units,
// period kinds and precisions, relay variants, region groups, the checks that hold across sources, and
// summaries that never mix two reports. Fixtures are bundles built from sections of further-sources.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { eq, sql } from 'drizzle-orm';
import { loadFirstReport, NRC_SLUG } from '../helpers/analytics-fixture.js';
import { ROOT, snapshot } from '../helpers/bundles.js';
import { createEditorsApp, type EditorsApp } from '../helpers/editors.js';
import { ERRORS } from '../helpers/editors-ops.js';

let t: EditorsApp;
beforeAll(async () => {
  t = await createEditorsApp();
  await loadFirstReport(t.database.db);
});
afterAll(() => t.close());

const RBC = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/rbc-2024-12-06-recruitment-target.json'), 'utf8'));

const IMPORT = `mutation($bundle: JSON!, $dryRun: Boolean) {
  importReportBundle(bundle: $bundle, dryRun: $dryRun) {
    ${ERRORS}
    ... on ImportReportBundleSuccess { result { created updated deleted } }
  }
}`;

async function importBundle(bundle: unknown) {
  const r = await t.as('editor', IMPORT, { bundle });
  expect(r.errors).toBeUndefined();
  return r.data.importReportBundle;
}

async function imported(bundle: unknown) {
  const result = await importBundle(bundle);
  expect(result.__typename, JSON.stringify(result)).toBe('ImportReportBundleSuccess');
  return result;
}

async function deleteReportBySlug(slug: string) {
  const data = await t.execute(`{ reports(first: 100) { edges { node { id slug version } } } }`);
  const node = data.reports.edges.map((e: any) => e.node).find((n: any) => n.slug === slug);
  if (!node) return;
  const r = await t.as('editor', `mutation($input: DeleteReportInput!) { deleteReport(input: $input) { ${ERRORS} } }`, {
    input: { id: node.id, expectedVersion: node.version },
  });
  expect(r.data.deleteReport.__typename).toBe('DeleteReportSuccess');
}

const issues = async (year?: number) =>
  (
    await t.execute(
      `query($year: Int) { dataQualityIssues(year: $year) { kind message region { code } metric reports { slug } figures { value { asStated } report { slug } region { code } } } }`,
      { year },
    )
  ).dataQualityIssues as any[];

const publication = (outlet: string, url: string, extra: Record<string, unknown> = {}) => ({ outlet, url, language: 'uk', ...extra });

/** A bundle of the Coordination HQ's forcibly-mobilised totals (section B2), as few figures as a test needs. */
function coordinationHq(figures: unknown[], slug = 'coordination-hq-2025-11-18-mobilised') {
  return {
    report: {
      slug,
      title: 'Russia forcibly mobilised 46,327 residents of the occupied territories',
      publisher: 'Coordination Headquarters for the Treatment of Prisoners of War',
      sourceKind: 'UKRAINIAN_OFFICIAL',
      speaker: 'Dmytro Usov, secretary of the Coordination Headquarters',
      publishedOn: '2025-11-18',
      language: 'uk',
      publications: [
        publication('RBC-Ukraine', 'https://www.rbc.ua/rus/news/rf-nasilno-mobilizuvala-svogo-viyska-ponad-1763477111.html', { publishedOn: '2025-11-18' }),
        publication('Interfax-Ukraine', 'https://en.interfax.com.ua/news/general/1121486.html', { language: 'en', publishedOn: '2025-11-18' }),
        publication('TSN', 'https://tsn.ua/ato/rosiia-mobilizuvala-do-svoyikh-lav-desiatky-tysiach-ukrayintsiv-ta-viyskovopolonenykh-2959604.html'),
      ],
    },
    figures,
  };
}

const mobilised = (regionCode: string, best: number, asStated: string, extra: Record<string, unknown> = {}) => ({
  regionCode,
  metric: 'MOBILISED',
  periodKind: 'CUMULATIVE',
  periodStart: '2022-02-01',
  periodStartPrecision: 'MONTH',
  periodEnd: '2025-07-31',
  periodEndPrecision: 'MONTH',
  periodAsStated: 'з лютого 2022 року по липень 2025 року',
  value: { best, qualifier: 'EXACT', asStated },
  attributedTo: "Ukrainian military intelligence; 'the Russian side confirmed them'",
  ...extra,
});

describe('metric definitions', () => {
  it('lists every metric with its default unit, the units it allows and whether regions add up', async () => {
    const data = await t.execute(`{ metrics { metric description defaultUnit allowedUnits additive kind numerator denominator } }`);
    expect(data.metrics.map((m: any) => m.metric)).toEqual([
      'PLANNED_RECRUITS',
      'CONTRACTS_SIGNED',
      'PLAN_FULFILMENT_PERCENT',
      'CONSCRIPTED',
      'PLANNED_CONSCRIPTS',
      'MOBILISED',
      'PLANNED_MOBILISATION',
      'SHARE_OF_PERSONNEL_PERCENT',
      'KILLED',
      'PAYMENT_AMOUNT',
    ]);
    const by = Object.fromEntries(data.metrics.map((m: any) => [m.metric, m]));
    expect(by.PLAN_FULFILMENT_PERCENT).toMatchObject({
      defaultUnit: 'PERCENT',
      allowedUnits: ['PERCENT'],
      additive: false,
      kind: 'PERCENTAGE',
      numerator: 'CONTRACTS_SIGNED',
      denominator: 'PLANNED_RECRUITS',
    });
    expect(by.MOBILISED).toMatchObject({ defaultUnit: 'PERSONS', additive: true, kind: 'COUNT', numerator: null });
    expect(by.PAYMENT_AMOUNT).toMatchObject({ defaultUnit: 'RUB', allowedUnits: ['RUB', 'USD'], additive: false });
    for (const m of data.metrics) expect(m.description.length).toBeGreaterThan(10);
  });
});

describe('the first report, as the migration and the v1 bundle leave it', () => {
  it('has its units, FLOW periods, DAY precisions and its source kind', async () => {
    const data = await t.execute(`{ report(slug: "${NRC_SLUG}") { sourceKind speaker publishedOnPrecision
      recruitmentFigures(first: 100) { edges { node { metric unit periodKind periodStartPrecision periodEndPrecision variants { value { asStated } } } } } } }`);
    expect(data.report).toMatchObject({ sourceKind: 'UKRAINIAN_OFFICIAL', speaker: null, publishedOnPrecision: 'DAY' });
    const figures = data.report.recruitmentFigures.edges.map((e: any) => e.node);
    expect(figures).toHaveLength(11);
    for (const f of figures) {
      expect(f).toMatchObject({ periodKind: 'FLOW', periodStartPrecision: 'DAY', periodEndPrecision: 'DAY' });
      expect(f.unit).toBe(f.metric === 'PLAN_FULFILMENT_PERCENT' ? 'PERCENT' : 'PERSONS');
    }
    // the bundle keeps Suspilne's two differing wordings (docs/sources.md, section 0.2); nothing else has variants
    expect(figures.flatMap((f: any) => f.variants.map((v: any) => v.value.asStated)).sort()).toEqual(['9 600', 'близько 330 осіб']);
  });
});

describe('region groups', () => {
  it('knows the groups, their members and each region\'s groups, and Russia', async () => {
    const data = await t.execute(`{ south: region(code: "UA-SOUTH") { kind members { code } groups { code } }
      zp: region(code: "UA-23") { parent { code } groups { code } }
      crimea: region(code: "UA-CRIMEA") { members { code } }
      donbas: region(code: "UA-DONBAS") { members { code } }
      tot: region(code: "UA-TOT") { members { code } children { code } }
      ru: region(code: "RU") { kind } smd: region(code: "RU-SMD") { kind nameEn } }`);
    expect(data.south).toEqual({ kind: 'AGGREGATE', members: [{ code: 'UA-23' }, { code: 'UA-65' }], groups: [] });
    expect(data.zp).toEqual({ parent: { code: 'UA-TOT' }, groups: [{ code: 'UA-SOUTH' }, { code: 'UA-TOT' }] });
    expect(data.crimea.members).toEqual([{ code: 'UA-40' }, { code: 'UA-43' }]);
    expect(data.donbas.members).toEqual([{ code: 'UA-09' }, { code: 'UA-14' }]);
    expect(data.tot.members).toEqual(data.tot.children);
    expect(data.tot.members).toHaveLength(6);
    expect(data.ru).toEqual({ kind: 'COUNTRY' });
    expect(data.smd).toEqual({ kind: 'MILITARY_DISTRICT', nameEn: 'Southern Military District of Russia' });
  });

  const SET = `mutation($input: SetRegionGroupMembersInput!) { setRegionGroupMembers(input: $input) {
    __typename ... on Error { message } ... on ValidationError { issues { path message } }
    ... on SetRegionGroupMembersSuccess { region { code members { code } } } } }`;

  it('refuses a group that contains itself, directly or through another group, or a region twice; nothing is written', async () => {
    const before = await t.auditCount();
    const self = await t.as('admin', SET, { input: { groupCode: 'UA-SOUTH', memberCodes: ['UA-23', 'UA-SOUTH'] } });
    expect(self.errors).toBeUndefined();
    expect(self.data.setRegionGroupMembers).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'memberCodes', '1'], message: 'a group cannot contain itself (UA-SOUTH)' }],
    });
    const twice = await t.as('admin', SET, { input: { groupCode: 'UA-SOUTH', memberCodes: ['UA-23', 'UA-65', 'UA-23'] } });
    expect(twice.data.setRegionGroupMembers).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'memberCodes', '2'], message: 'UA-23 is listed twice (also memberCodes[0])' }],
    });
    // RU-SMD holds UA-SOUTH; UA-SOUTH holding RU-SMD would be a cycle
    const ok = await t.as('admin', SET, { input: { groupCode: 'RU-SMD', memberCodes: ['UA-SOUTH'] } });
    expect(ok.data.setRegionGroupMembers.region).toEqual({ code: 'RU-SMD', members: [{ code: 'UA-SOUTH' }] });
    const cycle = await t.as('admin', SET, { input: { groupCode: 'UA-SOUTH', memberCodes: ['UA-23', 'UA-65', 'RU-SMD'] } });
    expect(cycle.data.setRegionGroupMembers).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'memberCodes'] }] });
    const notGroup = await t.as('admin', SET, { input: { groupCode: 'UA-23', memberCodes: [] } });
    expect(notGroup.data.setRegionGroupMembers).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'groupCode'] }] });
    const editor = await t.as('editor', SET, { input: { groupCode: 'RU-SMD', memberCodes: [] } });
    expect(editor.data?.setRegionGroupMembers ?? null).toBeNull();
    // the one accepted change, with its audit entry; put back as it was
    expect(await t.auditCount()).toBe(before + 1);
    const undo = await t.as('admin', SET, { input: { groupCode: 'RU-SMD', memberCodes: [] } });
    expect(undo.data.setRegionGroupMembers.region.members).toEqual([]);
    const south = await t.execute(`{ region(code: "UA-SOUTH") { members { code } } }`);
    expect(south.region.members).toEqual([{ code: 'UA-23' }, { code: 'UA-65' }]);
  });
});

describe('the 96 % case: RBC-Ukraine\'s item of 6 December 2024 beside the NRC report', () => {
  beforeAll(async () => {
    await imported(RBC);
  });
  afterAll(() => deleteReportBySlug(RBC.report.slug));

  it('computes 92.3 % from the NRC report alone and lists RBC\'s item in otherSources', async () => {
    const data = await t.execute(`{ recruitmentSummaries(year: 2024, regionCodes: ["UA-TOT"]) {
      plannedRecruits { asStated } contractsSigned { asStated } reportedFulfilmentPercent { asStated }
      computedFulfilmentPercent { best low high } consistency sources { slug } otherSources { slug }
      figures { report { slug } } } }`);
    const s = data.recruitmentSummaries[0];
    expect(s.plannedRecruits.asStated).toBe('10.4 thousand');
    expect(s.reportedFulfilmentPercent.asStated).toBe('approximately 93%');
    expect(s.computedFulfilmentPercent.best).toBeCloseTo(92.31, 2);
    expect(s.computedFulfilmentPercent.best).not.toBeCloseTo(96, 0);
    expect(s.consistency).toBe('CONSISTENT');
    expect(s.sources).toEqual([{ slug: NRC_SLUG }]);
    expect(s.otherSources).toEqual([{ slug: RBC.report.slug }]);
    expect(new Set(s.figures.map((f: any) => f.report.slug))).toEqual(new Set([NRC_SLUG]));
  });

  it('shows the disagreement: RBC\'s 4,000 by December against the NRC\'s 9.6 thousand by November, naming both figures', async () => {
    const conflicts = (await issues(2024)).filter((i) => i.kind === 'CONFLICTING_REPORTS');
    // against the 9.6 thousand of January to November (within RBC's period), and against "almost 10
    // thousand" for the same period, the whole year
    expect(conflicts).toHaveLength(2);
    for (const c of conflicts) {
      expect(c).toMatchObject({ region: { code: 'UA-TOT' }, metric: 'CONTRACTS_SIGNED', reports: [{ slug: NRC_SLUG }, { slug: RBC.report.slug }] });
      expect(c.figures[1]).toEqual({ value: { asStated: 'only 4,000' }, report: { slug: RBC.report.slug }, region: { code: 'UA-TOT' } });
    }
    expect(conflicts.map((c) => c.figures[0].value.asStated).sort()).toEqual(['9.6 thousand', 'almost 10 thousand']);
    expect(conflicts.find((c) => c.figures[0].value.asStated === '9.6 thousand')!.message).toBe(
      `UA-TOT: ${NRC_SLUG} states "9.6 thousand" (9550 to 9650) for 2024-01-01 to 2024-11-30, but ${RBC.report.slug} states "only 4,000" (3500 to 4500) for 2024-01-01 to 2024-12-31, which contains it; the two cannot both be right.`,
    );
    // the plans, 10.4 thousand (10,350 to 10,450) and 10,000 (9,500 to 10,500), overlap: no conflict
    expect((await issues(2024)).filter((i) => i.metric === 'PLANNED_RECRUITS')).toEqual([]);
  });

  it('keeps the payment in both its units, with the period kind and precision as stated', async () => {
    const data = await t.execute(`{ recruitmentFigures(filter: { reportSlugs: ["${RBC.report.slug}"], units: [USD, RUB] }) {
      edges { node { metric unit periodKind periodStartPrecision periodEndPrecision value { best } quote } } } }`);
    expect(data.recruitmentFigures.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ metric: 'PAYMENT_AMOUNT', unit: 'RUB', periodKind: 'SNAPSHOT', periodEndPrecision: 'YEAR', value: { best: 400000 } }),
        expect.objectContaining({ metric: 'PAYMENT_AMOUNT', unit: 'USD', value: { best: 3960 } }),
      ]),
    );
    const month = await t.execute(`{ recruitmentFigures(filter: { reportSlugs: ["${RBC.report.slug}"], metrics: [CONTRACTS_SIGNED] }) {
      edges { node { periodEnd periodEndPrecision periodAsStated attributedTo report { sourceKind } } } } }`);
    expect(month.recruitmentFigures.edges[0].node).toEqual({
      periodEnd: '2024-12-31',
      periodEndPrecision: 'MONTH',
      periodAsStated: 'as of early December',
      attributedTo: 'National Resistance Center',
      report: { sourceKind: 'MEDIA' },
    });
  });

  it('does not rank a report with no publication date as the oldest by accident', async () => {
    // two count-only reports for UA-09 with the same period end: the undated one has a relay dated
    // after the dated one, so it ranks first
    await imported({
      report: { slug: 'dated-2025-01', title: 'Dated', publisher: 'A', sourceKind: 'MEDIA', publishedOn: '2025-01-10', language: 'en' },
      figures: [{ regionCode: 'UA-09', metric: 'CONTRACTS_SIGNED', periodStart: '2024-01-01', periodEnd: '2024-11-30', value: { best: 100, qualifier: 'EXACT', asStated: '100' } }],
    });
    await imported({
      report: {
        slug: 'undated-relayed-2025-02',
        title: 'Undated',
        publisher: 'B',
        sourceKind: 'NGO',
        language: 'en',
        publications: [{ outlet: 'Relay', url: 'https://example.org/relay', publishedOn: '2025-02-01', publishedOnPrecision: 'MONTH' }],
      },
      figures: [{ regionCode: 'UA-09', metric: 'CONTRACTS_SIGNED', periodStart: '2024-01-01', periodEnd: '2024-11-30', value: { best: 120, qualifier: 'EXACT', asStated: '120' } }],
    });
    try {
      const data = await t.execute(`{ recruitmentSummaries(year: 2024, regionCodes: ["UA-09"]) { contractsSigned { asStated } sources { slug } otherSources { slug } } }`);
      expect(data.recruitmentSummaries[0]).toEqual({
        contractsSigned: { asStated: '120' },
        sources: [{ slug: 'undated-relayed-2025-02' }],
        otherSources: [{ slug: 'dated-2025-01' }],
      });
    } finally {
      await deleteReportBySlug('dated-2025-01');
      await deleteReportBySlug('undated-relayed-2025-02');
    }
  });
});

describe('the Coordination HQ\'s totals (section B2): regions via membership, relays that disagree', () => {
  const withSevastopol = coordinationHq([
    mobilised('UA-TOT', 46327, '46 тисяч 327'),
    mobilised('UA-14', 5368, '5 368', {
      variants: [{ publicationUrl: 'https://en.interfax.com.ua/news/general/1121486.html', value: { best: 5638, qualifier: 'EXACT', asStated: '5,638' } }],
    }),
    mobilised('UA-09', 4650, '4 650'),
    mobilised('UA-23', 560, '560'),
    mobilised('UA-65', 478, '478'),
    mobilised('UA-43', 35272, '35 272', {
      variants: [
        { publicationUrl: 'https://tsn.ua/ato/rosiia-mobilizuvala-do-svoyikh-lav-desiatky-tysiach-ukrayintsiv-ta-viyskovopolonenykh-2959604.html', value: { best: 35271, qualifier: 'EXACT', asStated: '35 271' } },
        { publicationUrl: 'https://en.interfax.com.ua/news/general/1121486.html', value: { best: 35371, qualifier: 'EXACT', asStated: '35,371' }, note: 'probably a typo' },
      ],
    }),
    mobilised('UA-40', 5368, 'ще 5 368', {
      note: 'TSN and Postfactum give no Sevastopol line.',
      variants: [{ publicationUrl: 'https://en.interfax.com.ua/news/general/1121486.html', value: { best: 5000, qualifier: 'MORE_THAN', asStated: 'more than 5,000' } }],
    }),
  ]);
  afterAll(() => deleteReportBySlug(withSevastopol.report.slug));

  it('flags regions adding up to 51,696 against a stated total of 46,327 (MOBILISED, a metric the checks learnt from its definition)', async () => {
    await imported(withSevastopol);
    const exceed = (await issues(2025)).filter((i) => i.kind === 'REGIONS_EXCEED_TOTAL');
    expect(exceed).toHaveLength(1);
    expect(exceed[0]).toMatchObject({ region: { code: 'UA-TOT' }, metric: 'MOBILISED' });
    expect(exceed[0].message).toContain('at least 51696');
    expect(exceed[0].message).toContain('at most 46327');
    expect(exceed[0].figures[0].region.code).toBe('UA-TOT');
    expect(exceed[0].figures.map((f: any) => f.region.code).slice(1)).toEqual(['UA-09', 'UA-14', 'UA-23', 'UA-40', 'UA-43', 'UA-65']);
    // UA-CRIMEA has no figure of its own, so nothing is said about it; UA-SOUTH neither
    expect(exceed.filter((i) => i.region.code !== 'UA-TOT')).toEqual([]);
  });

  it('flags each figure whose relays word it differently, with every relay\'s wording', async () => {
    const variants = (await issues(2025)).filter((i) => i.kind === 'RELAY_VARIANT');
    expect(variants.map((i) => i.region.code)).toEqual(['UA-14', 'UA-40', 'UA-43']);
    const crimea = variants.find((i) => i.region.code === 'UA-43')!;
    expect(crimea.message).toContain('Interfax-Ukraine: "35,371"');
    expect(crimea.message).toContain('TSN: "35 271"');
    expect(crimea.figures).toEqual([{ value: { asStated: '35 272' }, report: { slug: withSevastopol.report.slug }, region: { code: 'UA-43' } }]);
    const data = await t.execute(`{ recruitmentFigures(filter: { regionCodes: ["UA-14"], metrics: [MOBILISED], periodKinds: [CUMULATIVE] }) {
      edges { node { value { asStated } variants { publication { outlet url } value { best low high qualifier asStated } periodAsStated note } } } } }`);
    expect(data.recruitmentFigures.edges[0].node).toEqual({
      value: { asStated: '5 368' },
      variants: [
        {
          publication: { outlet: 'Interfax-Ukraine', url: 'https://en.interfax.com.ua/news/general/1121486.html' },
          value: { best: 5638, low: 5638, high: 5638, qualifier: 'EXACT', asStated: '5,638' },
          periodAsStated: null,
          note: null,
        },
      ],
    });
  });

  it('raises no REGIONS_EXCEED_TOTAL when the regions add up exactly (the relays without a Sevastopol line)', async () => {
    const without = coordinationHq(
      [mobilised('UA-TOT', 46327, '46 327'), mobilised('UA-14', 5368, '5 368'), mobilised('UA-09', 4650, '4 650'), mobilised('UA-23', 560, '560'), mobilised('UA-65', 478, '478'), mobilised('UA-43', 35271, '35 271')],
      'coordination-hq-without-sevastopol',
    );
    await deleteReportBySlug(withSevastopol.report.slug);
    await imported(without);
    try {
      expect((await issues(2025)).filter((i) => i.kind === 'REGIONS_EXCEED_TOTAL')).toEqual([]);
    } finally {
      await deleteReportBySlug(without.report.slug);
      await imported(withSevastopol);
    }
  });
});

describe('group against members (GROUP_MEMBERS_CONFLICT): the south "missed its plans by more than 50 %" (section A5)', () => {
  const a5 = (qualifier: string, best: number, asStated: string) => ({
    report: {
      slug: 'unn-2025-01-16-south-plans',
      title: "Russians' plans to mobilize to the TOT of Ukraine thwarted – Resistance",
      publisher: 'National Resistance Center',
      sourceKind: 'UKRAINIAN_OFFICIAL',
      publishedOn: '2025-01-16',
      language: 'en',
    },
    figures: [
      {
        regionCode: 'UA-SOUTH',
        metric: 'PLAN_FULFILMENT_PERCENT',
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        value: { best, qualifier, asStated },
        quote: 'mobilization plans were disrupted by more than 50%',
      },
    ],
  });
  afterAll(() => deleteReportBySlug('unn-2025-01-16-south-plans'));

  it('flags a fulfilment below 50 % for the south, whose members the NRC puts at about 135 % and about 105 %', async () => {
    await imported(a5('LESS_THAN', 50, 'disrupted by more than 50%'));
    const found = (await issues(2024)).filter((i) => i.kind === 'GROUP_MEMBERS_CONFLICT');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      region: { code: 'UA-SOUTH' },
      metric: 'PLAN_FULFILMENT_PERCENT',
      reports: [{ slug: NRC_SLUG }, { slug: 'unn-2025-01-16-south-plans' }],
    });
    expect(found[0].figures.map((f: any) => f.region.code)).toEqual(['UA-SOUTH', 'UA-23', 'UA-65']);
    expect(found[0].message).toContain('lies between 100 and');
  });

  it('raises nothing when the group\'s interval reaches its members\' (about 100 %)', async () => {
    await imported(a5('APPROXIMATELY', 100, 'about 100%'));
    expect((await issues(2024)).filter((i) => i.kind === 'GROUP_MEMBERS_CONFLICT')).toEqual([]);
  });
});

describe('running totals (CUMULATIVE_DECREASE): Crimea\'s conscripts since 2015', () => {
  const total = (slug: string, publishedOn: string, figure: Record<string, unknown>) => ({
    report: { slug, title: slug, publisher: 'Crimean Human Rights Group', sourceKind: 'NGO', publishedOn, language: 'en' },
    figures: [{ regionCode: 'UA-CRIMEA', metric: 'CONSCRIPTED', periodKind: 'CUMULATIVE', periodStart: '2015-01-01', periodStartPrecision: 'YEAR', ...figure }],
  });
  const series = [
    total('crimea-2018', '2018-06-01', { periodEnd: '2018-12-31', periodEndPrecision: 'YEAR', value: { best: 12000, qualifier: 'APPROXIMATELY', asStated: 'approximately 12 thousand' } }),
    total('crimea-2021', '2022-01-10', { periodEnd: '2021-12-31', periodEndPrecision: 'MONTH', value: { best: 31000, qualifier: 'AT_LEAST', asStated: 'at least 31,000' } }),
    total('crimea-2024', '2024-01-20', { periodEnd: '2024-01-31', periodEndPrecision: 'MONTH', value: { best: 45000, qualifier: 'AT_LEAST', asStated: 'at least 45,000' } }),
    // "at least 40,000" later than "at least 45,000": both only lower bounds, so they do not contradict
    total('crimea-skrypnyk', '2024-06-01', { periodEnd: '2024-06-30', periodEndPrecision: 'MONTH', value: { best: 40000, qualifier: 'AT_LEAST', asStated: 'at least 40,000' } }),
  ];
  beforeAll(async () => {
    for (const b of series) await imported(b);
  });
  afterAll(async () => {
    for (const b of series) await deleteReportBySlug(b.report.slug);
  });

  it('raises none for a rising series, nor for a later lower bound', async () => {
    expect((await issues()).filter((i) => i.kind === 'CUMULATIVE_DECREASE')).toEqual([]);
  });

  it('flags a later total wholly below an earlier one from the same start', async () => {
    const falling = total('crimea-falling', '2023-03-01', { periodEnd: '2023-01-31', periodEndPrecision: 'MONTH', value: { best: 25000, qualifier: 'EXACT', asStated: '25,000' } });
    await imported(falling);
    try {
      const found = (await issues(2023)).filter((i) => i.kind === 'CUMULATIVE_DECREASE');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        region: { code: 'UA-CRIMEA' },
        metric: 'CONSCRIPTED',
        reports: [{ slug: 'crimea-2021' }, { slug: 'crimea-falling' }],
        figures: [{ value: { asStated: '25,000' } }, { value: { asStated: 'at least 31,000' } }],
      });
      expect(found[0].message).toContain('a running total cannot fall');
    } finally {
      await deleteReportBySlug('crimea-falling');
    }
  });

  it('counts starts the sources cannot tell apart as the same ("early 2022" and "February 2022"), and lets a later start be smaller', async () => {
    const hur = total('hur-2023-07', '2023-08-01', {
      regionCode: 'UA-TOT',
      metric: 'MOBILISED',
      periodStart: '2022-01-01',
      periodStartPrecision: 'QUARTER',
      periodEnd: '2023-07-31',
      periodEndPrecision: 'MONTH',
      value: { best: 55000, qualifier: 'RANGE', low: 55000, high: 60000, asStated: 'from 55,000 to 60,000' },
    });
    const later = total('usov-2025-07', '2025-11-18', {
      regionCode: 'UA-TOT',
      metric: 'MOBILISED',
      periodStart: '2022-02-01',
      periodStartPrecision: 'MONTH',
      periodEnd: '2025-07-31',
      periodEndPrecision: 'MONTH',
      value: { best: 46327, qualifier: 'EXACT', asStated: '46 327' },
    });
    const laterStart = total('since-2024', '2025-11-20', {
      regionCode: 'UA-TOT',
      metric: 'MOBILISED',
      periodStart: '2024-01-01',
      periodStartPrecision: 'DAY',
      periodEnd: '2025-08-31',
      periodEndPrecision: 'MONTH',
      value: { best: 10000, qualifier: 'EXACT', asStated: '10,000' },
    });
    for (const b of [hur, later, laterStart]) await imported(b);
    try {
      const found = (await issues(2025)).filter((i) => i.kind === 'CUMULATIVE_DECREASE');
      expect(found.map((i) => i.reports.map((r: any) => r.slug))).toEqual([['hur-2023-07', 'usov-2025-07']]);
    } finally {
      for (const b of [hur, later, laterStart]) await deleteReportBySlug(b.report.slug);
    }
  });

  it('draws the series through the figures filter', async () => {
    const data = await t.execute(`{ region(code: "UA-CRIMEA") { recruitmentFigures(filter: { periodKinds: [CUMULATIVE], metrics: [CONSCRIPTED] }, orderBy: { field: PERIOD_END, direction: ASC }) {
      edges { node { periodStart periodStartPrecision periodEnd periodEndPrecision value { asStated } } } } } }`);
    expect(data.region.recruitmentFigures.edges.map((e: any) => e.node.value.asStated)).toEqual([
      'approximately 12 thousand',
      'at least 31,000',
      'at least 45,000',
      'at least 40,000',
    ]);
    expect(data.region.recruitmentFigures.edges[0].node).toMatchObject({ periodStart: '2015-01-01', periodStartPrecision: 'YEAR', periodEnd: '2018-12-31', periodEndPrecision: 'YEAR' });
  });
});

describe('bad input: a clear error naming the field, and nothing written', () => {
  async function expectRefused(bundle: unknown, issues: { path: string[]; message: string | RegExp }[]) {
    const before = await snapshot(t.database.db);
    const result = await importBundle(bundle);
    expect(result.__typename).toBe('ValidationError');
    for (const issue of issues) {
      const message = typeof issue.message === 'string' ? issue.message : expect.stringMatching(issue.message);
      expect(result.issues).toContainEqual({ path: issue.path, message });
    }
    expect(await snapshot(t.database.db)).toEqual(before);
  }
  const base = () => structuredClone(RBC);

  it('a unit that does not fit the metric', async () => {
    const b = base();
    b.figures[1].unit = 'PERCENT';
    await expectRefused(b, [{ path: ['bundle', 'figures', '1', 'unit'], message: 'PERCENT does not fit CONTRACTS_SIGNED (allowed: PERSONS)' }]);
  });

  it('a variant naming a publication its report does not have', async () => {
    const b = base();
    b.figures[0].variants = [{ publicationUrl: 'https://example.org/elsewhere', value: { best: 10, qualifier: 'EXACT', asStated: '10' } }];
    await expectRefused(b, [{ path: ['bundle', 'figures', '0', 'variants', '0', 'publicationUrl'], message: /is not one of the report's publications/ }]);
  });

  it('a running total whose start is after its as-of date', async () => {
    const b = base();
    Object.assign(b.figures[1], { periodKind: 'CUMULATIVE', periodStart: '2025-01-01', periodEndPrecision: 'DAY' });
    await expectRefused(b, [{ path: ['bundle', 'figures', '1', 'periodEnd'], message: /a running total cannot start \(periodStart 2025-01-01\) after its as-of date/ }]);
  });

  it('an unknown metric, source kind, unit, period kind or precision', async () => {
    const b = base();
    b.report.sourceKind = 'BLOG';
    b.figures[0].metric = 'FORCIBLY_MOBILISED';
    b.figures[1].periodKind = 'ROLLING';
    b.figures[2].unit = 'EUR';
    b.figures[3].periodEndPrecision = 'WEEK';
    await expectRefused(b, [
      { path: ['bundle', 'report', 'sourceKind'], message: /must be one of UKRAINIAN_OFFICIAL/ },
      { path: ['bundle', 'figures', '0', 'metric'], message: /must be one of PLANNED_RECRUITS/ },
      { path: ['bundle', 'figures', '1', 'periodKind'], message: /must be one of FLOW, CUMULATIVE, SNAPSHOT/ },
      { path: ['bundle', 'figures', '2', 'unit'], message: /must be one of PERSONS, PERCENT, RUB, USD/ },
      { path: ['bundle', 'figures', '3', 'periodEndPrecision'], message: /must be one of DAY, MONTH, QUARTER, YEAR/ },
    ]);
  });

  it('a coarse date guessed to the day', async () => {
    const b = base();
    b.figures[1].periodEnd = '2024-12-05';
    await expectRefused(b, [{ path: ['bundle', 'figures', '1', 'periodEnd'], message: 'a period end with precision MONTH is stored as the last day of its month (2024-12-31), not 2024-12-05' }]);
  });

  const CREATE = `mutation($input: CreateRecruitmentFigureInput!) { createRecruitmentFigure(input: $input) { ${ERRORS}
    ... on CreateRecruitmentFigureSuccess { recruitmentFigure { unit periodKind variants { publication { outlet } value { asStated } } } } } }`;

  it('through createRecruitmentFigure too: unit, precision, running total, variant', async () => {
    const data = await t.execute(`{ report(slug: "${NRC_SLUG}") { id } }`);
    const input = {
      report: data.report.id,
      regionCode: 'UA-09',
      metric: 'CONTRACTS_SIGNED',
      periodStart: '2024-01-01',
      periodEnd: '2024-06-30',
      value: { best: 10, qualifier: 'EXACT', asStated: '10' },
    };
    const before = await snapshot(t.database.db);
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ unit: 'RUB' }, ['input', 'unit'], /RUB does not fit CONTRACTS_SIGNED/],
      [{ periodEndPrecision: 'YEAR' }, ['input', 'periodEnd'], /stored as the last day of its year \(2024-12-31\)/],
      [{ periodKind: 'CUMULATIVE', periodStart: '2024-07-01' }, ['input', 'periodEnd'], /a running total cannot start/],
      [{ variants: [{ publicationUrl: 'https://example.org/nowhere', value: { best: 11, qualifier: 'EXACT', asStated: '11' } }] }, ['input', 'variants', '0', 'publicationUrl'], /not one of the report's publications/],
    ];
    for (const [extra, path, message] of cases) {
      const r = await t.as('editor', CREATE, { input: { ...input, ...extra } });
      expect(r.data.createRecruitmentFigure.__typename).toBe('ValidationError');
      expect(r.data.createRecruitmentFigure.issues).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    expect(await snapshot(t.database.db)).toEqual(before);

    const ok = await t.as('editor', CREATE, {
      input: {
        ...input,
        periodKind: 'CUMULATIVE',
        variants: [{ publicationUrl: 'https://tv.112.ua/en/skilki-ukrainciv-iz-okupovanih-teritorij-vstupili-v-armiu-rf-u-2024-roci-zvit-centru-nacsprotivu-51116', value: { best: 12, qualifier: 'EXACT', asStated: '12' } }],
      },
    });
    expect(ok.data.createRecruitmentFigure.recruitmentFigure).toEqual({
      unit: 'PERSONS',
      periodKind: 'CUMULATIVE',
      variants: [{ publication: { outlet: '112.ua' }, value: { asStated: '12' } }],
    });
  });
});

describe('the audit log restores figures with their variants, and rows recorded before units existed', () => {
  it('puts a deleted figure back with its variants', async () => {
    const bundle = coordinationHq([mobilised('UA-14', 5368, '5 368', {
      variants: [{ publicationUrl: 'https://en.interfax.com.ua/news/general/1121486.html', value: { best: 5638, qualifier: 'EXACT', asStated: '5,638' } }],
    })], 'audit-variants');
    await imported(bundle);
    const data = await t.execute(`{ report(slug: "audit-variants") { recruitmentFigures { edges { node { id version } } } } }`);
    const figure = data.report.recruitmentFigures.edges[0].node;
    const del = await t.as('editor', `mutation($input: DeleteRecruitmentFigureInput!) { deleteRecruitmentFigure(input: $input) { ${ERRORS} } }`, {
      input: { id: figure.id, expectedVersion: figure.version },
    });
    expect(del.data.deleteRecruitmentFigure.__typename).toBe('DeleteRecruitmentFigureSuccess');
    const [entry] = await t.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(sql`${auditLog.entityType} = 'RecruitmentFigure' and ${auditLog.action} = 'DELETE'`)
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    const restored = await t.as('admin', `mutation($id: ID!) { restoreFromAudit(entryId: $id) { ${ERRORS} ... on RestoreFromAuditSuccess { entries { entityType } } } }`, { id: String(entry!.id) });
    expect(restored.data.restoreFromAudit.entries.map((e: any) => e.entityType)).toEqual(['RecruitmentFigure', 'FigureVariant']);
    const back = await t.execute(`{ report(slug: "audit-variants") { recruitmentFigures { edges { node { unit periodKind variants { value { asStated } } } } } } }`);
    expect(back.report.recruitmentFigures.edges[0].node).toEqual({ unit: 'PERSONS', periodKind: 'CUMULATIVE', variants: [{ value: { asStated: '5,638' } }] });
    await deleteReportBySlug('audit-variants');
  });

  it('restores a figure from an entry written before units existed, in its metric\'s default unit', async () => {
    const data = await t.execute(`{ report(slug: "${NRC_SLUG}") { recruitmentFigures(filter: { metrics: [PLAN_FULFILMENT_PERCENT], regionCodes: ["UA-43"] }) { edges { node { id version } } } } }`);
    const figure = data.report.recruitmentFigures.edges[0].node;
    const del = await t.as('editor', `mutation($input: DeleteRecruitmentFigureInput!) { deleteRecruitmentFigure(input: $input) { ${ERRORS} } }`, {
      input: { id: figure.id, expectedVersion: figure.version },
    });
    expect(del.data.deleteRecruitmentFigure.__typename).toBe('DeleteRecruitmentFigureSuccess');
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.entityType} = 'RecruitmentFigure' and ${auditLog.action} = 'DELETE'`)
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    // the entry as an older version of the API wrote it: no unit, period kind or precisions
    const { unit: _u, periodKind: _k, periodStartPrecision: _s, periodEndPrecision: _e, attributedTo: _a, quote: _q, quoteEn: _qe, ...old } = entry!.before as Record<string, unknown>;
    await t.database.db.update(auditLog).set({ before: old }).where(eq(auditLog.id, entry!.id));
    const restored = await t.as('admin', `mutation($id: ID!) { restoreFromAudit(entryId: $id) { ${ERRORS} } }`, { id: String(entry!.id) });
    expect(restored.data.restoreFromAudit.__typename).toBe('RestoreFromAuditSuccess');
    const back = await t.execute(`{ report(slug: "${NRC_SLUG}") { recruitmentFigures(filter: { regionCodes: ["UA-43"] }) { edges { node { metric unit periodKind periodEndPrecision value { asStated } } } } } }`);
    expect(back.report.recruitmentFigures.edges[0].node).toEqual({
      metric: 'PLAN_FULFILMENT_PERCENT',
      unit: 'PERCENT',
      periodKind: 'FLOW',
      periodEndPrecision: 'DAY',
      value: { asStated: 'just over 80%' },
    });
  });
});
