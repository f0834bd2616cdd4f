// createCoercionFactor, updateCoercionFactor, deleteCoercionFactor, and the links of a factor to the
// reports that describe it and the regions it applies to.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, snapshot, type AuditChange, type Tx } from '../../audit/record.js';
import { builder } from '../../builder.js';
import { coercionCategory, coercionFactorRegions, coercionFactorReports, coercionFactors, regions, reports } from '../../db/schema.js';
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from '../../domain/errors.js';
import { startPrecisionProblem, type DatePrecision as Precision } from '../../domain/precision.js';
import { DatePrecision } from '../dataset-enums.js';
import { CoercionCategory, CoercionFactor } from '../factor.js';
import { expectedVersion, globalId, regionCode, slug, text } from './inputs.js';
import { changedFields, lockForWrite, updateVersioned, writeTransaction } from './write.js';

const category = z.enum(coercionCategory.enumValues);

/** A date coarser than a day from which a factor applies must be the first day of its month/quarter/year. */
function effectiveFromProblem(v: { effectiveFrom?: string | null; effectiveFromPrecision?: string | null }): string | null {
  return v.effectiveFrom ? startPrecisionProblem(v.effectiveFrom, (v.effectiveFromPrecision ?? 'DAY') as Precision) : null;
}
const affectedGroups = z
  .array(text(200))
  .max(50, 'at most 50 groups')
  .refine((groups) => new Set(groups).size === groups.length, 'lists a group twice');

const createSchema = z.object({
  slug,
  title: text(300),
  description: text(10_000),
  category,
  effectiveFrom: z.string().nullish(),
  effectiveFromPrecision: z.enum(['DAY', 'MONTH', 'QUARTER', 'YEAR']).nullish(),
  affectedGroups: affectedGroups.nullish(),
  note: text(10_000).nullish(),
  reports: z.array(globalId('Report')).max(100).nullish(),
  regionCodes: z.array(regionCode).max(50).nullish(),
}).superRefine((v, ctx) => {
  const problem = effectiveFromProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: problem });
});

const updateSchema = z.object({
  id: globalId('CoercionFactor'),
  expectedVersion,
  slug: slug.optional(),
  title: text(300).optional(),
  description: text(10_000).optional(),
  category: category.optional(),
  effectiveFrom: z.string().nullish(),
  effectiveFromPrecision: z.enum(['DAY', 'MONTH', 'QUARTER', 'YEAR']).nullish(),
  affectedGroups: affectedGroups.optional(),
  note: text(10_000).nullish(),
});

const deleteSchema = z.object({ id: globalId('CoercionFactor'), expectedVersion });
const reportLinkSchema = z.object({ factor: globalId('CoercionFactor'), report: globalId('Report') });
const regionLinkSchema = z.object({ factor: globalId('CoercionFactor'), regionCode });

export const CreateCoercionFactorInput = builder.inputType('CreateCoercionFactorInput', {
  description: 'A new coercion factor, optionally linked at once to the reports that describe it and the regions it applies to.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'stable, URL-safe identifier' }),
    title: t.string({ required: true, description: 'a short name for the pressure' }),
    description: t.string({ required: true, description: 'what the pressure is, as the reports describe it' }),
    category: t.field({ type: CoercionCategory, required: true, description: 'the kind of pressure' }),
    effectiveFrom: t.field({ type: 'Date', required: false, description: 'the date from which it applies, where a source gives one' }),
    effectiveFromPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly the source dates effectiveFrom (DAY if not given)' }),
    affectedGroups: t.stringList({ required: false, description: 'groups of people it bears on most' }),
    note: t.string({ required: false, description: "the editors' notes" }),
    reports: t.idList({ required: false, description: 'IDs of the reports that describe it' }),
    regionCodes: t.stringList({ required: false, description: 'the regions it applies to; none for all occupied territories' }),
  }),
  validate: createSchema,
});

