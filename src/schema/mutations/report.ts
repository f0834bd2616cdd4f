// createReport, updateReport, deleteReport.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { createReport, deleteReport, updateReport } from '../../store/report.js';
import { DatePrecision, SourceKind } from '../dataset-enums.js';
import { Report } from '../report.js';
import { expectedVersion, globalId, httpUrl, language, PERIOD_ISSUE, periodCheck, slug, text, validated } from './inputs.js';
import { deleteResult, writeResult, writeTransaction } from './write.js';

const reportFields = {
  sourceKind: z.string().optional(),
  speaker: text(500).nullish(),
  publishedOnPrecision: z.string().optional(),
  title: text(500),
  publisher: text(200),
  language,
  publishedOn: z.string().nullish(),
  sourceUrl: httpUrl.nullish(),
  periodStart: z.string().nullish(),
  periodEnd: z.string().nullish(),
  summary: text(10_000).nullish(),
  note: text(10_000).nullish(),
};

const createSchema = z.object({ slug, ...reportFields }).refine(periodCheck, PERIOD_ISSUE);

const updateSchema = z
  .object({
    id: globalId('Report'),
    expectedVersion,
    slug: slug.optional(),
    title: reportFields.title.optional(),
    publisher: reportFields.publisher.optional(),
    language: reportFields.language.optional(),
    sourceKind: reportFields.sourceKind,
    speaker: reportFields.speaker,
    publishedOnPrecision: reportFields.publishedOnPrecision,
    publishedOn: reportFields.publishedOn,
    sourceUrl: reportFields.sourceUrl,
    periodStart: reportFields.periodStart,
    periodEnd: reportFields.periodEnd,
    summary: reportFields.summary,
    note: reportFields.note,
  })
  .refine(periodCheck, PERIOD_ISSUE);

const deleteSchema = z.object({ id: globalId('Report'), expectedVersion });

export const CreateReportInput = builder.inputType('CreateReportInput', {
  description: 'A new report. Its figures and coercion factors are added afterwards, or all at once with importReportBundle.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'stable, URL-safe identifier, e.g. nrc-2024-11-recruitment' }),
    title: t.string({ required: true, description: 'the title as published' }),
    publisher: t.string({ required: true, description: 'the organisation that issued it' }),
    sourceKind: t.field({ type: SourceKind, required: false, description: 'who the report comes from; UKRAINIAN_OFFICIAL if not given' }),
    speaker: t.string({ required: false, description: 'the person who made the statement, where one is named' }),
    publishedOnPrecision: t.field({
      type: DatePrecision,
      required: false,
      description: 'how exactly publishedOn is known (DAY if not given); a coarser date is the first day of its month/quarter/year',
    }),
    language: t.string({ required: true, description: 'BCP 47 language tag of the source, e.g. uk' }),
    publishedOn: t.field({ type: 'Date', required: false, description: 'the date of publication, where known' }),
    sourceUrl: t.string({ required: false, description: 'where the report can be read (http or https)' }),
    periodStart: t.field({ type: 'Date', required: false, description: 'first day of the period its findings cover' }),
    periodEnd: t.field({ type: 'Date', required: false, description: 'last day of that period' }),
    summary: t.string({ required: false, description: 'a short summary of the findings' }),
    note: t.string({ required: false, description: "the editors' notes on how the source was read" }),
  }),
  validate: createSchema,
});

export const UpdateReportInput = builder.inputType('UpdateReportInput', {
  description:
    'Changes to a report. Fields left out stay as they are; null clears an optional field. The change is refused (StaleWriteError) unless expectedVersion is the version stored.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'the report to change' }),
    expectedVersion: t.int({ required: true, description: 'the Report.version you read' }),
    slug: t.string({ required: false, description: 'a new slug (links to the old one stop working)' }),
    title: t.string({ required: false, description: 'the title as published' }),
    publisher: t.string({ required: false, description: 'the organisation that issued it' }),
    sourceKind: t.field({ type: SourceKind, required: false, description: 'who the report comes from' }),
    speaker: t.string({ required: false, description: 'the person who made the statement; null if none is named' }),
    publishedOnPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly publishedOn is known' }),
    language: t.string({ required: false, description: 'BCP 47 language tag of the source' }),
    publishedOn: t.field({ type: 'Date', required: false, description: 'the date of publication; null if unknown' }),
    sourceUrl: t.string({ required: false, description: 'where the report can be read (http or https)' }),
    periodStart: t.field({ type: 'Date', required: false, description: 'first day of the period its findings cover' }),
    periodEnd: t.field({ type: 'Date', required: false, description: 'last day of that period' }),
    summary: t.string({ required: false, description: 'a short summary of the findings' }),
    note: t.string({ required: false, description: "the editors' notes on how the source was read" }),
  }),
  validate: updateSchema,
});

export const DeleteReportInput = builder.inputType('DeleteReportInput', {
  description: 'A report to delete, with the version you read.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'the report to delete' }),
    expectedVersion: t.int({ required: true, description: 'the Report.version you read' }),
  }),
  validate: deleteSchema,
});

const reportResult = writeResult('report', 'report');

builder.mutationFields((t) => ({
  createReport: t.drizzleField({
    type: Report,
    authScopes: { editor: true },
    description: 'Adds a report (EDITOR or ADMIN).',
    args: { input: t.arg({ type: CreateReportInput, required: true }) },
    errors: reportResult('created'),
    resolve: async (query, _root, args, ctx) => {
      const input = validated(createSchema, args.input);
      const { value: { id } } = await writeTransaction(ctx, (w) => createReport(w, input as never));
      return (await ctx.db.query.reports.findFirst(query({ where: { id } })))!;
    },
  }),

  updateReport: t.drizzleField({
    type: Report,
    authScopes: { editor: true },
    description: 'Corrects a report (EDITOR or ADMIN). Only the fields given change; the version goes up by one.',
    args: { input: t.arg({ type: UpdateReportInput, required: true }) },
    errors: reportResult('updated'),
    resolve: async (query, _root, args, ctx) => {
      const { id, expectedVersion: version, ...changes } = validated(updateSchema, args.input);
      await writeTransaction(ctx, (w) => updateReport(w, id, version, changes as never));
      return (await ctx.db.query.reports.findFirst(query({ where: { id } })))!;
    },
  }),

  deleteReport: t.id({
    authScopes: { editor: true },
    description:
      'Deletes a report with its figures, publications and coercion-factor links (EDITOR or ADMIN). Every row removed is in the audit log, and an admin can put them all back with restoreFromAudit on the report entry.',
    args: { input: t.arg({ type: DeleteReportInput, required: true }) },
    errors: deleteResult('report', 'report', 'The report and everything that belonged to it were deleted.'),
    resolve: async (_root, args, ctx) => {
      const input = validated(deleteSchema, args.input);
      await writeTransaction(ctx, (w) => deleteReport(w, input.id, input.expectedVersion));
      return encodeGlobalID('Report', input.id);
    },
  }),
}));
