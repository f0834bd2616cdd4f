// The core read API through HTTP, as a client calls it: every contract query, filters, orderings,
// pagination both ways and across page boundaries, empty results, bad arguments, node round-trips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertFactor, insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

let t: TestApp;
let ids: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  ids = await regionIds(db);
  const nrc = await insertReport(db, {
    slug: 'nrc-2024',
    title: 'Recruitment in the occupied territories in 2024',
    publisher: 'National Resistance Center',
    publishedOn: '2024-12-10',
    periodStart: '2024-01-01',
    periodEnd: '2024-11-30',
    sourceUrl: 'https://example.org/nrc-2024',
  });
  const hur = await insertReport(db, { slug: 'hur-2023', title: 'Forced mobilisation', publisher: 'Defence Intelligence', publishedOn: '2023-07-15' });
  await insertReport(db, { slug: 'undated', title: 'An undated relay', publisher: 'Some Outlet' });
  await insertFigures(db, [
    { reportId: nrc.id, regionId: ids['UA-23']!, metric: 'CONTRACTS_SIGNED', periodStart: '2024-01-01', periodEnd: '2024-11-30', best: 330, low: 330, high: null, qualifier: 'MORE_THAN', asStated: 'over 330 people' },
    { reportId: nrc.id, regionId: ids['UA-23']!, metric: 'PLAN_FULFILMENT_PERCENT', periodStart: '2024-01-01', periodEnd: '2024-11-30', best: 135, low: 121.5, high: 148.5, qualifier: 'APPROXIMATELY', asStated: 'about 135%' },
    { reportId: nrc.id, regionId: ids['UA-TOT']!, metric: 'PLANNED_RECRUITS', periodStart: '2024-01-01', periodEnd: '2024-12-31', best: 10400, low: 10350, high: 10450, qualifier: 'EXACT', asStated: '10.4 thousand' },
    { reportId: nrc.id, regionId: ids['UA-43']!, metric: 'PLAN_FULFILMENT_PERCENT', periodStart: '2024-01-01', periodEnd: '2024-11-30', best: 80, low: 80, high: 84, qualifier: 'JUST_OVER', asStated: 'just over 80%' },
    { reportId: hur.id, regionId: ids['UA-TOT']!, metric: 'CONTRACTS_SIGNED', periodStart: '2022-01-01', periodEnd: '2023-07-15', best: 55000, low: 55000, high: 60000, qualifier: 'RANGE', asStated: 'from 55,000 to 60,000' },
  ]);
  await insertFactor(
    db,
    { slug: 'medicine-without-passport', category: 'FORCED_PASSPORTIZATION', effectiveFrom: '2024-01-01', affectedGroups: ['people with diabetes', 'asthmatics'] },
    { reportIds: [nrc.id] },
  );
  await insertFactor(db, { slug: 'payments', category: 'FINANCIAL_INCENTIVE' }, { reportIds: [nrc.id, hur.id], regionIds: [ids['UA-23']!] });
  await insertFactor(db, { slug: 'crimea-only', category: 'PROPAGANDA' }, { reportIds: [hur.id], regionIds: [ids['UA-43']!] });
});
afterAll(() => t.close());

const FIGURE_FIELDS = `id metric periodStart periodEnd value { best low high qualifier asStated } report { slug } region { code }`;