export const UpdateCoercionFactorInput = builder.inputType('UpdateCoercionFactorInput', {
  description:
    'Changes to a coercion factor. Fields left out stay as they are; null clears an optional field. Links change through the link and unlink mutations. Refused (StaleWriteError) unless expectedVersion is the version stored.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'the factor to change' }),
    expectedVersion: t.int({ required: true, description: 'the CoercionFactor.version you read' }),
    slug: t.string({ required: false, description: 'a new slug (links to the old one stop working)' }),
    title: t.string({ required: false, description: 'a short name for the pressure' }),
    description: t.string({ required: false, description: 'what the pressure is, as the reports describe it' }),
    category: t.field({ type: CoercionCategory, required: false, description: 'the kind of pressure' }),
    effectiveFrom: t.field({ type: 'Date', required: false, description: 'the date from which it applies; null if none is given' }),
    effectiveFromPrecision: t.field({ type: DatePrecision, required: false, description: 'how exactly the source dates effectiveFrom' }),
    affectedGroups: t.stringList({ required: false, description: 'replaces the whole list' }),
    note: t.string({ required: false, description: "the editors' notes" }),
  }),
  validate: updateSchema,
});

export const DeleteCoercionFactorInput = builder.inputType('DeleteCoercionFactorInput', {
  description: 'A coercion factor to delete, with the version you read.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'the factor to delete' }),
    expectedVersion: t.int({ required: true, description: 'the CoercionFactor.version you read' }),
  }),
  validate: deleteSchema,
});

const ReportLinkInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      factor: t.id({ required: true, description: 'the coercion factor' }),
      report: t.id({ required: true, description: 'the report' }),
    }),
    validate: reportLinkSchema,
  });

const RegionLinkInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      factor: t.id({ required: true, description: 'the coercion factor' }),
      regionCode: t.string({ required: true, description: 'the region, by ISO 3166-2 code or UA-TOT' }),
    }),
    validate: regionLinkSchema,
  });

export const LinkCoercionFactorToReportInput = ReportLinkInput('LinkCoercionFactorToReportInput', 'A report that describes a coercion factor.');
export const UnlinkCoercionFactorFromReportInput = ReportLinkInput(
  'UnlinkCoercionFactorFromReportInput',
  'A report that no longer counts as describing a coercion factor.',
);
export const LinkCoercionFactorToRegionInput = RegionLinkInput('LinkCoercionFactorToRegionInput', 'A region a coercion factor applies to.');
export const UnlinkCoercionFactorFromRegionInput = RegionLinkInput(
  'UnlinkCoercionFactorFromRegionInput',
  'A region a coercion factor no longer applies to.',
);

async function regionIdsOf(tx: Tx, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.code, codes));
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  const missing = codes.find((c) => !ids.has(c));
  if (missing) throw new NotFoundError('Region', missing);
  return ids;
}

async function requireFactor(tx: Tx, id: number): Promise<void> {
  const [row] = await tx.select({ id: coercionFactors.id }).from(coercionFactors).where(eq(coercionFactors.id, id));
  if (!row) throw new NotFoundError('CoercionFactor', encodeGlobalID('CoercionFactor', id));
}

async function requireReports(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.select({ id: reports.id }).from(reports).where(inArray(reports.id, ids));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new NotFoundError('Report', encodeGlobalID('Report', missing));
}

const factorResult = (verb: string) => ({
  types: [ValidationError, NotFoundError, ConflictError, StaleWriteError],
  union: { description: `The ${verb} coercion factor, or why nothing was written.` },
  result: { description: `The coercion factor was ${verb}.` },
  dataField: { name: 'coercionFactor', description: `the coercion factor as ${verb}` },
});

const linkChange = (
  action: 'CREATE' | 'DELETE',
  entityType: 'CoercionFactorReport' | 'CoercionFactorRegion',
  row: { factorId: number; reportId: number } | { factorId: number; regionId: number },
): AuditChange => {
  const table = entityType === 'CoercionFactorReport' ? coercionFactorReports : coercionFactorRegions;
  const other = 'reportId' in row ? row.reportId : row.regionId;
  const json = snapshot(table, row);
  return {
    action,
    entityType,
    entityId: `${row.factorId}:${other}`,
    before: action === 'DELETE' ? json : null,
    after: action === 'CREATE' ? json : null,
  };
};

