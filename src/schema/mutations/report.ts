// createReport, updateReport, deleteReport.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, snapshot, type AuditChange } from '../../audit/record.js';
import { builder } from '../../builder.js';
import { coercionFactorReports, figureVariants, recruitmentFigures, reportPublications, reports } from '../../db/schema.js';
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from '../../domain/errors.js';
import { startPrecisionProblem, type DatePrecision as Precision } from '../../domain/precision.js';
import { DatePrecision, SourceKind } from '../dataset-enums.js';
import { Report } from '../report.js';
import { expectedVersion, given, globalId, httpUrl, language, slug, text } from './inputs.js';
import { changedFields, lockForWrite, updateVersioned, writeTransaction } from './write.js';

const periodOrder = (v: { periodStart?: string | null; periodEnd?: string | null }) =>
  !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd;
const PERIOD_MESSAGE = { message: 'must not be before periodStart', path: ['periodEnd'] };

/** A publication date coarser than a day must be the first day of its month/quarter/year. */
function publishedOnProblem(v: { publishedOn?: string | null; publishedOnPrecision?: string | null }): string | null {
  return v.publishedOn ? startPrecisionProblem(v.publishedOn, (v.publishedOnPrecision ?? 'DAY') as Precision) : null;
}

const reportFields = {
  sourceKind: z.string().nullish(),
  speaker: text(500).nullish(),
  publishedOnPrecision: z.string().nullish(),
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

const createSchema = z
  .object({ slug, ...reportFields })
  .refine(periodOrder, PERIOD_MESSAGE)
  .superRefine((v, ctx) => {
    const problem = publishedOnProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: problem });
  });

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
  .refine(periodOrder, PERIOD_MESSAGE);

const deleteSchema = z.object({ id: globalId('Report'), expectedVersion });

