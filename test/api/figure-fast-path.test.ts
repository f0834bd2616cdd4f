// The recruitment-figure connections have a fast path (src/schema/figure-json.ts: nodes built as JSON
// in SQL) for the selections it covers, and the general path (plugin-drizzle) for the rest. A client
// must never be able to tell which one answered: every query here is run twice, as written (fast path)
// and with `@include(if: true)` on the node (a directive the fast path does not take, so the general
// path answers), and the two answers must be the same, byte for byte. The statements sent show which
// path ran, so that the comparison cannot pass by running the same path twice.
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TYPES, fastPathCoverage } from '../../src/schema/figure-json.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertFactor, insertFigures, insertReport, regionIds, type FigureValues } from '../helpers/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  // graphql-jit compiles the fast path's documents but not the general path's (src/plugins/jit.ts), and
  // writes keys in selection order where the default executor does not always: byte-for-byte
  // comparison of the two paths needs one executor. test/perf/jit.test.ts compares the two executors.
  t = await createTestApp({}, { leaveOut: new Set(['jit']) });
  const db = t.database.db;
  const ids = await regionIds(db);
  const a = await insertReport(db, {
    slug: 'fast-a',
    title: 'Report "A" — with quotes, a dash and ünïcode',
    publisher: 'Publisher A',
    publishedOn: '2025-02-03',
    sourceUrl: 'https://example.org/a?x=1&y=2',
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    summary: 'Line one.\nLine two, with a tab\tand a backslash \\.',
    note: null,
  });
  const b = await insertReport(db, { slug: 'fast-b', publisher: 'Publisher B', publishedOn: null, language: 'uk' });
  await insertFactor(db, { slug: 'fast-factor' }, { reportIds: [a.id], regionIds: [ids['UA-23']!] });
  const qualifiers = ['EXACT', 'APPROXIMATELY', 'MORE_THAN', 'AT_LEAST', 'RANGE', 'LESS_THAN'] as const;
  const metrics = ['PLANNED_RECRUITS', 'CONTRACTS_SIGNED', 'PLAN_FULFILMENT_PERCENT'] as const;
  const figures: FigureValues[] = [];
  let n = 0;
  for (const code of ['UA-23', 'UA-14', 'UA-TOT'] as const)
    for (let month = 1; month <= 12; month++) {
      const qualifier = qualifiers[n % qualifiers.length]!;
      const best = n % 5 === 0 ? 1234.5 + n / 7 : 100 * n + 0.1;
      figures.push({
        reportId: n % 3 === 0 ? b.id : a.id,
        regionId: ids[code]!,
        metric: metrics[n % 3]!,
        // several figures end on the same day: the cursor's tie-break on id matters
        periodStart: `2024-${String(month).padStart(2, '0')}-01`,
        periodEnd: `2024-${String(Math.min(12, month + (n % 2))).padStart(2, '0')}-28`,
        periodAsStated: n % 4 === 0 ? `month ${month} "as stated"` : null,
        best,
        low: qualifier === 'RANGE' || qualifier === 'AT_LEAST' || qualifier === 'MORE_THAN' ? best - 1 : null,
        high: qualifier === 'RANGE' || qualifier === 'LESS_THAN' ? best + 1e-9 : null,
        qualifier,
        asStated: `about ${best}`,
        note: n % 6 === 0 ? 'read from a chart' : null,
      });
      n++;
    }
  await insertFigures(db, figures);
});
afterAll(() => t.close());

/** The leaf fields of an object type, objects expanded: a full selection of it. */
function leaves(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .map((field) => {
      const named = getNamedType(field.type);
      return isObjectType(named) ? `${field.name} { ${leaves(named)} }` : field.name;
    })
    .join(' ');
}

/**
 * Every field of `typeName` that the fast path serves, read from the built schema and the fast path's
 * own declaration: a field added to RecruitmentFigure, Report or Region is compared below without
 * anyone adding it here.
 */
