// Recruitment figures: one number one report states for one region, metric and period, with the
// qualifier the source used and the bounds that follow from it.
import { sql } from 'drizzle-orm';
import { builder } from '../builder.js';
import { figureFilterWhere } from '../db/figure-filter.js';
import { recruitmentFigures, regions } from '../db/schema.js';
import type { OrderKey } from '../db/keyset.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from '../domain/paging.js';
import { badArgument } from './arguments.js';
import { connectionType, pageUnderParent, resolveConnection, type ConnectionSpec } from './connection.js';
import { figureJsonPlan } from './figure-json.js';
import { OrderDirection } from './order.js';
import { DatePrecision, PeriodKind, Unit } from './dataset-enums.js';
import { Region, regionPagesReadWithRow } from './region.js';
import { Report } from './report.js';

export const Qualifier = builder.enumType('Qualifier', {
  description: 'How a source qualifies the number it states.',
  values: {
    EXACT: { description: 'stated as a plain number, e.g. 9.6 thousand' },
    APPROXIMATELY: { description: 'about, approximately, around' },
    MORE_THAN: { description: 'over, more than' },
    JUST_OVER: { description: 'just over, slightly more than' },
    AT_LEAST: { description: 'at least, no fewer than' },
    ALMOST: { description: 'almost, nearly' },
    LESS_THAN: { description: 'under, fewer than' },
    AT_MOST: { description: 'at most, no more than, up to' },
    RANGE: { description: 'a range, e.g. from 55,000 to 60,000: low and high are the stated ends' },
  } as const,
});

export const RecruitmentMetric = builder.enumType('RecruitmentMetric', {
  description: 'What a recruitment figure counts.',
  values: {
    PLANNED_RECRUITS: { description: 'the number of recruits the occupying authorities planned for the period' },
    CONTRACTS_SIGNED: { description: 'the number of people who signed a military service contract in the period' },
    PLAN_FULFILMENT_PERCENT: { description: 'contracts signed as a percentage of the plan, as the source reports it' },
    CONSCRIPTED: {
      description: 'people called up for compulsory military service: one conscription campaign, or a running total of them',
    },
    PLANNED_CONSCRIPTS: { description: 'the number of conscripts the occupying authorities planned to call up' },
    MOBILISED: {
      description:
        "people mobilised into Russia's forces or the occupation formations outside regular conscription (sources mostly call it forced mobilisation)",
    },
    PLANNED_MOBILISATION: { description: 'the number of people the occupying authorities planned to mobilise' },
    SHARE_OF_PERSONNEL_PERCENT: {
      description: 'residents of the occupied territories as a percentage of the personnel of a force or unit',
    },
    KILLED: { description: "residents of the occupied territories killed while serving in Russia's forces" },
    PAYMENT_AMOUNT: { description: "a payment offered to recruits, in the figure's unit" },
  } as const,
});

export interface QualifiedNumberShape {
  best: number;
  low: number | null;
  high: number | null;
  qualifier: (typeof Qualifier)['$inferType'];
  asStated: string;
}

export const QualifiedNumber = builder.objectRef<QualifiedNumberShape>('QualifiedNumber').implement({
  description: 'A number as a source states it, with the bounds that the statement implies (low/best/high).',
  fields: (t) => ({
    best: t.exposeFloat('best', { description: 'the number the source gives' }),
    qualifier: t.expose('qualifier', { type: Qualifier, description: 'how the source qualifies it' }),
    low: t.exposeFloat('low', { nullable: true, description: 'lowest value consistent with the statement; null where unbounded' }),
    high: t.exposeFloat('high', { nullable: true, description: 'highest value consistent with the statement; null where unbounded' }),
    asStated: t.exposeString('asStated', { description: "the figure as worded in the source, e.g. 'over 330'" }),
  }),
});

export const FigureVariant = builder.drizzleObject('figureVariants', {
  name: 'FigureVariant',
  select: {},
  description: 'How one relay of a report words a figure, where it differs from the wording the figure keeps.',
  fields: (t) => ({
    publication: t.relation('publication', { description: 'the relay (one of the report\'s publications) that words it this way' }),
    value: t.field({
      type: QualifiedNumber,
      description: "the number as this relay states it, with the bounds its wording implies",
      select: { columns: { best: true, low: true, high: true, qualifier: true, asStated: true } },
      resolve: (v) => ({ best: v.best, low: v.low, high: v.high, qualifier: v.qualifier, asStated: v.asStated }),
    }),
    periodAsStated: t.exposeString('periodAsStated', { nullable: true, description: "the period in this relay's words" }),
    note: t.exposeString('note', { nullable: true, description: 'what the editors make of the difference' }),
  }),
});

