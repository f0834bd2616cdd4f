// createRecruitmentFigure, updateRecruitmentFigure, deleteRecruitmentFigure.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, snapshot, type Tx } from '../../audit/record.js';
import { builder } from '../../builder.js';
import { loadMetricUnits } from '../../bundles/load.js';
import { figureVariants, recruitmentFigures, regions, reportPublications, reports } from '../../db/schema.js';
import { ConflictError, NotFoundError, StaleWriteError, ValidationError, type FieldIssue } from '../../domain/errors.js';
import { endPrecisionProblem, startPrecisionProblem, type DatePrecision as Precision } from '../../domain/precision.js';
import { DatePrecision, PeriodKind, Unit } from '../dataset-enums.js';
import { RecruitmentFigure, RecruitmentMetric } from '../figure.js';
import { expectedVersion, given, globalId, QualifiedNumberInput, regionCode, text, type QualifiedNumberValue } from './inputs.js';
import { changedFields, lockForWrite, updateVersioned, writeTransaction } from './write.js';


// The value arrives already checked and with its bounds (QualifiedNumberInput's own schema).
const value = z.custom<QualifiedNumberValue>((v) => typeof v === 'object' && v !== null);
// GraphQL has checked the enum values; which metric takes which unit is the definitions' business.
const metric = z.string();

const variantSchema = z.object({
  publicationUrl: z.string().min(1, 'must not be empty').max(2000),
  value,
  periodAsStated: text(200).nullish(),
  note: text(10_000).nullish(),
});
const variants = z.array(variantSchema).max(100, 'at most 100 variants').superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((v, i) => {
    const first = seen.get(v.publicationUrl);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'publicationUrl'], message: `same publication as variants[${first}]: one variant per publication` });
    } else seen.set(v.publicationUrl, i);
  });
});

const datasetFields = {
  unit: z.string().nullish(),
  periodKind: z.string().nullish(),
  periodStartPrecision: z.string().nullish(),
  periodEndPrecision: z.string().nullish(),
  attributedTo: text(1000).nullish(),
  quote: text(10_000).nullish(),
  quoteEn: text(10_000).nullish(),
};

type FigureRow = typeof recruitmentFigures.$inferSelect;

/**
 * What the database would refuse, or what makes no sense, in a figure as it would be stored, each with
 * the input field it concerns: a unit its metric does not take, a coarse date not on the first/last day
 * of its month/quarter/year, a period (or a running total) that ends before it starts.
 */
async function figureProblems(tx: Tx, row: Pick<FigureRow, 'metric' | 'unit' | 'periodKind' | 'periodStart' | 'periodStartPrecision' | 'periodEnd' | 'periodEndPrecision'>): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const { allowed } = await loadMetricUnits(tx);
  const units = allowed.get(row.metric) ?? [];
  if (!units.includes(row.unit)) {
    issues.push({ path: ['input', 'unit'], message: `${row.unit} does not fit ${row.metric} (allowed: ${units.join(', ')})` });
  }
  if (row.periodStart > row.periodEnd) {
    issues.push({
      path: ['input', 'periodEnd'],
      message:
        row.periodKind === 'CUMULATIVE'
          ? `a running total cannot start (periodStart ${row.periodStart}) after its as-of date (periodEnd ${row.periodEnd})`
          : `must not be before periodStart (${row.periodStart})`,
    });
  }
  const start = startPrecisionProblem(row.periodStart, row.periodStartPrecision as Precision);
  if (start) issues.push({ path: ['input', 'periodStart'], message: start });
  const end = endPrecisionProblem(row.periodEnd, row.periodEndPrecision as Precision);
  if (end) issues.push({ path: ['input', 'periodEnd'], message: end });
  return issues;
}

/**
 * Replaces the figure's variants with `wanted`, recording each change. Every publicationUrl must be one
 * of the report's publications, or nothing is written.
 */
