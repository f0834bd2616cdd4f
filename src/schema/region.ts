import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { getArgumentValues, getNamedType, Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.js';
import type { Db } from '../db/client.js';
import { named, rowsOf, type Shaped } from '../db/statements.js';
import { regions } from '../db/schema.js';
import type { Context } from '../context.js';
import { markPlain } from '../pothos/plain-rows-plugin.js';
import { preloadPage, shapedStatements } from './connection.js';
import { plainRootSelection } from './figure-json.js';

// every column a plain Region row may be asked for (the search vector never is)
const { search: _search, ...PLAIN_REGION_COLUMNS } = getTableColumns(regions);

const regionQueries = (db: Db) => ({
  byCode: db.select(PLAIN_REGION_COLUMNS).from(regions).where(eq(regions.code, sql.placeholder('code'))).limit(1).prepare('regionByCode'),
  all: db.select(PLAIN_REGION_COLUMNS).from(regions).orderBy(asc(regions.code)).prepare('regionsAll'),
  ofKind: db
    .select(PLAIN_REGION_COLUMNS)
    .from(regions)
    .where(eq(regions.kind, sql.placeholder('kind')))
    .orderBy(asc(regions.code))
    .prepare('regionsOfKind'),
});
/**
 * The plain reads of `region(code:)` and `regions` as drizzle prepared queries, built once per database
 * handle (the live one, the primary, a release's) instead of once per request: building the select was
 * ~10% of Q1's CPU.
 */
const preparedFor = new WeakMap<Db, ReturnType<typeof regionQueries>>();
function plainRegions(db: Db) {
  let queries = preparedFor.get(db);
  if (!queries) preparedFor.set(db, (queries = regionQueries(db)));
  return queries;
}
/** The plain columns as drizzle's select names them, as one piece of SQL text: built once, not per request. */
const PLAIN_REGION_LIST = sql.raw(
  Object.entries(PLAIN_REGION_COLUMNS)
    .map(([key, column]) => `"regions"."${column.name}" as "${key}"`)
    .join(', '),
);
/** Rows of a plain read, marked plain: their fields resolve from the row (src/pothos/plain-rows-plugin.ts). */
const plainRow = <T extends object>(row: T) => markPlain(row) as T & { search: null };

/**
 * Connections under Region that a plain region read loads in its own statement (src/schema/figure.ts
 * registers recruitmentFigures): by field name, the page asked for by a field node with its arguments,
 * as a shaped scalar subquery over the outer region row (pageUnderParent), or undefined to let the field
 * load on its own.
 */
export const regionPagesReadWithRow = new Map<
  string,
  (field: FieldNode, fragments: GraphQLResolveInfo['fragments'], args: Record<string, unknown>, prefix: string) => Shaped | undefined
>();

/** The connections of a root region selection to read with the rows: only plain fields, each asked once. */
function pagesWithRows(info: GraphQLResolveInfo, type: GraphQLObjectType): { field: FieldNode; page: Shaped }[] {
  const selections = info.fieldNodes[0]?.selectionSet?.selections ?? [];
  const pages: { field: FieldNode; page: Shaped }[] = [];
  const keys = new Set<string>();
  for (const selection of selections) {
    // a fragment could merge a second node into a field: then its own resolver loads it
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return [];
    const key = (selection.alias ?? selection.name).value;
    if (keys.has(key)) return [];
    keys.add(key);
    const read = regionPagesReadWithRow.get(selection.name.value);
    const definition = type.getFields()[selection.name.value];
    if (!read || !definition) continue;
    const page = read(selection, info.fragments, getArgumentValues(definition, selection, info.variableValues), `p${pages.length}_`);
    if (page) pages.push({ field: selection, page });
  }
  return pages;
}

/**
 * Plain region rows: by a prepared query, or, when the selection has connections that can be read with
 * the rows, by one statement that reads both (Q2 and Q3 of the bench: one statement each, not two).
 */
async function plainRegionRows(
  ctx: Context,
  info: GraphQLResolveInfo,
  filter: { code: string } | { kind?: string | null },
): Promise<(typeof regions.$inferSelect)[]> {
  const pages = pagesWithRows(info, getNamedType(info.returnType) as GraphQLObjectType);
  if (pages.length === 0) {
    const prepared = plainRegions(ctx.db);
    if ('code' in filter) return prepared.byCode.execute({ code: filter.code }) as never;
    return (filter.kind ? prepared.ofKind.execute({ kind: filter.kind as never }) : prepared.all.execute()) as never;
  }
  const byCode = 'code' in filter;
  const kind = !byCode && filter.kind ? filter.kind : null;
  const statement: Shaped = {
    shape: [byCode ? 'code' : kind ? 'kind' : 'all', ...pages.map(({ page }) => page.shape)].join('|'),
    values: Object.assign(byCode ? { code: filter.code } : kind ? { kind } : {}, ...pages.map(({ page }) => page.values)),
    build: () => {
      const selected = [PLAIN_REGION_LIST, ...pages.map(({ page }, i) => sql`${page.build()} as ${sql.identifier(`page${i}`)}`)];
      const rest = byCode
        ? sql`where ${regions.code} = ${sql.placeholder('code')} limit 1`
        : sql`${kind ? sql`where ${regions.kind} = ${sql.placeholder('kind')} ` : sql``}order by ${regions.code}`;
      return named('regionsWithPages', sql`select ${sql.join(selected, sql`, `)} from ${regions} ${rest}`);
    },
  };
  // rendered once per document field and shape: only the values are bound per request
  const rows = rowsOf(await ctx.db.execute(shapedStatements(ctx.db).sql(info.fieldNodes[0]!, statement)));
  for (const row of rows) {
    // the values drizzle's own select would give (a timestamp as a Date)
    for (const [key, column] of Object.entries(PLAIN_REGION_COLUMNS)) if (row[key] != null) row[key] = column.mapFromDriverValue(row[key]);
    pages.forEach(({ field }, i) => {
      preloadPage(ctx, field, row.id as number, row[`page${i}`]);
      delete row[`page${i}`];
    });
  }
  return rows as never;
}

export const RegionKind = builder.enumType('RegionKind', {
  description: 'What sort of administrative unit a region is.',
  values: {
    OBLAST: { description: 'an oblast (province)' },
    AUTONOMOUS_REPUBLIC: { description: 'the Autonomous Republic of Crimea' },
    CITY_WITH_SPECIAL_STATUS: { description: 'a city with special status (Sevastopol)' },
    AGGREGATE: { description: 'a group of regions, e.g. all temporarily occupied territories together' },
    COUNTRY: { description: 'a country, e.g. Russia as a whole' },
    MILITARY_DISTRICT: { description: 'a Russian military district, e.g. the Southern Military District' },
  } as const,
});

export const Region = builder.drizzleNode('regions', {
  name: 'Region',
  // Only the columns a query asks for are selected (never the search vectors).
  select: {},
  description: 'A region of Ukraine occupied in whole or in part, or a group of such regions.',
  id: { column: (r) => r.id },
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'ISO 3166-2 code (UA-14 Donetsk, UA-09 Luhansk, UA-23 Zaporizhzhia, UA-65 Kherson, UA-43 Crimea, UA-40 Sevastopol); UA-TOT for all temporarily occupied territories',
    }),
    katottg: t.exposeString('katottg', { nullable: true, description: 'KATOTTG code of the unit, where it has one' }),
    nameEn: t.exposeString('nameEn', { description: 'official English name' }),
    nameUk: t.exposeString('nameUk', { description: 'official Ukrainian name' }),
    kind: t.expose('kind', { type: RegionKind, description: 'oblast, autonomous republic, city with special status, or a group' }),
    parent: t.relation('parent', {
      nullable: true,
      description: "the region's primary group (UA-TOT for the six occupied regions); a region may be in several groups: see groups",
    }),
    children: t.relation('children', {
      description: 'the regions whose primary group this is, by code (for UA-TOT the same as members)',
      query: { orderBy: { code: 'asc' } },
    }),
    members: t.relation('members', {
      description: "for a group: the regions it is made of, by code; a figure for the group covers exactly these",
      query: { orderBy: { code: 'asc' } },
    }),
    groups: t.relation('groups', {
      description: 'the groups this region belongs to, e.g. UA-TOT and UA-SOUTH, by code',
      query: { orderBy: { code: 'asc' } },
    }),
  }),
});