export const RecruitmentFigure = builder.drizzleNode('recruitmentFigures', {
  name: 'RecruitmentFigure',
  // The small columns nearly every figure query reads are always selected and resolved by plain
  // resolvers: exposed columns would each look up their selection mapping per row (docs/performance.md).
  // The other columns are selected only when asked for.
  select: {
    columns: { metric: true, periodStart: true, periodEnd: true, best: true, low: true, high: true, qualifier: true, asStated: true },
  },
  description: 'One figure that one report states for one region and period.',
  id: { column: (f) => f.id },
  fields: (t) => ({
    report: t.relation('report', { description: 'the report that states this figure: its source' }),
    region: t.relation('region', { description: 'the region (or group of regions) the figure is for' }),
    metric: t.field({ type: RecruitmentMetric, description: 'what the figure counts', resolve: (f) => f.metric }),
    periodStart: t.field({ type: 'Date', description: 'first day of the period the figure covers', resolve: (f) => f.periodStart }),
    periodEnd: t.field({ type: 'Date', description: 'last day of the period the figure covers', resolve: (f) => f.periodEnd }),
    periodAsStated: t.exposeString('periodAsStated', {
      nullable: true,
      description: "the period in the source's own words, e.g. 'first 11 months of 2024', where it words one",
    }),
    unit: t.expose('unit', { type: Unit, description: "the unit of the value (the metric's default unit unless the source uses another)" }),
    periodKind: t.expose('periodKind', {
      type: PeriodKind,
      description: 'FLOW (a count over the period), CUMULATIVE (a running total from periodStart to the as-of date periodEnd) or SNAPSHOT (a state at periodEnd)',
    }),
    periodStartPrecision: t.expose('periodStartPrecision', {
      type: DatePrecision,
      description: 'how exactly the source dates the start of the period (periodStart is the first day of that month/quarter/year)',
    }),
    periodEndPrecision: t.expose('periodEndPrecision', {
      type: DatePrecision,
      description: 'how exactly the source dates the end of the period (periodEnd is the last day of that month/quarter/year)',
    }),
    attributedTo: t.exposeString('attributedTo', {
      nullable: true,
      description:
        "who the source says stands behind the figure, where that is not the report's publisher, e.g. 'intelligence documents, confirmed by the Russian side'",
    }),
    quote: t.exposeString('quote', { nullable: true, description: "the sentence that states the figure, in the source's language" }),
    quoteEn: t.exposeString('quoteEn', { nullable: true, description: 'the same sentence in English, where the source is not in English' }),
    variants: t.relation('variants', {
      description: 'how relays of the report word this figure, where they differ',
      query: { orderBy: { id: 'asc' } },
    }),
    value: t.field({
      type: QualifiedNumber,
      description: 'the number with its qualifier and bounds',
      resolve: (f) => ({ best: f.best, low: f.low, high: f.high, qualifier: f.qualifier, asStated: f.asStated }),
    }),
    note: t.exposeString('note', {
      nullable: true,
      description: 'how the figure was read from its source, where the source leaves something open',
    }),
    version: t.exposeInt('version', { description: 'incremented on every change; updates must carry the version they read' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'when this record was added to the dataset' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'when this record last changed' }),
  }),
});

export const RecruitmentFigureFilter = builder.inputType('RecruitmentFigureFilter', {
  description:
    'Keeps the figures that match every field given. A list keeps figures whose value is in it (an empty list keeps none); an unknown code or slug matches nothing.',
  fields: (t) => ({
    regionCodes: t.stringList({ required: false, description: 'ISO 3166-2 codes, or UA-TOT; only figures stated for these regions themselves' }),
    metrics: t.field({ type: [RecruitmentMetric], required: false, description: 'only these metrics' }),
    reportSlugs: t.stringList({ required: false, description: 'slugs of the reports stating the figures' }),
    periodFrom: t.field({ type: 'Date', required: false, description: 'keep figures whose period overlaps [periodFrom, periodTo]' }),
    periodTo: t.field({ type: 'Date', required: false, description: 'keep figures whose period overlaps [periodFrom, periodTo]' }),
    periodKinds: t.field({ type: [PeriodKind], required: false, description: 'only these period kinds' }),
    units: t.field({ type: [Unit], required: false, description: 'only figures in these units' }),
  }),
});

export const RecruitmentFigureOrderField = builder.enumType('RecruitmentFigureOrderField', {
  description: 'What to order recruitment figures by; ties are always broken by id in the same direction.',
  values: {
    PERIOD_END: { description: 'the last day of the period' },
    PERIOD_START: { description: 'the first day of the period' },
    VALUE: { description: 'the best value (mixes units unless filtered to one metric)' },
  } as const,
});

export const RecruitmentFigureOrder = builder.inputType('RecruitmentFigureOrder', {
  description: 'An ordering of recruitment figures. The default is PERIOD_END DESC: newest first.',
  fields: (t) => ({
    field: t.field({ type: RecruitmentFigureOrderField, required: true, description: 'what to order by' }),
    direction: t.field({ type: OrderDirection, required: true, description: 'ascending or descending' }),
  }),
});

const ORDER_KEYS: Record<string, OrderKey['keys']> = {
  PERIOD_END: [{ expression: (t: any) => sql`${t.periodEnd}`, cast: 'date' }],
  PERIOD_START: [{ expression: (t: any) => sql`${t.periodStart}`, cast: 'date' }],
  VALUE: [{ expression: (t: any) => sql`${t.best}`, cast: 'float8' }],
};

