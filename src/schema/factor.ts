// Coercion factors: the pressures reports describe, linked to the reports and regions they concern.
import { sql } from 'drizzle-orm';
import { builder } from '../builder.js';
import { coercionFactors } from '../db/schema.js';
import type { OrderKey } from '../db/keyset.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/paging.js';
import { connectionType, resolveConnection } from './connection.js';
import { DatePrecision } from './dataset-enums.js';
import { OrderDirection } from './order.js';

export const CoercionCategory = builder.enumType('CoercionCategory', {
  description: 'The kind of pressure a coercion factor is.',
  values: {
    ECONOMIC_HARDSHIP: { description: 'poverty and difficult material conditions' },
    UNEMPLOYMENT: { description: 'lack of work' },
    PROPAGANDA: { description: 'information and propaganda campaigns' },
    FINANCIAL_INCENTIVE: { description: 'payments and social protection for recruits and their families' },
    FORCED_PASSPORTIZATION: {
      description: 'access to medicine, burial or other services made conditional on a Russian passport',
    },
    LEGAL_COMPULSION: { description: 'conscription or mobilisation orders, with fines or prosecution for evading them' },
    PHYSICAL_FORCE: { description: 'people seized in raids, at checkpoints or at work and sent to the front' },
    INTIMIDATION: { description: 'threats, fabricated charges and other intimidation' },
    DECEPTION: { description: 'false promises, e.g. service away from the front line, or fake offers of work' },
    WORKPLACE_QUOTAS: { description: 'employers made to hand over a share of their workers' },
  } as const,
});

export const CoercionFactor = builder.drizzleNode('coercionFactors', {
  name: 'CoercionFactor',
  // Only the columns a query asks for are selected (never the search vectors).
  select: {},
  description: 'A pressure that pushes residents of occupied territories into the Russian army, as reports describe it.',
  id: { column: (f) => f.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'stable, URL-safe identifier' }),
    title: t.exposeString('title', { description: 'a short name, in the editors\' words' }),
    description: t.exposeString('description', { description: 'what the pressure is and how it works, in the editors\' words' }),
    category: t.expose('category', { type: CoercionCategory, description: 'the kind of pressure' }),
    effectiveFrom: t.expose('effectiveFrom', {
      type: 'Date',
      nullable: true,
      description: 'the date from which it applies, where a source gives one',
    }),
    effectiveFromPrecision: t.expose('effectiveFromPrecision', {
      type: DatePrecision,
      description: 'how exactly the source dates effectiveFrom (it is the first day of that month/quarter/year)',
    }),
    affectedGroups: t.exposeStringList('affectedGroups', {
      description: 'groups of people it bears on most, e.g. people with diabetes',
    }),
    note: t.exposeString('note', { nullable: true, description: "the editors' notes on how the source was read" }),
    regions: t.relation('regions', {
      description: 'the regions it applies to; empty where it applies to all occupied territories',
      query: { orderBy: { code: 'asc' } },
    }),
    reports: t.relation('reports', {
      description: 'the reports that describe it',
      query: { orderBy: { id: 'asc' } },
    }),
    version: t.exposeInt('version', { description: 'incremented on every change; updates must carry the version they read' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'when this record was added to the dataset' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'when this record last changed' }),
  }),
});

export const CoercionFactorFilter = builder.inputType('CoercionFactorFilter', {
  description: 'Keeps the factors that match every field given. A list keeps factors matching any of its values; an empty list keeps none.',
  fields: (t) => ({
    categories: t.field({ type: [CoercionCategory], required: false, description: 'only these categories' }),
    regionCodes: t.stringList({
      required: false,
      description: 'factors that apply to any of these regions, including those that apply to all occupied territories',
    }),
    reportSlugs: t.stringList({ required: false, description: 'factors described by any of these reports' }),
  }),
});

export const CoercionFactorOrderField = builder.enumType('CoercionFactorOrderField', {
  description: 'What to order coercion factors by; ties are broken by id.',
  values: {
    SLUG: { description: 'slug, in byte order' },
    EFFECTIVE_FROM: { description: 'the date from which it applies; factors with none count as the earliest' },
  } as const,
});

export const CoercionFactorOrder = builder.inputType('CoercionFactorOrder', {
  description: 'An ordering of coercion factors. The default is SLUG ASC.',
  fields: (t) => ({
    field: t.field({ type: CoercionFactorOrderField, required: true, description: 'what to order by' }),
    direction: t.field({ type: OrderDirection, required: true, description: 'ascending or descending' }),
  }),
});

const FACTOR_ORDER: Record<string, OrderKey['keys']> = {
  SLUG: [{ expression: (t: any) => sql`${t.slug} collate "C"`, cast: 'text' }],
  EFFECTIVE_FROM: [{ expression: (t: any) => sql`coalesce(${t.effectiveFrom}, '-infinity'::date)`, cast: 'date' }],
};

export const CoercionFactorConnection = connectionType(CoercionFactor, 'CoercionFactor', { page: 'coercion factors', counted: 'factors', edge: 'A coercion factor' });

function list(values: readonly string[]) {
  return sql.join(values.map((v) => sql`${v}`), sql`, `);
}

builder.queryFields((t) => ({
  coercionFactor: t.drizzleField({
    type: CoercionFactor,
    nullable: true,
    description: 'A coercion factor by its slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.coercionFactors.findFirst(query({ where: { slug: args.slug } })),
  }),
  coercionFactors: t.connection(
    {
      type: CoercionFactor,
      description: `Coercion factors, by slug by default: ${DEFAULT_PAGE_SIZE} a page, at most ${MAX_PAGE_SIZE}.`,
      args: {
        filter: t.arg({ type: CoercionFactorFilter, required: false }),
        orderBy: t.arg({ type: CoercionFactorOrder, required: false, description: 'defaults to { field: SLUG, direction: ASC }' }),
      },
      resolve: (_root, args, ctx, info) => {
        const f = args.filter;
        const field = args.orderBy?.field ?? 'SLUG';
        const direction = args.orderBy?.direction ?? 'ASC';
        const order: OrderKey = { name: `factors:${field}:${direction}`, direction, keys: FACTOR_ORDER[field]! };
        return resolveConnection(ctx, info, args, {
          name: 'factor',
          table: coercionFactors,
          tableName: 'coercionFactors',
          typeName: 'CoercionFactor',
          order,
          where: (c: typeof coercionFactors) => {
            const parts = [];
            if (f?.categories != null) {
              parts.push(
                f.categories.length === 0
                  ? sql`false`
                  : sql`${c.category} in (${sql.join(f.categories.map((v) => sql`cast(${v} as coercion_category)`), sql`, `)})`,
              );
            }
            if (f?.regionCodes != null) {
              parts.push(
                f.regionCodes.length === 0
                  ? sql`false`
                  : sql`(${c.id} in (select l.factor_id from coercion_factor_regions l join regions g on g.id = l.region_id where g.code in (${list(f.regionCodes)}))
                      or not exists (select 1 from coercion_factor_regions l where l.factor_id = ${c.id}))`,
              );
            }
            if (f?.reportSlugs != null) {
              parts.push(
                f.reportSlugs.length === 0
                  ? sql`false`
                  : sql`${c.id} in (select l.factor_id from coercion_factor_reports l join reports r on r.id = l.report_id where r.slug in (${list(f.reportSlugs)}))`,
              );
            }
            return parts.length ? sql.join(parts, sql` and `) : undefined;
          },
        }) as never;
      },
    },
    CoercionFactorConnection,
  ),
}));
