// createRecruitmentFigure, updateRecruitmentFigure, deleteRecruitmentFigure.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder, type PothosTypes } from '../../builder.js';
import { recruitmentMetric } from '../../db/schema.js';
import { figureRangeProblem } from '../../domain/figure-range.js';
import { createFigure, deleteFigure, updateFigure } from '../../store/figure.js';
import { DatePrecision, PeriodKind, Unit } from '../dataset-enums.js';
import { RecruitmentFigure, RecruitmentMetric } from '../figure.js';
import {
  expectedVersion,
  globalId,
  PERIOD_ISSUE,
  periodCheck,
  QualifiedNumberInput,
  regionCode,
  text,
  validated,
  type QualifiedNumberValue,
} from './inputs.js';
import { deleteResult, writeResult, writeTransaction } from './write.js';

/** A percentage metric bounds the value tighter than a count (src/domain/figure-range.ts). */
function inRange(input: { metric?: string | undefined; value?: QualifiedNumberValue | undefined }, ctx: z.RefinementCtx) {
  const problem = input.value ? figureRangeProblem(input.metric, input.value) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: ['value', problem.field] });
}

// The value arrives already checked and with its bounds (QualifiedNumberInput's own schema).
const value = z.custom<QualifiedNumberValue>((v) => typeof v === 'object' && v !== null);
const metric = z.enum(recruitmentMetric.enumValues);

const variantSchema = z.object({
  publicationUrl: z.string().min(1, 'must not be empty').max(2000),
  value,
  periodAsStated: text(200).nullish(),
  note: text(10_000).nullish(),
});
const variants = z
  .array(variantSchema)
  .max(100, 'at most 100 variants')
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((v, i) => {
      const first = seen.get(v.publicationUrl);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'publicationUrl'], message: `same publication as variants[${first}]: one variant per publication` });
      } else seen.set(v.publicationUrl, i);
    });
  });

// unit, period kind and precisions cannot be cleared: left out (or null) they keep their value, or on
// create take the metric's default unit, FLOW and DAY
const datasetFields = {
  unit: z.string().nullish().transform((v) => v ?? undefined),
  periodKind: z.string().nullish().transform((v) => v ?? undefined),
  periodStartPrecision: z.string().nullish().transform((v) => v ?? undefined),
  periodEndPrecision: z.string().nullish().transform((v) => v ?? undefined),
  attributedTo: text(1000).nullish(),
  quote: text(10_000).nullish(),
  quoteEn: text(10_000).nullish(),
  variants: variants.nullish(),
};

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
  })
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
    ...datasetFields,
  })
  .superRefine(inRange);

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

/** The figure's dataset fields (unit, period kind and precisions, provenance, variants): optional in both inputs. */
function datasetInputFields(t: PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, 'InputObject'>) {
  return {
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
  };
}

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
    ...datasetInputFields(t),
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
    ...datasetInputFields(t),
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

const figureResult = writeResult('figure', 'recruitmentFigure');

builder.mutationFields((t) => ({
  createRecruitmentFigure: t.drizzleField({
    type: RecruitmentFigure,
    authScopes: { editor: true },
    description: 'Adds a figure to a report (EDITOR or ADMIN).',
    args: { input: t.arg({ type: CreateRecruitmentFigureInput, required: true }) },
    errors: figureResult('created'),
    resolve: async (query, _root, args, ctx) => {
      const { report, ...fields } = validated(createSchema, args.input);
      const { value: { id } } = await writeTransaction(ctx, (w) => createFigure(w, report, fields as never));
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
      const { id, expectedVersion: version, ...changes } = validated(updateSchema, args.input);
      await writeTransaction(ctx, (w) => updateFigure(w, id, version, changes as never));
      return (await ctx.db.query.recruitmentFigures.findFirst(query({ where: { id } })))!;
    },
  }),

  deleteRecruitmentFigure: t.id({
    authScopes: { editor: true },
    description: 'Deletes a figure (EDITOR or ADMIN); an admin can put it back with restoreFromAudit.',
    args: { input: t.arg({ type: DeleteRecruitmentFigureInput, required: true }) },
    errors: deleteResult('figure', 'figure', 'The figure was deleted.'),
    resolve: async (_root, args, ctx) => {
      const input = validated(deleteSchema, args.input);
      await writeTransaction(ctx, (w) => deleteFigure(w, input.id, input.expectedVersion));
      return encodeGlobalID('RecruitmentFigure', input.id);
    },
  }),
}));
