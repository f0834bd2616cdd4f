import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { getNamedType, type GraphQLObjectType } from 'graphql';
import { builder } from '../builder.js';
import type { Db } from '../db/client.js';
import { regions } from '../db/schema.js';
import { markPlain } from '../pothos/plain-rows-plugin.js';
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
/** Rows of a plain read, marked plain: their fields resolve from the row (src/pothos/plain-rows-plugin.ts). */
const plainRow = <T extends object>(row: T) => markPlain(row) as T & { search: null };

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
        const rows = await (args.kind ? plainRegions(ctx.db).ofKind.execute({ kind: args.kind }) : plainRegions(ctx.db).all.execute());
        return rows.map(plainRow);
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
        const [row] = await plainRegions(ctx.db).byCode.execute({ code: args.code });
        return row ? plainRow(row) : null;
      }
      const query = await queryFromInfo({ config: getSchemaConfig(builder), context: ctx, info, where: { code: args.code } } as never);
      return (await ctx.db.query.regions.findFirst(query as never)) ?? null;
    },
  }),
}));