builder.mutationFields((t) => ({
  createCoercionFactor: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Adds a coercion factor, with its links (EDITOR or ADMIN).',
    args: { input: t.arg({ type: CreateCoercionFactorInput, required: true }) },
    errors: factorResult('created'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof createSchema>;
      const reportIds = [...new Set(input.reports ?? [])];
      const codes = [...new Set(input.regionCodes ?? [])];
      const id = await writeTransaction(ctx, async (tx, actor) => {
        await requireReports(tx, reportIds);
        const regionIds = await regionIdsOf(tx, codes);
        const [created] = await tx
          .insert(coercionFactors)
          .values({
            slug: input.slug,
            title: input.title,
            description: input.description,
            category: input.category,
            effectiveFrom: input.effectiveFrom ?? null,
            effectiveFromPrecision: input.effectiveFromPrecision ?? 'DAY',
            affectedGroups: input.affectedGroups ?? [],
            note: input.note ?? null,
          })
          .returning();
        const factorId = created!.id;
        const changes: AuditChange[] = [
          { action: 'CREATE', entityType: 'CoercionFactor', entityId: String(factorId), before: null, after: snapshot(coercionFactors, created!) },
        ];
        if (reportIds.length) {
          const rows = await tx.insert(coercionFactorReports).values(reportIds.map((reportId) => ({ factorId, reportId }))).returning();
          changes.push(...rows.map((r) => linkChange('CREATE', 'CoercionFactorReport', r)));
        }
        if (regionIds.size) {
          const rows = await tx
            .insert(coercionFactorRegions)
            .values([...regionIds.values()].map((regionId) => ({ factorId, regionId })))
            .returning();
          changes.push(...rows.map((r) => linkChange('CREATE', 'CoercionFactorRegion', r)));
        }
        await recordAudit(tx, actor, changes);
        return factorId;
      });
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id } })))!;
    },
  }),

  updateCoercionFactor: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Corrects a coercion factor (EDITOR or ADMIN). Only the fields given change; the version goes up by one.',
    args: { input: t.arg({ type: UpdateCoercionFactorInput, required: true }) },
    errors: factorResult('updated'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof updateSchema>;
      const { id, expectedVersion: version, ...rest } = input;
      const changes = { ...rest, effectiveFromPrecision: rest.effectiveFromPrecision ?? undefined };
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, coercionFactors, 'CoercionFactor', id, version);
        const problem = effectiveFromProblem({ ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) });
        if (problem) throw new ValidationError([{ path: ['input', 'effectiveFrom'], message: problem }]);
        await updateVersioned(tx, actor, coercionFactors, 'CoercionFactor', current, changedFields(current, changes));
      });
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id } })))!;
    },
  }),

  deleteCoercionFactor: t.id({
    authScopes: { editor: true },
    description:
      'Deletes a coercion factor and its links (EDITOR or ADMIN); an admin can put both back with restoreFromAudit on the factor entry.',
    args: { input: t.arg({ type: DeleteCoercionFactorInput, required: true }) },
    errors: {
      types: [ValidationError, NotFoundError, ConflictError, StaleWriteError],
      union: { description: 'The ID of the deleted coercion factor, or why nothing was deleted.' },
      result: { description: 'The coercion factor and its links were deleted.' },
      dataField: { name: 'deletedId', description: 'the global ID the factor had' },
    },
    resolve: async (_root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof deleteSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        const current = await lockForWrite(tx, coercionFactors, 'CoercionFactor', input.id, input.expectedVersion);
        const reportLinks = await tx.delete(coercionFactorReports).where(eq(coercionFactorReports.factorId, current.id)).returning();
        const regionLinks = await tx.delete(coercionFactorRegions).where(eq(coercionFactorRegions.factorId, current.id)).returning();
        await tx.delete(coercionFactors).where(eq(coercionFactors.id, current.id));
        await recordAudit(tx, actor, [
          { action: 'DELETE', entityType: 'CoercionFactor', entityId: String(current.id), before: snapshot(coercionFactors, current), after: null },
          ...reportLinks.map((l) => linkChange('DELETE', 'CoercionFactorReport', l)),
          ...regionLinks.map((l) => linkChange('DELETE', 'CoercionFactorRegion', l)),
        ]);
      });
      return encodeGlobalID('CoercionFactor', input.id);
    },
  }),

  linkCoercionFactorToReport: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Records that a report describes a coercion factor (EDITOR or ADMIN). A link that exists already is a ConflictError.',
    args: { input: t.arg({ type: LinkCoercionFactorToReportInput, required: true }) },
    errors: factorResult('linked'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof reportLinkSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        await requireFactor(tx, input.factor);
        await requireReports(tx, [input.report]);
        const [row] = await tx.insert(coercionFactorReports).values({ factorId: input.factor, reportId: input.report }).returning();
        await recordAudit(tx, actor, [linkChange('CREATE', 'CoercionFactorReport', row!)]);
      });
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id: input.factor } })))!;
    },
  }),

  unlinkCoercionFactorFromReport: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Removes the link between a coercion factor and a report (EDITOR or ADMIN).',
    args: { input: t.arg({ type: UnlinkCoercionFactorFromReportInput, required: true }) },
    errors: factorResult('unlinked'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof reportLinkSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        await requireFactor(tx, input.factor);
        const [row] = await tx
          .delete(coercionFactorReports)
          .where(and(eq(coercionFactorReports.factorId, input.factor), eq(coercionFactorReports.reportId, input.report)))
          .returning();
        if (!row) {
          throw new NotFoundError(
            'CoercionFactorReport',
            `${encodeGlobalID('CoercionFactor', input.factor)} → ${encodeGlobalID('Report', input.report)}`,
            'The coercion factor is not linked to this report.',
          );
        }
        await recordAudit(tx, actor, [linkChange('DELETE', 'CoercionFactorReport', row)]);
      });
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id: input.factor } })))!;
    },
  }),

  linkCoercionFactorToRegion: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Records that a coercion factor applies to a region (EDITOR or ADMIN). A link that exists already is a ConflictError.',
    args: { input: t.arg({ type: LinkCoercionFactorToRegionInput, required: true }) },
    errors: factorResult('linked'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof regionLinkSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        await requireFactor(tx, input.factor);
        const regionId = (await regionIdsOf(tx, [input.regionCode])).get(input.regionCode)!;
        const [row] = await tx.insert(coercionFactorRegions).values({ factorId: input.factor, regionId }).returning();
        await recordAudit(tx, actor, [linkChange('CREATE', 'CoercionFactorRegion', row!)]);
      });
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id: input.factor } })))!;
    },
  }),

  unlinkCoercionFactorFromRegion: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Removes the link between a coercion factor and a region (EDITOR or ADMIN).',
    args: { input: t.arg({ type: UnlinkCoercionFactorFromRegionInput, required: true }) },
    errors: factorResult('unlinked'),
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof regionLinkSchema>;
      await writeTransaction(ctx, async (tx, actor) => {
        await requireFactor(tx, input.factor);
        const regionId = (await regionIdsOf(tx, [input.regionCode])).get(input.regionCode)!;
        const [row] = await tx
          .delete(coercionFactorRegions)
          .where(and(eq(coercionFactorRegions.factorId, input.factor), eq(coercionFactorRegions.regionId, regionId)))
          .returning();
        if (!row) {
          throw new NotFoundError(
            'CoercionFactorRegion',
            `${encodeGlobalID('CoercionFactor', input.factor)} → ${input.regionCode}`,
            'The coercion factor is not linked to this region.',
          );
        }
        await recordAudit(tx, actor, [linkChange('DELETE', 'CoercionFactorRegion', row)]);
      });
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id: input.factor } })))!;
    },
  }),
}));