export const CreateReportInput = builder.inputType('CreateReportInput', {
  description: 'A new report. Its figures and coercion factors are added afterwards, or all at once with importReportBundle.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'stable, URL-safe identifier, e.g. nrc-2024-11-recruitment' }),
    title: t.string({ required: true, description: 'the title as published' }),
    publisher: t.string({ required: true, description: 'the organisation that issued it' }),
    sourceKind: t.field({ type: SourceKind, required: false, description: 'who the report comes from; UKRAINIAN_OFFICIAL if not given' }),
    speaker: t.string({ required: false, description: 'the person who made the statement, where one is named' }),
    language: t.string({ required: true, description: 'BCP 47 language tag of the source, e.g. uk' }),
    publishedOn: t.field({ type: 'Date', required: false, description: 'the date of publication, where known' }),
    publishedOnPrecision: t.field({
      type: DatePrecision,
      required: false,
      description: 'how exactly publishedOn is known (DAY if not given); a coarser date is the first day of its month/quarter/year',
    }),
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
    language: t.string({ required: false, description: 'BCP 47 language tag of the source' }),
    publishedOn: t.field({ type: 'Date', required: false, description: 'the date of publication; null if unknown' }),
    publishedOnPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly publishedOn is known' }),
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

const reportResult = (verb: string) => ({
  types: [ValidationError, NotFoundError, ConflictError, StaleWriteError],
  union: { description: `The ${verb} report, or why nothing was written.` },
  result: { description: `The report was ${verb}.` },
  dataField: { name: 'report', description: `the report as ${verb}` },
});

builder.mutationFields((t) => ({
  createReport: t.drizzleField({
    type: Report,
    authScopes: { editor: true },
    description: 'Adds a report (EDITOR or ADMIN).',
    args: { input: t.arg({ type: CreateReportInput, required: true }) },
    errors: reportResult('created'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof createSchema>;
      const id = await writeTransaction(ctx, async (tx, actor) => {
        const [created] = await tx
          .insert(reports)
          .values({
            slug: input.slug,
            title: input.title,
            publisher: input.publisher,
            sourceKind: (input.sourceKind ?? 'UKRAINIAN_OFFICIAL') as never,
            speaker: input.speaker ?? null,
            language: input.language,
            publishedOn: input.publishedOn ?? null,
            publishedOnPrecision: (input.publishedOnPrecision ?? 'DAY') as never,
            sourceUrl: input.sourceUrl ?? null,
            periodStart: input.periodStart ?? null,
            periodEnd: input.periodEnd ?? null,
            summary: input.summary ?? null,
            note: input.note ?? null,
          })
          .returning();
        await recordAudit(tx, actor, [
          { action: 'CREATE', entityType: 'Report', entityId: String(created!.id), before: null, after: snapshot(reports, created!) },
        ]);
        return created!.id;
      });
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
      const input = args.input as unknown as z.output<typeof updateSchema>;
      const { id, expectedVersion: version, ...input2 } = input;
      // sourceKind and publishedOnPrecision cannot be cleared: null leaves them as they are
      const changes = { ...input2, sourceKind: input2.sourceKind ?? undefined, publishedOnPrecision: input2.publishedOnPrecision ?? undefined };
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, reports, 'Report', id, version);
        const merged = { ...current, ...given(changes) };
        if (!periodOrder(merged)) {
          throw new ValidationError([
            { path: ['input', 'periodEnd'], message: `must not be before periodStart (${merged.periodStart})` },
          ]);
        }
        const published = publishedOnProblem(merged);
        if (published) throw new ValidationError([{ path: ['input', 'publishedOn'], message: published }]);
        await updateVersioned(tx, actor, reports, 'Report', current, changedFields(current, changes));
      });
      return (await ctx.db.query.reports.findFirst(query({ where: { id } })))!;
    },
  }),

  deleteReport: t.id({
    authScopes: { editor: true },
    description:
      'Deletes a report with its figures, publications and coercion-factor links (EDITOR or ADMIN). Every row removed is in the audit log, and an admin can put them all back with restoreFromAudit on the report entry.',
    args: { input: t.arg({ type: DeleteReportInput, required: true }) },
    errors: {
      types: [ValidationError, NotFoundError, StaleWriteError, ConflictError],
      union: { description: 'The ID of the deleted report, or why nothing was deleted.' },
      result: { description: 'The report and everything that belonged to it were deleted.' },
      dataField: { name: 'deletedId', description: 'the global ID the report had' },
    },
    resolve: async (_root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof deleteSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, reports, 'Report', input.id, input.expectedVersion);
        const changes: AuditChange[] = [];
        const links = await tx.delete(coercionFactorReports).where(eq(coercionFactorReports.reportId, current.id)).returning();
        // variants first: they point at both the figures and the publications
        const variants = await tx.delete(figureVariants).where(eq(figureVariants.reportId, current.id)).returning();
        const figures = await tx.delete(recruitmentFigures).where(eq(recruitmentFigures.reportId, current.id)).returning();
        const publications = await tx.delete(reportPublications).where(eq(reportPublications.reportId, current.id)).returning();
        await tx.delete(reports).where(eq(reports.id, current.id));
        changes.push({ action: 'DELETE', entityType: 'Report', entityId: String(current.id), before: snapshot(reports, current), after: null });
        for (const f of figures) {
          changes.push({ action: 'DELETE', entityType: 'RecruitmentFigure', entityId: String(f.id), before: snapshot(recruitmentFigures, f), after: null });
        }
        for (const p of publications) {
          changes.push({ action: 'DELETE', entityType: 'ReportPublication', entityId: String(p.id), before: snapshot(reportPublications, p), after: null });
        }
        for (const v of variants) {
          changes.push({ action: 'DELETE', entityType: 'FigureVariant', entityId: String(v.id), before: snapshot(figureVariants, v), after: null });
        }
        for (const l of links) {
          changes.push({
            action: 'DELETE',
            entityType: 'CoercionFactorReport',
            entityId: `${l.factorId}:${l.reportId}`,
            before: snapshot(coercionFactorReports, l),
            after: null,
          });
        }
        await recordAudit(tx, actor, changes);
      });
      return encodeGlobalID('Report', input.id);
    },
  }),
}));
