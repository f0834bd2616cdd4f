// createRecruitmentFigure, updateRecruitmentFigure, deleteRecruitmentFigure.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, snapshot, type Tx } from '../../audit/record.js';
import { builder } from '../../builder.js';
import { recruitmentFigures, regions, reports } from '../../db/schema.js';
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from '../../domain/errors.js';
import { figureRangeProblem } from '../../domain/figure-range.js';
import { RecruitmentFigure, RecruitmentMetric } from '../figure.js';
import { expectedVersion, given, globalId, QualifiedNumberInput, regionCode, text, type QualifiedNumberValue } from './inputs.js';
import { changedFields, lockForWrite, updateVersioned, writeTransaction } from './write.js';

const periodOrder = (v: { periodStart?: string | null; periodEnd?: string | null }) =>
  !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd;
const PERIOD_MESSAGE = { message: 'must not be before periodStart', path: ['periodEnd'] };

/** A percentage metric bounds the value tighter than a count (src/domain/figure-range.ts). */
function inRange(input: { metric?: string | undefined; value?: QualifiedNumberValue | undefined }, ctx: z.RefinementCtx) {
  const problem = input.value ? figureRangeProblem(input.metric, input.value) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: ['value', problem.field] });
}

// The value arrives already checked and with its bounds (QualifiedNumberInput's own schema).
const value = z.custom<QualifiedNumberValue>((v) => typeof v === 'object' && v !== null);
const metric = z.enum(['PLANNED_RECRUITS', 'CONTRACTS_SIGNED', 'PLAN_FULFILMENT_PERCENT']);

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
  })
  .refine(periodOrder, PERIOD_MESSAGE)
  .superRefine(inRange);

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
  })
  .refine(periodOrder, PERIOD_MESSAGE)
  .superRefine(inRange);

const deleteSchema = z.object({ id: globalId('RecruitmentFigure'), expectedVersion });

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
        const [created] = await tx
          .insert(recruitmentFigures)
          .values({
            reportId: report.id,
            regionId: await regionIdOf(tx, input.regionCode),
            metric: input.metric,
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
            periodAsStated: input.periodAsStated ?? null,
            ...input.value,
            note: input.note ?? null,
          })
          .returning();
        await recordAudit(tx, actor, [
          {
            action: 'CREATE',
            entityType: 'RecruitmentFigure',
            entityId: String(created!.id),
            before: null,
            after: snapshot(recruitmentFigures, created!),
          },
        ]);
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
      const { id, expectedVersion: version, regionCode: code, value: newValue, ...rest } = input;
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, recruitmentFigures, 'RecruitmentFigure', id, version);
        const desired = {
          ...rest,
          ...(code !== undefined ? { regionId: await regionIdOf(tx, code) } : {}),
          ...(newValue ?? {}),
        };
        const merged = { ...current, ...given(desired) };
        if (!periodOrder(merged)) {
          throw new ValidationError([
            { path: ['input', 'periodEnd'], message: `must not be before periodStart (${merged.periodStart})` },
          ]);
        }
        await updateVersioned(tx, actor, recruitmentFigures, 'RecruitmentFigure', current, changedFields(current, desired));
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
        await tx.delete(recruitmentFigures).where(eq(recruitmentFigures.id, current.id));
        await recordAudit(tx, actor, [
          {
            action: 'DELETE',
            entityType: 'RecruitmentFigure',
            entityId: String(current.id),
            before: snapshot(recruitmentFigures, current),
            after: null,
          },
        ]);
      });
      return encodeGlobalID('RecruitmentFigure', input.id);
    },
  }),
}));