builder.queryFields((t) => ({
  // Plain fields rather than drizzleFields: plugin-drizzle's wrapper plans the selection before the
  // resolver runs, which the plain reads never need; the general path asks for the plan itself.
  regions: t.field({
    type: [Region],
    description: 'Every region, or those of one kind, ordered by code.',
    args: { kind: t.arg({ type: RegionKind, required: false }) },
    resolve: async (_root, args, ctx, info) => {
      if (plainRootSelection(info, getNamedType(info.returnType) as GraphQLObjectType)) {
        return (await plainRegionRows(ctx, info, { kind: args.kind })).map(plainRow);
      }
      const query = await queryFromInfo({ config: getSchemaConfig(builder), context: ctx, info, where: args.kind ? { kind: args.kind } : {}, orderBy: { code: 'asc' } } as never);
      return ctx.db.query.regions.findMany(query as never);
    },
  }),
  region: t.field({
    type: Region,
    nullable: true,
    description: 'by ISO 3166-2 code, or UA-TOT',
    args: { code: t.arg.string({ required: true }) },
    // A selection of plain columns (and fast-path figure connections) is read with one plain select and
    // marked plain: no relational query is built and no selection mapped (Q1 and Q3 of the bench).
    resolve: async (_root, args, ctx, info) => {
      if (plainRootSelection(info, info.returnType as GraphQLObjectType)) {
        const [row] = await plainRegionRows(ctx, info, { code: args.code });
        return row ? plainRow(row) : null;
      }
      const query = await queryFromInfo({ config: getSchemaConfig(builder), context: ctx, info, where: { code: args.code } } as never);
      return (await ctx.db.query.regions.findFirst(query as never)) ?? null;
    },
  }),
}));
