// Reports: who published what, when, about which period. Every figure leads back to one.
import { sql } from 'drizzle-orm';
import { builder } from '../builder.js';
import { reports } from '../db/schema.js';
import type { OrderKey } from '../db/keyset.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/paging.js';
import { badArgument } from './arguments.js';
import { connectionType, resolveConnection, type ConnectionSpec } from './connection.js';
import { DatePrecision, SourceKind } from './dataset-enums.js';
import { OrderDirection } from './order.js';

export const ReportPublication = builder.drizzleObject('reportPublications', {
  name: 'ReportPublication',
  // Only the columns a query asks for are selected (never the search vectors).
  select: {},
  description: 'A place where a report was published or relayed: one report often reaches readers through several outlets.',
  fields: (t) => ({
    outlet: t.exposeString('outlet', { description: 'the outlet, e.g. 112.ua or Suspilne' }),
    url: t.exposeString('url', { description: 'where this publication can be read' }),
    publishedOn: t.expose('publishedOn', { type: 'Date', nullable: true, description: 'when this outlet published it, where known' }),
    publishedOnPrecision: t.expose('publishedOnPrecision', {
      type: DatePrecision,
      description: 'how exactly publishedOn is known (it is the first day of that month/quarter/year)',
    }),
    language: t.exposeString('language', { nullable: true, description: 'BCP 47 language tag of this publication' }),
    note: t.exposeString('note', { nullable: true, description: 'how this publication differs from the others, if it does' }),
  }),
});

export const Report = builder.drizzleNode('reports', {
  name: 'Report',
  // Only the columns a query asks for are selected (never the search vectors).
  select: {},
  description: 'A published report that states recruitment figures or describes coercion.',
  id: { column: (r) => r.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'stable, URL-safe identifier' }),
    title: t.exposeString('title', { description: 'the title, in English (the editors\' own where the source has none)' }),
    publisher: t.exposeString('publisher', {
      description: 'the organisation that issued the report, e.g. National Resistance Center',
    }),
    sourceKind: t.expose('sourceKind', { type: SourceKind, description: 'who the report comes from: a Ukrainian official, an NGO, the UN, ...' }),
    speaker: t.exposeString('speaker', {
      nullable: true,
      description: "the person who made the statement, where one is named, e.g. 'Vladyslav Voloshyn, spokesman of the Southern Defence Forces'",
    }),
    publishedOn: t.expose('publishedOn', { type: 'Date', nullable: true, description: 'the date of publication, where known' }),
    publishedOnPrecision: t.expose('publishedOnPrecision', {
      type: DatePrecision,
      description: 'how exactly publishedOn is known (it is the first day of that month/quarter/year)',
    }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'where the report (or the relay it was read from) can be read' }),
    language: t.exposeString('language', { description: 'BCP 47 language tag of the source' }),
    periodStart: t.expose('periodStart', { type: 'Date', nullable: true, description: "the first day of the period the report's findings cover" }),
    periodEnd: t.expose('periodEnd', { type: 'Date', nullable: true, description: "the last day of the period the report's findings cover" }),
    summary: t.exposeString('summary', { nullable: true, description: 'what the report finds, in the editors\' words' }),
    note: t.exposeString('note', { nullable: true, description: "the editors' notes on how the source was read" }),
    publications: t.relation('publications', {
      description: 'where the report was published or relayed',
      query: { orderBy: { id: 'asc' } },
    }),
    coercionFactors: t.relation('coercionFactors', {
      description: 'the coercion factors this report describes',
      query: { orderBy: { slug: 'asc' } },
    }),
    version: t.exposeInt('version', { description: 'incremented on every change; updates must carry the version they read' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'when this record was added to the dataset' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'when this record last changed' }),
  }),
});

export const ReportFilter = builder.inputType('ReportFilter', {
  description: 'Keeps the reports that match every field given.',
  fields: (t) => ({
    publisher: t.string({ required: false, description: 'part of the publisher name, case-insensitive' }),
    publishedFrom: t.field({ type: 'Date', required: false, description: 'published on or after this date' }),
    publishedTo: t.field({ type: 'Date', required: false, description: 'published on or before this date' }),
  }),
});