describe('regions', () => {
  it('lists every region by code, with codes, KATOTTG and names', async () => {
    const data = await t.execute(`{ regions { code katottg nameEn nameUk kind parent { code } children { code } } }`);
    expect(data.regions.map((r: any) => r.code)).toEqual([
      'RU', 'RU-SMD', 'UA-09', 'UA-14', 'UA-23', 'UA-40', 'UA-43', 'UA-65', 'UA-CRIMEA', 'UA-DONBAS', 'UA-SOUTH', 'UA-TOT',
    ]);
    const tot = data.regions.find((r: any) => r.code === 'UA-TOT');
    expect(tot).toMatchObject({ kind: 'AGGREGATE', katottg: null, parent: null });
    expect(tot.children.map((c: any) => c.code)).toEqual(['UA-09', 'UA-14', 'UA-23', 'UA-40', 'UA-43', 'UA-65']);
    expect(data.regions.find((r: any) => r.code === 'UA-43')).toMatchObject({
      katottg: 'UA01000000000013043',
      nameEn: 'Autonomous Republic of Crimea',
      nameUk: 'Автономна Республіка Крим',
      kind: 'AUTONOMOUS_REPUBLIC',
      parent: { code: 'UA-TOT' },
    });
  });

  it('filters regions by kind', async () => {
    const data = await t.execute(`{ regions(kind: CITY_WITH_SPECIAL_STATUS) { code } }`);
    expect(data.regions).toEqual([{ code: 'UA-40' }]);
  });

  it('finds a region by code and answers null for an unknown code', async () => {
    const data = await t.execute(`{ a: region(code: "UA-09") { nameEn katottg } b: region(code: "UA-99") { code } }`);
    expect(data).toEqual({ a: { nameEn: 'Luhansk Oblast', katottg: 'UA44000000000018893' }, b: null });
  });

  it("pages a region's own figures, newest first", async () => {
    const data = await t.execute(`{ region(code: "UA-23") { recruitmentFigures { totalCount edges { node { metric value { asStated } } } } } }`);
    expect(data.region.recruitmentFigures.totalCount).toBe(2);
    expect(data.region.recruitmentFigures.edges.map((e: any) => e.node.value.asStated).sort()).toEqual(['about 135%', 'over 330 people']);
  });
});