type FilterArg = (typeof RecruitmentFigureFilter)['$inferInput'] | null | undefined;
type OrderArg = (typeof RecruitmentFigureOrder)['$inferInput'] | null | undefined;

/** A connection of figures under a filter and ordering: every figure connection, a release's too. */
export function figureSpec(filter: FilterArg, orderBy: OrderArg): ConnectionSpec {
  if (filter?.periodFrom && filter.periodTo && filter.periodFrom > filter.periodTo) {
    throw badArgument('filter', `filter.periodFrom (${filter.periodFrom}) is after filter.periodTo (${filter.periodTo}).`);
  }
  const field = orderBy?.field ?? 'PERIOD_END';
  const direction = orderBy?.direction ?? 'DESC';
  const order: OrderKey = { name: `figures:${field}:${direction}`, direction, keys: ORDER_KEYS[field]! };
  return {
    name: 'figure',
    table: recruitmentFigures,
    tableName: 'recruitmentFigures',
    typeName: 'RecruitmentFigure',
    order,
    where: (t) => figureFilterWhere(filter, t),
    shaped: (prefix) => {
      const shaped = shapedFilter(filter, prefix);
      return { shape: shaped.shape, values: shaped.values, where: (t) => figureFilterWhere(shaped.filter, t) };
    },
    jsonPlan: figureJsonPlan,
  };
}

export const RecruitmentFigureConnection = connectionType(RecruitmentFigure, 'RecruitmentFigure', { page: 'recruitment figures', counted: 'figures', edge: 'A recruitment figure' });

export const figureArgs = builder.args((t) => ({
  filter: t.field({ type: RecruitmentFigureFilter, required: false }),
  orderBy: t.field({
    type: RecruitmentFigureOrder,
    required: false,
    description: 'defaults to { field: PERIOD_END, direction: DESC }: newest first',
  }),
}));

builder.queryFields((t) => ({
  recruitmentFigures: t.connection(
    {
      type: RecruitmentFigure,
      description: `Recruitment figures across all reports and regions: ${DEFAULT_PAGE_SIZE} a page by default, at most ${MAX_PAGE_SIZE}.`,
      args: figureArgs,
      resolve: (_root, args, ctx, info) => resolveConnection(ctx, info, args, figureSpec(args.filter, args.orderBy)) as never,
    },
    RecruitmentFigureConnection,
  ),
}));

builder.objectField(Region, 'recruitmentFigures', (t) =>
  t.connection(
    {
      type: RecruitmentFigure,
      description:
        'The figures stated for this region itself (for UA-TOT: for all occupied territories together, not the sum of its children).',
      args: figureArgs,
      resolve: (region, args, ctx, info) =>
        resolveConnection(ctx, info, args, figureSpec(args.filter, args.orderBy), {
          column: 'region_id',
          key: 'regionId',
          id: region.id,
        }) as never,
    },
    RecruitmentFigureConnection,
  ),
);

/**
 * A figure filter with placeholders (named from `prefix`) in place of its values, the shape its SQL
 * depends on (which fields, how many values in each list), and the values (src/db/statements.ts).
 */
export function shapedFilter(filter: FilterArg, prefix: string): { filter: FilterArg; shape: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  if (!filter) return { filter, shape: '', values };
  const shaped: Record<string, unknown> = {};
  const shape: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value == null) continue;
    if (Array.isArray(value)) {
      shaped[key] = value.map((item, i) => ((values[`${prefix}${key}${i}`] = item), sql.placeholder(`${prefix}${key}${i}`)));
      shape.push(`${key}[${value.length}]`);
    } else {
      values[`${prefix}${key}`] = value;
      shaped[key] = sql.placeholder(`${prefix}${key}`);
      shape.push(key);
    }
  }
  return { filter: shaped as FilterArg, shape: shape.sort().join(','), values };
}

// A plain region read loads this page in its own statement (src/schema/region.ts); arguments it
// refuses (a bad filter or cursor) leave the field to load on its own and report the error there.
regionPagesReadWithRow.set('recruitmentFigures', (field, fragments, args, prefix) => {
  const { filter, orderBy, ...page } = args as { filter?: FilterArg; orderBy?: OrderArg } & ConnectionArgs;
  let spec: ConnectionSpec;
  try {
    spec = figureSpec(filter, orderBy);
  } catch {
    return undefined;
  }
  return pageUnderParent(spec, field, fragments, page, { column: 'region_id', id: sql`${regions.id}` }, prefix);
});

builder.objectField(Report, 'recruitmentFigures', (t) =>
  t.connection(
    {
      type: RecruitmentFigure,
      description: 'The figures this report states.',
      args: figureArgs,
      resolve: (report, args, ctx, info) =>
        resolveConnection(ctx, info, args, figureSpec(args.filter, args.orderBy), {
          column: 'report_id',
          key: 'reportId',
          id: report.id,
        }) as never,
    },
    RecruitmentFigureConnection,
  ),
);