export const ReportOrderField = builder.enumType('ReportOrderField', {
  description: 'What to order reports by; ties are broken by id.',
  values: {
    PUBLISHED_ON: { description: 'publication date; reports with no known date count as the earliest' },
    PERIOD_END: { description: 'the end of the period covered; reports with none count as the earliest' },
    TITLE: { description: 'title, in byte order' },
  } as const,
});

export const ReportOrder = builder.inputType('ReportOrder', {
  description: 'An ordering of reports. The default is PUBLISHED_ON DESC: newest first.',
  fields: (t) => ({
    field: t.field({ type: ReportOrderField, required: true, description: 'what to order by' }),
    direction: t.field({ type: OrderDirection, required: true, description: 'ascending or descending' }),
  }),
});

const REPORT_ORDER: Record<string, OrderKey['keys']> = {
  PUBLISHED_ON: [{ expression: (t: any) => sql`coalesce(${t.publishedOn}, '-infinity'::date)`, cast: 'date' }],
  PERIOD_END: [{ expression: (t: any) => sql`coalesce(${t.periodEnd}, '-infinity'::date)`, cast: 'date' }],
  TITLE: [{ expression: (t: any) => sql`${t.title} collate "C"`, cast: 'text' }],
};

export const ReportConnection = connectionType(Report, 'Report', { page: 'reports', counted: 'reports', edge: 'A report' });

type ReportFilterArg = (typeof ReportFilter)['$inferInput'] | null | undefined;
type ReportOrderArg = (typeof ReportOrder)['$inferInput'] | null | undefined;

/** A connection of reports under a filter and ordering: Query.reports, and a release's reports. */
export function reportConnectionSpec(f: ReportFilterArg, orderBy: ReportOrderArg): ConnectionSpec {
  if (f?.publishedFrom && f.publishedTo && f.publishedFrom > f.publishedTo) {
    throw badArgument('filter', `filter.publishedFrom (${f.publishedFrom}) is after filter.publishedTo (${f.publishedTo}).`);
  }
  const field = orderBy?.field ?? 'PUBLISHED_ON';
  const direction = orderBy?.direction ?? 'DESC';
  const order: OrderKey = { name: `reports:${field}:${direction}`, direction, keys: REPORT_ORDER[field]! };
  return {
    name: 'report',
    table: reports,
    tableName: 'reports',
    typeName: 'Report',
    order,
    where: (r: typeof reports) => {
      const parts = [];
      if (f?.publisher) {
        const pattern = `%${f.publisher.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        parts.push(sql`${r.publisher} ilike ${pattern}`);
      }
      if (f?.publishedFrom) parts.push(sql`${r.publishedOn} >= cast(${f.publishedFrom} as date)`);
      if (f?.publishedTo) parts.push(sql`${r.publishedOn} <= cast(${f.publishedTo} as date)`);
      return parts.length ? sql.join(parts, sql` and `) : undefined;
    },
  };
}

builder.queryFields((t) => ({
  report: t.drizzleField({
    type: Report,
    nullable: true,
    description: 'A report by its slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.reports.findFirst(query({ where: { slug: args.slug } })),
  }),
  reports: t.connection(
    {
      type: Report,
      description: `Reports, newest first by default: ${DEFAULT_PAGE_SIZE} a page, at most ${MAX_PAGE_SIZE}.`,
      args: {
        filter: t.arg({ type: ReportFilter, required: false }),
        orderBy: t.arg({ type: ReportOrder, required: false, description: 'defaults to { field: PUBLISHED_ON, direction: DESC }' }),
      },
      resolve: (_root, args, ctx, info) => resolveConnection(ctx, info, args, reportConnectionSpec(args.filter, args.orderBy)) as never,
    },
    ReportConnection,
  ),
}));