async function replaceVariants(
  tx: Tx,
  actor: Parameters<typeof recordAudit>[1],
  figure: Pick<FigureRow, 'id' | 'reportId'>,
  wanted: z.output<typeof variants>,
): Promise<void> {
  const publications = await tx
    .select({ id: reportPublications.id, url: reportPublications.url })
    .from(reportPublications)
    .where(eq(reportPublications.reportId, figure.reportId));
  const byUrl = new Map(publications.map((p) => [p.url, p.id]));
  const unknown = wanted.flatMap((v, i) =>
    byUrl.has(v.publicationUrl)
      ? []
      : [{ path: ['input', 'variants', String(i), 'publicationUrl'], message: `${v.publicationUrl} is not one of the report's publications` }],
  );
  if (unknown.length) throw new ValidationError(unknown);
  const gone = await tx.delete(figureVariants).where(eq(figureVariants.figureId, figure.id)).returning();
  const created = wanted.length
    ? await tx
        .insert(figureVariants)
        .values(
          wanted.map((v) => ({
            figureId: figure.id,
            reportId: figure.reportId,
            publicationId: byUrl.get(v.publicationUrl)!,
            ...v.value,
            periodAsStated: v.periodAsStated ?? null,
            note: v.note ?? null,
          })),
        )
        .returning()
    : [];
  await recordAudit(tx, actor, [
    ...gone.map((v) => ({ action: 'DELETE' as const, entityType: 'FigureVariant' as const, entityId: String(v.id), before: snapshot(figureVariants, v), after: null })),
    ...created.map((v) => ({ action: 'CREATE' as const, entityType: 'FigureVariant' as const, entityId: String(v.id), before: null, after: snapshot(figureVariants, v) })),
  ]);
}

const createSchema = z
  .object({
    report: globalId('Report'),
    regionCode,
    metric,
    periodStart: z.string(),
    periodEnd: z.string(),
    periodAsStated: text(200).nullish(),
    value,
    note: text(10_000).nullish(),
    ...datasetFields,
    variants: variants.nullish(),
  });

const updateSchema = z
  .object({
    id: globalId('RecruitmentFigure'),
    expectedVersion,
    regionCode: regionCode.optional(),
    metric: metric.optional(),
    periodStart: z.string().optional(),
    periodEnd: z.string().optional(),
    periodAsStated: text(200).nullish(),
    value: value.optional(),
    note: text(10_000).nullish(),
    ...datasetFields,
    variants: variants.nullish(),
  });

const deleteSchema = z.object({ id: globalId('RecruitmentFigure'), expectedVersion });

export const FigureVariantInput = builder.inputType('FigureVariantInput', {
  description: 'How one relay of the report words the figure.',
  fields: (t) => ({
    publicationUrl: t.string({ required: true, description: "the URL of one of the report's publications" }),
    value: t.field({ type: QualifiedNumberInput, required: true, description: 'the number as this relay states it' }),
    periodAsStated: t.string({ required: false, description: "the period in this relay's words" }),
    note: t.string({ required: false, description: 'what the editors make of the difference' }),
  }),
  validate: variantSchema,
});

export const CreateRecruitmentFigureInput = builder.inputType('CreateRecruitmentFigureInput', {
  description: 'A figure one report states for one region, metric and period.',
  fields: (t) => ({
    report: t.id({ required: true, description: 'the ID of the report that states it' }),
    regionCode: t.string({ required: true, description: 'the region, by ISO 3166-2 code or UA-TOT' }),
    metric: t.field({ type: RecruitmentMetric, required: true, description: 'what the figure counts' }),
    periodStart: t.field({ type: 'Date', required: true, description: 'first day of the period' }),
    periodEnd: t.field({ type: 'Date', required: true, description: 'last day of the period' }),
    periodAsStated: t.string({ required: false, description: "the period in the source's words" }),
    value: t.field({ type: QualifiedNumberInput, required: true, description: 'the number as stated' }),
    note: t.string({ required: false, description: 'how the figure was read from its source' }),
    unit: t.field({ type: Unit, required: false, description: "the unit of the value; the metric's default unit if not given" }),
    periodKind: t.field({ type: PeriodKind, required: false, description: 'FLOW (default), CUMULATIVE (a running total to periodEnd) or SNAPSHOT' }),
    periodStartPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly the source dates the start (DAY if not given)' }),
    periodEndPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly the source dates the end (DAY if not given)' }),
    attributedTo: t.string({ required: false, description: "who the source says stands behind the figure, where that is not the report's publisher" }),
    quote: t.string({ required: false, description: "the sentence that states the figure, in the source's language" }),
    quoteEn: t.string({ required: false, description: 'the same sentence in English' }),
    variants: t.field({
      type: [FigureVariantInput],
      required: false,
      description: "how relays of the report word the figure, one per publication (by URL); given, it replaces the figure's variants",
    }),
  }),
  validate: createSchema,
});