describe('reports', () => {
  it('finds a report by slug with its figures and coercion factors', async () => {
    const data = await t.execute(`{ report(slug: "nrc-2024") {
      slug title publisher publishedOn sourceUrl language periodStart periodEnd summary createdAt updatedAt
      recruitmentFigures(filter: { regionCodes: ["UA-23"] }) { totalCount edges { node { metric value { asStated qualifier low high best } } } }
      coercionFactors { slug category }
    } missing: report(slug: "nope") { slug } }`);
    expect(data.missing).toBeNull();
    expect(data.report).toMatchObject({
      slug: 'nrc-2024',
      publisher: 'National Resistance Center',
      publishedOn: '2024-12-10',
      periodStart: '2024-01-01',
      periodEnd: '2024-11-30',
      language: 'en',
      summary: null,
    });
    expect(data.report.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(data.report.recruitmentFigures.totalCount).toBe(2);
    expect(data.report.recruitmentFigures.edges.map((e: any) => e.node.value)).toContainEqual({
      asStated: 'over 330 people',
      qualifier: 'MORE_THAN',
      best: 330,
      low: 330,
      high: null,
    });
    expect(data.report.coercionFactors.map((f: any) => f.slug)).toEqual(['medicine-without-passport', 'payments']);
  });

  it('orders reports newest first by default, undated last', async () => {
    const data = await t.execute(`{ reports { totalCount edges { node { slug } } } }`);
    expect(data.reports.totalCount).toBe(3);
    expect(data.reports.edges.map((e: any) => e.node.slug)).toEqual(['nrc-2024', 'hur-2023', 'undated']);
  });

  it('orders reports by title and by period end, both directions', async () => {
    const data = await t.execute(`{
      a: reports(orderBy: { field: TITLE, direction: ASC }) { edges { node { title } } }
      b: reports(orderBy: { field: TITLE, direction: DESC }) { edges { node { title } } }
      c: reports(orderBy: { field: PERIOD_END, direction: DESC }) { edges { node { slug } } }
    }`);
    const titles = data.a.edges.map((e: any) => e.node.title);
    expect(titles).toEqual([...titles].sort());
    expect(data.b.edges.map((e: any) => e.node.title)).toEqual([...titles].reverse());
    expect(data.c.edges[0].node.slug).toBe('nrc-2024');
  });

  it('filters reports by publisher (part, any case) and publication dates', async () => {
    const data = await t.execute(`{
      a: reports(filter: { publisher: "resistance" }) { edges { node { slug } } }
      b: reports(filter: { publishedFrom: "2024-01-01" }) { edges { node { slug } } }
      c: reports(filter: { publishedTo: "2024-01-01" }) { edges { node { slug } } }
      d: reports(filter: { publisher: "100%_" }) { totalCount }
    }`);
    expect(data.a.edges.map((e: any) => e.node.slug)).toEqual(['nrc-2024']);
    expect(data.b.edges.map((e: any) => e.node.slug)).toEqual(['nrc-2024']);
    expect(data.c.edges.map((e: any) => e.node.slug)).toEqual(['hur-2023']);
    expect(data.d.totalCount).toBe(0);
  });

  it('refuses publishedFrom after publishedTo', async () => {
    const res = await t.post(`{ reports(filter: { publishedFrom: "2025-01-01", publishedTo: "2024-01-01" }) { totalCount } }`);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter' } });
  });
});

describe('recruitment figures', () => {
  it('filters by region, metric, report and period overlap', async () => {
    const q = `query($f: RecruitmentFigureFilter) { recruitmentFigures(filter: $f) { totalCount edges { node { value { asStated } } } } }`;
    const stated = async (f: object) =>
      (await t.execute(q, { f })).recruitmentFigures.edges.map((e: any) => e.node.value.asStated).sort();
    expect(await stated({ regionCodes: ['UA-43'] })).toEqual(['just over 80%']);
    expect(await stated({ metrics: ['PLANNED_RECRUITS'] })).toEqual(['10.4 thousand']);
    expect(await stated({ reportSlugs: ['hur-2023'] })).toEqual(['from 55,000 to 60,000']);
    expect(await stated({ periodFrom: '2023-01-01', periodTo: '2023-12-31' })).toEqual(['from 55,000 to 60,000']);
    // overlap, not containment: a period ending in December overlaps a filter from 1 December
    expect(await stated({ periodFrom: '2024-12-01' })).toEqual(['10.4 thousand']);
    expect(await stated({ regionCodes: ['UA-23'], metrics: ['PLAN_FULFILMENT_PERCENT'] })).toEqual(['about 135%']);
  });

  it('matches nothing for unknown codes, slugs or empty lists, without an error', async () => {
    const data = await t.execute(`{
      a: recruitmentFigures(filter: { regionCodes: ["XX-1"] }) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
      b: recruitmentFigures(filter: { reportSlugs: ["no-such-report"] }) { totalCount }
      c: recruitmentFigures(filter: { metrics: [] }) { totalCount }
    }`);
    expect(data.a).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
    expect(data.b.totalCount).toBe(0);
    expect(data.c.totalCount).toBe(0);
  });

  it('UA-TOT holds only the figures stated for all occupied territories together', async () => {
    const data = await t.execute(`{ region(code: "UA-TOT") { recruitmentFigures { totalCount } } }`);
    expect(data.region.recruitmentFigures.totalCount).toBe(2);
  });

  it('orders by value and period start, ties broken by id', async () => {
    const data = await t.execute(`{
      a: recruitmentFigures(orderBy: { field: VALUE, direction: ASC }) { edges { node { value { best } } } }
      b: recruitmentFigures(orderBy: { field: PERIOD_START, direction: ASC }) { edges { node { periodStart } } }
    }`);
    const values = data.a.edges.map((e: any) => e.node.value.best);
    expect(values).toEqual([...values].sort((x: number, y: number) => x - y));
    expect(data.b.edges[0].node.periodStart).toBe('2022-01-01');
  });

  it('refuses a period filter that ends before it starts', async () => {
    const res = await t.post(`{ recruitmentFigures(filter: { periodFrom: "2025-01-01", periodTo: "2024-01-01" }) { totalCount } }`);
    expect(res.errors?.[0]?.message).toMatch(/periodFrom \(2025-01-01\) is after filter.periodTo/);
    expect(res.data).toBeNull();
  });

  it('refuses malformed dates with a clear error', async () => {
    for (const bad of ['2024-02-30', '2024-1-1', '30.11.2024', '']) {
      const res = await t.post(`query($d: Date) { recruitmentFigures(filter: { periodFrom: $d }) { totalCount } }`, { d: bad });
      expect(res.errors?.[0]?.message, bad).toMatch(/Date must be a calendar date written YYYY-MM-DD/);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const literal = await t.post(`{ recruitmentFigures(filter: { periodFrom: 20240101 }) { totalCount } }`);
    expect(literal.errors?.[0]?.message).toMatch(/Date must be a calendar date/);
  });
});

describe('coercion factors', () => {
  it('finds one by slug with its regions and reports', async () => {
    const data = await t.execute(`{ coercionFactor(slug: "medicine-without-passport") {
      slug title description category effectiveFrom affectedGroups regions { code } reports { slug }
    } none: coercionFactor(slug: "nope") { slug } }`);
    expect(data.none).toBeNull();
    expect(data.coercionFactor).toMatchObject({
      category: 'FORCED_PASSPORTIZATION',
      effectiveFrom: '2024-01-01',
      affectedGroups: ['people with diabetes', 'asthmatics'],
      regions: [],
      reports: [{ slug: 'nrc-2024' }],
    });
  });

  it('filters by category, region (factors for all territories included) and report', async () => {
    const slugs = async (filter: string) =>
      (await t.execute(`{ coercionFactors(filter: ${filter}) { totalCount edges { node { slug } } } }`)).coercionFactors.edges.map(
        (e: any) => e.node.slug,
      );
    expect(await slugs(`{ categories: [FINANCIAL_INCENTIVE] }`)).toEqual(['payments']);
    expect(await slugs(`{ regionCodes: ["UA-23"] }`)).toEqual(['medicine-without-passport', 'payments']);
    expect(await slugs(`{ regionCodes: ["UA-43"] }`)).toEqual(['crimea-only', 'medicine-without-passport']);
    expect(await slugs(`{ reportSlugs: ["hur-2023"] }`)).toEqual(['crimea-only', 'payments']);
    expect(await slugs(`{ categories: [] }`)).toEqual([]);
  });

  it('orders by effective date with undated factors first when ascending', async () => {
    const data = await t.execute(`{ coercionFactors(orderBy: { field: EFFECTIVE_FROM, direction: DESC }) { edges { node { slug effectiveFrom } } } }`);
    expect(data.coercionFactors.edges[0].node).toEqual({ slug: 'medicine-without-passport', effectiveFrom: '2024-01-01' });
  });
});

describe('pagination', () => {
  const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
    recruitmentFigures(first: $first, after: $after, last: $last, before: $before) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  async function all(): Promise<string[]> {
    const data = await t.execute(`{ recruitmentFigures(first: 100) { edges { node { id } } } }`);
    return data.recruitmentFigures.edges.map((e: any) => e.node.id);
  }

  it('walks forward page by page without repeating or skipping a row', async () => {
    const expected = await all();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await t.execute(PAGE, { first: 2, after });
      const conn = data.recruitmentFigures;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      expect(conn.totalCount).toBe(expected.length);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      pages += 1;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(expected.length / 2));
    expect(seen).toEqual(expected);
  });

  it('walks backward from the end with last/before and meets the same rows', async () => {
    const expected = await all();
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const data: any = await t.execute(PAGE, { last: 2, before });
      const conn = data.recruitmentFigures;
      seen.unshift(...conn.edges.map((e: any) => e.node.id));
      expect(conn.pageInfo.hasNextPage).toBe(before !== null);
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('pages between two cursors', async () => {
    const expected = await all();
    const first: any = await t.execute(PAGE, { first: 1 });
    const last: any = await t.execute(PAGE, { last: 1 });
    const between: any = await t.execute(PAGE, { first: 100, after: first.recruitmentFigures.pageInfo.endCursor, before: last.recruitmentFigures.pageInfo.startCursor });
    expect(between.recruitmentFigures.edges.map((e: any) => e.node.id)).toEqual(expected.slice(1, -1));
  });

  it('first: 0 returns no rows but tells whether there are some', async () => {
    const data: any = await t.execute(PAGE, { first: 0 });
    expect(data.recruitmentFigures.edges).toEqual([]);
    expect(data.recruitmentFigures.totalCount).toBeGreaterThan(0);
  });

  it('defaults to 20 a page and accepts the maximum of 100', async () => {
    const data: any = await t.execute(`{ recruitmentFigures(first: 100) { edges { cursor } } reports { edges { cursor } } }`);
    expect(data.recruitmentFigures.edges.length).toBeLessThanOrEqual(100);
  });

  it.each([
    [{ first: 101 }, 'first', /more than the maximum page size of 100/],
    [{ last: 500 }, 'last', /more than the maximum page size of 100/],
    [{ first: -1 }, 'first', /must be a whole number from 0 to 100/],
    [{ first: 1, last: 1 }, 'last', /cannot be given together/],
    [{ after: 'not-a-cursor!' }, 'after', /not a cursor this server issued/],
    [{ before: 'eyJ4IjoxfQ' }, 'before', /not a cursor this server issued/],
  ])('refuses %j naming the argument', async (variables, argument, message) => {
    const res = await t.post(PAGE, variables);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it("refuses a cursor of another connection or ordering", async () => {
    const reports: any = await t.execute(`{ reports(first: 1) { pageInfo { endCursor } } }`);
    const res = await t.post(PAGE, { first: 1, after: reports.reports.pageInfo.endCursor });
    expect(res.errors?.[0]?.message).toMatch(/issued for another ordering/);
    const byValue: any = await t.execute(`{ recruitmentFigures(first: 1, orderBy: { field: VALUE, direction: ASC }) { pageInfo { endCursor } } }`);
    const res2 = await t.post(PAGE, { first: 1, after: byValue.recruitmentFigures.pageInfo.endCursor });
    expect(res2.errors?.[0]?.extensions?.argument).toBe('after');
  });

  it('refuses a forged cursor whose key would not cast', async () => {
    const forged = Buffer.from(JSON.stringify(['figures:PERIOD_END:DESC', "2024-01-01'; drop table x;--", 1])).toString('base64url');
    const res = await t.post(PAGE, { first: 1, after: forged });
    expect(res.errors?.[0]?.message).toMatch(/its key is malformed/);
  });

  it('pages nested connections and reports and factors the same way', async () => {
    const a: any = await t.execute(`{ coercionFactors(first: 2) { edges { node { slug } } pageInfo { hasNextPage endCursor } } }`);
    expect(a.coercionFactors.edges.map((e: any) => e.node.slug)).toEqual(['crimea-only', 'medicine-without-passport']);
    expect(a.coercionFactors.pageInfo.hasNextPage).toBe(true);
    const b: any = await t.execute(`query($after: String) { coercionFactors(first: 2, after: $after) { edges { node { slug } } pageInfo { hasNextPage } } }`, {
      after: a.coercionFactors.pageInfo.endCursor,
    });
    expect(b.coercionFactors.edges.map((e: any) => e.node.slug)).toEqual(['payments']);
    expect(b.coercionFactors.pageInfo.hasNextPage).toBe(false);

    const r1: any = await t.execute(`{ region(code: "UA-23") { recruitmentFigures(first: 1) { edges { node { id } } pageInfo { endCursor hasNextPage } } } }`);
    expect(r1.region.recruitmentFigures.pageInfo.hasNextPage).toBe(true);
    const r2: any = await t.execute(`query($a: String) { region(code: "UA-23") { recruitmentFigures(first: 1, after: $a) { edges { node { id } } pageInfo { hasNextPage } } } }`, {
      a: r1.region.recruitmentFigures.pageInfo.endCursor,
    });
    expect(r2.region.recruitmentFigures.edges[0].node.id).not.toBe(r1.region.recruitmentFigures.edges[0].node.id);
    expect(r2.region.recruitmentFigures.pageInfo.hasNextPage).toBe(false);

    const bad = await t.post(`{ regions { recruitmentFigures(first: 1000) { totalCount } } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});

describe('node and nodes', () => {
  it('round-trips every node type through node()', async () => {
    const data = await t.execute(`{
      region(code: "UA-23") { id }
      report(slug: "nrc-2024") { id }
      coercionFactor(slug: "payments") { id }
      recruitmentFigures(first: 1) { edges { node { id } } }
    }`);
    const pairs: [string, string, string][] = [
      [data.region.id, 'Region', '... on Region { code }'],
      [data.report.id, 'Report', '... on Report { slug }'],
      [data.coercionFactor.id, 'CoercionFactor', '... on CoercionFactor { slug }'],
      [data.recruitmentFigures.edges[0].node.id, 'RecruitmentFigure', '... on RecruitmentFigure { metric report { slug } }'],
    ];
    for (const [id, typename, fragment] of pairs) {
      const node = (await t.execute(`query($id: ID!) { node(id: $id) { __typename id ${fragment} } }`, { id })).node;
      expect(node.__typename).toBe(typename);
      expect(node.id).toBe(id);
    }
    const many = await t.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: pairs.map((p) => p[0]) });
    expect(many.nodes.map((n: any) => n.__typename)).toEqual(pairs.map((p) => p[1]));
  });

  it('answers null for a well-formed ID that names nothing', async () => {
    const unknown = Buffer.from('Report:999999').toString('base64');
    const data = await t.execute(`query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, { id: unknown });
    expect(data).toEqual({ node: null, nodes: [null] });
  });

  it.each(['garbage', Buffer.from('Foo:1').toString('base64'), Buffer.from('Report:abc').toString('base64'), Buffer.from('Report:-1').toString('base64'), ''])(
    'refuses the malformed ID %j with a clear error',
    async (id) => {
      const res = await t.post(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.errors?.[0]?.message).toMatch(/is not a global ID this API issued/);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    },
  );
});