function servedSelection(typeName: string): string {
  const type = schema.getType(typeName) as GraphQLObjectType;
  const parts = ['id', '__typename'];
  for (const field of Object.values(type.getFields())) {
    if (parts.includes(field.name)) continue;
    const how = fastPathCoverage(typeName, field.name);
    const named = getNamedType(field.type);
    if (how === 'served') parts.push(isObjectType(named) ? `${field.name} { ${leaves(named)} }` : field.name);
    if (how === 'joined') parts.push(`${field.name} { ${servedSelection(named.name)} }`);
  }
  return parts.join(' ');
}

const NODE = servedSelection('RecruitmentFigure');

describe('what the fast path covers', () => {
  // Read from the built schema: a field added to one of these types must be served by the fast path
  // (a column of the same name, or an entry in FAST_TYPES) or excluded from it by name, with a reason.
  it.each(['RecruitmentFigure', 'Report', 'Region'])('every field of %s is served by the fast path or explicitly excluded', (typeName) => {
    const type = schema.getType(typeName) as GraphQLObjectType;
    const uncovered = Object.keys(type.getFields()).filter((field) => fastPathCoverage(typeName, field) === 'not covered');
    expect(uncovered, `add these fields of ${typeName} to FAST_TYPES in src/schema/figure-json.ts (computed, joined or excluded)`).toEqual([]);
  });

  it('declares only fields that exist, and the check above can fail', () => {
    for (const [typeName, declared] of Object.entries(FAST_TYPES)) {
      const fields = (schema.getType(typeName) as GraphQLObjectType).getFields();
      const named = [...Object.keys(declared.excluded), ...Object.keys(declared.computed ?? {}), ...Object.keys(declared.joined ?? {})];
      expect(named.filter((field) => !(field in fields)), `stale entries for ${typeName}`).toEqual([]);
    }
    expect(fastPathCoverage('Report', 'aFieldNobodyDeclared')).toBe('not covered');
    expect(fastPathCoverage('Report', 'createdAt')).toBe('excluded');
    expect(fastPathCoverage('RecruitmentFigure', 'report')).toBe('joined');
    expect(fastPathCoverage('RecruitmentFigure', 'value')).toBe('served');
  });

  it('the comparisons below select every field the fast path serves', () => {
    // the fields this file listed by hand before the selection was derived
    for (const field of ['metric', 'periodStart', 'periodEnd', 'periodAsStated', 'note', 'version', 'value { best qualifier low high asStated }']) {
      expect(NODE).toContain(field);
    }
    for (const field of ['slug', 'title', 'publisher', 'publishedOn', 'sourceUrl', 'language', 'summary', 'code', 'katottg', 'nameEn', 'nameUk', 'kind']) {
      expect(NODE).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });
});

/** The same query with the node's selection as given, and forced onto the general path. */
function both(query: (node: string) => string) {
  return { fast: query('node'), general: query('node @include(if: true)') };
}

async function answers(query: (node: string) => string, variables?: Record<string, unknown>) {
  const { fast, general } = both(query);
  t.database.statements.length = 0;
  const fastData = await t.execute(fast, variables);
  const fastStatements = [...t.database.statements];
  t.database.statements.length = 0;
  const generalData = await t.execute(general, variables);
  const generalStatements = [...t.database.statements];
  return { fastData, generalData, fastStatements, generalStatements };
}

async function expectSameAnswers(query: (node: string) => string, variables?: Record<string, unknown>) {
  const r = await answers(query, variables);
  // the fast path ran for the first and not for the second
  expect(r.fastStatements.some((s) => s.includes('json_agg(json_build_object('))).toBe(true);
  expect(r.generalStatements.some((s) => s.includes('json_agg(json_build_object('))).toBe(false);
  // hand-written statements carry their name (src/db/statements.ts)
  expect(r.fastStatements.some((s) => /^\/\* (figurePages?|regionsWithPages) \*\/ /.test(s.trim()))).toBe(true);
  // with the same number of statements, but one when plain region rows are read with their pages
  // (src/schema/region.ts), where the general path reads the regions, then the pages
  const withRows = r.fastStatements.some((s) => s.trim().startsWith('/* regionsWithPages */') && s.includes('json_agg('));
  expect(r.fastStatements.length).toBe(r.generalStatements.length - (withRows ? 1 : 0));
  expect(JSON.stringify(r.fastData)).toBe(JSON.stringify(r.generalData));
  return r.fastData;
}

describe('the fast path answers exactly as the general path', () => {
  it('under every region (the bench Q2 shape, every covered field)', async () => {
    const data = await expectSameAnswers(
      (node) => `{ regions { code recruitmentFigures(first: 7) { totalCount edges { cursor ${node} { ${NODE} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
    );
    const ua23 = data.regions.find((r: { code: string }) => r.code === 'UA-23');
    expect(ua23.recruitmentFigures.edges).toHaveLength(7);
    expect(ua23.recruitmentFigures.totalCount).toBe(12);
    expect(ua23.recruitmentFigures.pageInfo.hasNextPage).toBe(true);
    // regions without figures get empty pages on both paths
    expect(data.regions.find((r: { code: string }) => r.code === 'UA-09').recruitmentFigures.edges).toEqual([]);
  });

  it('under a report, with a filter, an ordering and a page after a cursor', async () => {
    const query = (node: string) => `query($after: String) { report(slug: "fast-a") {
      recruitmentFigures(first: 4, after: $after, filter: { metrics: [CONTRACTS_SIGNED, PLANNED_RECRUITS] }, orderBy: { field: VALUE, direction: ASC }) {
        edges { cursor ${node} { id periodEnd value { best qualifier low high } region { code } } } pageInfo { hasNextPage endCursor } } } }`;
    const first = await expectSameAnswers(query);
    const after = first.report.recruitmentFigures.pageInfo.endCursor;
    const second = await expectSameAnswers(query, { after });
    expect(second.report.recruitmentFigures.edges[0].node.value.best).toBeGreaterThanOrEqual(
      first.report.recruitmentFigures.edges.at(-1).node.value.best,
    );
  });

  it('paging backwards (last/before) at the root connection', async () => {
    const query = (node: string) => `query($before: String) { recruitmentFigures(last: 5, before: $before, filter: { regionCodes: ["UA-23", "UA-TOT"] }) {
      edges { cursor ${node} { id periodEnd report { slug } } } pageInfo { hasPreviousPage hasNextPage startCursor } } }`;
    const last = await expectSameAnswers(query);
    await expectSameAnswers(query, { before: last.recruitmentFigures.pageInfo.startCursor });
  });

  it('with aliases and fragments, including fields asked for twice', async () => {
    await expectSameAnswers(
      (node) => `fragment R on Report { slug t: title }
        fragment F on RecruitmentFigure { metric report { ...R } }
        { region(code: "UA-23") { figs: recruitmentFigures(first: 3) { edges { e: cursor ${node} { ...F ... on RecruitmentFigure { n: note } report { slug publisher } v: value { best } value { asStated } } } } } }`,
    );
  });

  it('a page read with its region: refused arguments fail at the field, as on the general path', async () => {
    for (const args of ['first: 3, after: "bm90LWEtY3Vyc29y"', 'first: 3, filter: { periodFrom: "2025-01-01", periodTo: "2024-01-01" }', 'first: 1000']) {
      const queries = both((node) => `{ region(code: "UA-23") { code recruitmentFigures(${args}) { edges { ${node} { id } } } } }`);
      const fast = await t.post(queries.fast);
      const general = await t.post(queries.general);
      expect(fast.errors?.length, args).toBe(1);
      expect(fast.errors![0]!.path, args).toEqual(['region', 'recruitmentFigures']);
      expect(JSON.stringify(fast), args).toBe(JSON.stringify(general));
    }
  });

  it('two pages of one region under aliases, each with its own arguments, in one statement', async () => {
    const r = await answers(
      (node) => `{ region(code: "UA-23") { newest: recruitmentFigures(first: 2) { edges { ${node} { id periodEnd } } }
        oldest: recruitmentFigures(first: 2, orderBy: { field: PERIOD_END, direction: ASC }) { edges { ${node} { id periodEnd } } } } }`,
    );
    expect(r.fastStatements).toHaveLength(1);
    expect(JSON.stringify(r.fastData)).toBe(JSON.stringify(r.generalData));
    expect(r.fastData.region.newest.edges[0].node.periodEnd > r.fastData.region.oldest.edges[0].node.periodEnd).toBe(true);
  });

  it('one document with other values each time: the statement rendered once per shape binds each request\'s own', async () => {
    const query = (node: string) => `query($code: String!, $after: String, $metrics: [RecruitmentMetric!], $from: Date) {
      region(code: $code) { code recruitmentFigures(first: 3, after: $after, filter: { metrics: $metrics, periodFrom: $from }) {
        edges { cursor ${node} { id metric periodEnd } } pageInfo { endCursor } } } }`;
    const texts = new Set<string>();
    for (const variables of [
      { code: 'UA-23', metrics: ['CONTRACTS_SIGNED'] },
      { code: 'UA-14', metrics: ['PLANNED_RECRUITS'] },
      { code: 'UA-23', metrics: ['PLANNED_RECRUITS'], from: '2024-06-01' },
      { code: 'UA-TOT', metrics: ['PLANNED_RECRUITS', 'CONTRACTS_SIGNED'] },
    ]) {
      const first = await expectSameAnswers(query, variables);
      expect(first.region.recruitmentFigures.edges.length, JSON.stringify(variables)).toBeGreaterThan(0);
      for (const edge of first.region.recruitmentFigures.edges) expect(variables.metrics).toContain(edge.node.metric);
      const next = await answers(query, { ...variables, after: first.region.recruitmentFigures.pageInfo.endCursor });
      expect(JSON.stringify(next.fastData)).toBe(JSON.stringify(next.generalData));
      for (const s of [...(await answers(query, variables)).fastStatements, ...next.fastStatements]) texts.add(s);
    }
    // one text per shape: (one metric | two) x (no date | a date) x (no cursor | a cursor), as far as asked
    expect(texts.size).toBe(6);
  });

  it('the root connection, one document with other values each time: each request gets its own figures', async () => {
    const query = (node: string) => `query($codes: [String!], $before: String) {
      recruitmentFigures(last: 4, before: $before, filter: { regionCodes: $codes }) {
        edges { cursor ${node} { id region { code } } } pageInfo { startCursor } } }`;
    for (const codes of [['UA-23'], ['UA-14'], ['UA-TOT'], ['UA-23', 'UA-14']]) {
      const first = await expectSameAnswers(query, { codes });
      const edges = first.recruitmentFigures.edges as { node: { region: { code: string } } }[];
      expect(edges.length, codes.join()).toBeGreaterThan(0);
      for (const edge of edges) expect(codes).toContain(edge.node.region.code);
      await expectSameAnswers(query, { codes, before: first.recruitmentFigures.pageInfo.startCursor });
    }
  });

  it('an empty page and first: 0', async () => {
    await expectSameAnswers(
      (node) => `{ recruitmentFigures(first: 5, filter: { reportSlugs: ["no-such-report"] }) { edges { ${node} { id } } pageInfo { hasNextPage } } }`,
    );
    const r = await answers((node) => `{ recruitmentFigures(first: 0) { edges { ${node} { id } } pageInfo { hasNextPage } } }`);
    expect(JSON.stringify(r.fastData)).toBe(JSON.stringify(r.generalData));
    expect(r.fastData.recruitmentFigures.edges).toEqual([]);
  });
});

describe('selections the fast path does not cover take the general path', () => {
  const cases: [string, string][] = [
    ['a relation of the report', 'report { slug coercionFactors { slug } }'],
    ['timestamps', 'createdAt updatedAt'],
    ['a relation of the region', 'region { code parent { code } }'],
    ['a fragment on an interface', '... on Node { id }'],
  ];
  for (const [name, selection] of cases) {
    it(name, async () => {
      t.database.statements.length = 0;
      const data = await t.execute(`{ region(code: "UA-23") { recruitmentFigures(first: 3) { edges { node { id ${selection} } } } } }`);
      expect(t.database.statements.some((s) => s.includes('json_agg(json_build_object('))).toBe(false);
      expect(data.region.recruitmentFigures.edges).toHaveLength(3);
    });
  }
});