export const UpdateRecruitmentFigureInput = builder.inputType('UpdateRecruitmentFigureInput', {
  description:
    'Corrections to a figure. Fields left out stay as they are; null clears an optional field; a value given replaces the whole value, bounds re-derived. Refused (StaleWriteError) unless expectedVersion is the version stored.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'the figure to correct' }),
    expectedVersion: t.int({ required: true, description: 'the RecruitmentFigure.version you read' }),
    regionCode: t.string({ required: false, description: 'the region, by ISO 3166-2 code or UA-TOT' }),
    metric: t.field({ type: RecruitmentMetric, required: false, description: 'what the figure counts' }),
    periodStart: t.field({ type: 'Date', required: false, description: 'first day of the period' }),
    periodEnd: t.field({ type: 'Date', required: false, description: 'last day of the period' }),
    periodAsStated: t.string({ required: false, description: "the period in the source's words" }),
    value: t.field({ type: QualifiedNumberInput, required: false, description: 'the number as stated; replaces the whole value' }),
    note: t.string({ required: false, description: 'how the figure was read from its source' }),
    unit: t.field({ type: Unit, required: false, description: "the unit of the value; the metric's default unit if not given" }),
    periodKind: t.field({ type: PeriodKind, required: false, description: 'FLOW (default), CUMULATIVE (a running total to periodEnd) or SNAPSHOT' }),
    periodStartPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly the source dates the start (DAY if not given)' }),
    periodEndPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly the source dates the end (DAY if not given)' }),
    attributedTo: t.string({ required: false, description: "who the source says stands behind the figure, where that is not the report's publisher" }),
    quote: t.string({ required: false, description: "the sentence that states the figure, in the source's language" }),
    quoteEn: t.string({ required: false, description: 'the same sentence in English' }),
    variants: t.field({
      type: [FigureVariantInput],
      required: false,
      description: "how relays of the report word the figure, one per publication (by URL); given, it replaces the figure's variants",
    }),
  }),
  validate: updateSchema,
});

export const DeleteRecruitmentFigureInput = builder.inputType('DeleteRecruitmentFigureInput', {
  description: 'A figure to delete, with the version you read.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'the figure to delete' }),
    expectedVersion: t.int({ required: true, description: 'the RecruitmentFigure.version you read' }),
  }),
  validate: deleteSchema,
});

async function regionIdOf(tx: Tx, code: string): Promise<number> {
  const [row] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.code, code));
  if (!row) throw new NotFoundError('Region', code);
  return row.id;
}

const figureResult = (verb: string) => ({
  types: [ValidationError, NotFoundError, ConflictError, StaleWriteError],
  union: { description: `The ${verb} figure, or why nothing was written.` },
  result: { description: `The figure was ${verb}.` },
  dataField: { name: 'recruitmentFigure', description: `the figure as ${verb}` },
});

builder.mutationFields((t) => ({
  createRecruitmentFigure: t.drizzleField({
    type: RecruitmentFigure,
    authScopes: { editor: true },
    description: 'Adds a figure to a report (EDITOR or ADMIN).',
    args: { input: t.arg({ type: CreateRecruitmentFigureInput, required: true }) },
    errors: figureResult('created'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof createSchema>;
      const id = await writeTransaction(ctx, async (tx, actor) => {
        const [report] = await tx.select({ id: reports.id }).from(reports).where(eq(reports.id, input.report));
        if (!report) throw new NotFoundError('Report', encodeGlobalID('Report', input.report));
        const { defaultUnit } = await loadMetricUnits(tx);
        const row = {
          reportId: report.id,
          regionId: await regionIdOf(tx, input.regionCode),
          metric: input.metric as FigureRow['metric'],
          unit: (input.unit ?? defaultUnit.get(input.metric)) as FigureRow['unit'],
          periodKind: (input.periodKind ?? 'FLOW') as FigureRow['periodKind'],
          periodStart: input.periodStart,
          periodStartPrecision: (input.periodStartPrecision ?? 'DAY') as FigureRow['periodStartPrecision'],
          periodEnd: input.periodEnd,
          periodEndPrecision: (input.periodEndPrecision ?? 'DAY') as FigureRow['periodEndPrecision'],
          periodAsStated: input.periodAsStated ?? null,
          ...input.value,
          attributedTo: input.attributedTo ?? null,
          quote: input.quote ?? null,
          quoteEn: input.quoteEn ?? null,
          note: input.note ?? null,
        };
        const problems = await figureProblems(tx, row);
        if (problems.length) throw new ValidationError(problems);
        const [created] = await tx.insert(recruitmentFigures).values(row).returning();
        await recordAudit(tx, actor, [
          {
            action: 'CREATE',
            entityType: 'RecruitmentFigure',
            entityId: String(created!.id),
            before: null,
            after: snapshot(recruitmentFigures, created!),
          },
        ]);
        if (input.variants?.length) await replaceVariants(tx, actor, created!, input.variants);
        return created!.id;
      });
      return (await ctx.db.query.recruitmentFigures.findFirst(query({ where: { id } })))!;
    },
  }),

  updateRecruitmentFigure: t.drizzleField({
    type: RecruitmentFigure,
    authScopes: { editor: true },
    description: 'Corrects a figure (EDITOR or ADMIN). Only the fields given change; the version goes up by one.',
    args: { input: t.arg({ type: UpdateRecruitmentFigureInput, required: true }) },
    errors: figureResult('updated'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof updateSchema>;
      const { id, expectedVersion: version, regionCode: code, value: newValue, variants: newVariants, ...rest } = input;
      // unit, period kind and precisions cannot be cleared: null leaves them as they are
      for (const key of ['unit', 'periodKind', 'periodStartPrecision', 'periodEndPrecision'] as const) {
        if (rest[key] === null) delete rest[key];
      }
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, recruitmentFigures, 'RecruitmentFigure', id, version);
        const desired = {
          ...rest,
          ...(code !== undefined ? { regionId: await regionIdOf(tx, code) } : {}),
          ...(newValue ?? {}),
        } as Partial<FigureRow>;
        const merged = { ...current, ...given(desired) };
        const problems = await figureProblems(tx, merged);
        if (problems.length) throw new ValidationError(problems);
        const updated = await updateVersioned(tx, actor, recruitmentFigures, 'RecruitmentFigure', current, changedFields(current, desired));
        if (newVariants != null) await replaceVariants(tx, actor, updated, newVariants);
      });
      return (await ctx.db.query.recruitmentFigures.findFirst(query({ where: { id } })))!;
    },
  }),

  deleteRecruitmentFigure: t.id({
    authScopes: { editor: true },
    description: 'Deletes a figure (EDITOR or ADMIN); an admin can put it back with restoreFromAudit.',
    args: { input: t.arg({ type: DeleteRecruitmentFigureInput, required: true }) },
    errors: {
      types: [ValidationError, NotFoundError, ConflictError, StaleWriteError],
      union: { description: 'The ID of the deleted figure, or why nothing was deleted.' },
      result: { description: 'The figure was deleted.' },
      dataField: { name: 'deletedId', description: 'the global ID the figure had' },
    },
    resolve: async (_root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof deleteSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, recruitmentFigures, 'RecruitmentFigure', input.id, input.expectedVersion);
        const variantsGone = await tx.delete(figureVariants).where(eq(figureVariants.figureId, current.id)).returning();
        await tx.delete(recruitmentFigures).where(eq(recruitmentFigures.id, current.id));
        await recordAudit(tx, actor, [
          {
            action: 'DELETE',
            entityType: 'RecruitmentFigure',
            entityId: String(current.id),
            before: snapshot(recruitmentFigures, current),
            after: null,
          },
          ...variantsGone.map((v) => ({
            action: 'DELETE' as const,
            entityType: 'FigureVariant' as const,
            entityId: String(v.id),
            before: snapshot(figureVariants, v),
            after: null,
          })),
        ]);
      });
      return encodeGlobalID('RecruitmentFigure', input.id);
    },
  }),
}));
