// createCoercionFactor, updateCoercionFactor, deleteCoercionFactor, and the links of a factor to the
// reports that describe it and the regions it applies to.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { coercionCategory } from '../../db/schema.js';
import { createFactor, deleteFactor, FACTOR_LINKS, linkFactor, unlinkFactor, updateFactor, type LinkKind } from '../../store/factor.js';
import type { Writer } from '../../store/writer.js';
import { DatePrecision } from '../dataset-enums.js';
import { CoercionCategory, CoercionFactor } from '../factor.js';
import { expectedVersion, globalId, regionCode, slug, text, validated } from './inputs.js';
import { deleteResult, writeResult, writeTransaction } from './write.js';

const category = z.enum(coercionCategory.enumValues);
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
  effectiveFromPrecision: z.enum(['DAY', 'MONTH', 'QUARTER', 'YEAR']).nullish().transform((v) => v ?? undefined),
  affectedGroups: affectedGroups.nullish(),
  note: text(10_000).nullish(),
  reports: z.array(globalId('Report')).max(100).nullish(),
  regionCodes: z.array(regionCode).max(50).nullish(),
});

const updateSchema = z.object({
  id: globalId('CoercionFactor'),
  expectedVersion,
  slug: slug.optional(),
  title: text(300).optional(),
  description: text(10_000).optional(),
  category: category.optional(),
  effectiveFrom: z.string().nullish(),
  effectiveFromPrecision: z.enum(['DAY', 'MONTH', 'QUARTER', 'YEAR']).nullish().transform((v) => v ?? undefined),
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

const factorResult = writeResult('coercion factor', 'coercionFactor');

/** A link or unlink mutation: the same authorization, checks, audit and result for either end, either way. */
interface LinkMutation {
  input: typeof LinkCoercionFactorToReportInput | typeof LinkCoercionFactorToRegionInput;
  description: string;
  verb: 'linked' | 'unlinked';
  /** makes the change from the validated input; returns the factor's id */
  apply: (w: Writer, input: unknown) => Promise<number>;
}

/** An end a factor links to: the store's kind of link, and the factor and that end read from the input. */
interface LinkEnd<Ref> {
  kind: LinkKind<Ref>;
  ends(input: unknown): readonly [factor: number, ref: Ref];
}

const reportEnd: LinkEnd<number> = {
  kind: FACTOR_LINKS.report,
  ends: (input) => {
    const { factor, report } = validated(reportLinkSchema, input);
    return [factor, report];
  },
};
const regionEnd: LinkEnd<string> = {
  kind: FACTOR_LINKS.region,
  ends: (input) => {
    const { factor, regionCode } = validated(regionLinkSchema, input);
    return [factor, regionCode];
  },
};

function linkMutation<Ref>(input: LinkMutation['input'], description: string, run: typeof linkFactor, end: LinkEnd<Ref>): LinkMutation {
  return {
    input,
    description,
    verb: run === unlinkFactor ? 'unlinked' : 'linked',
    apply: (w, raw) => run(w, end.kind, ...end.ends(raw)),
  };
}

const LINK_MUTATIONS: Record<string, LinkMutation> = {
  linkCoercionFactorToReport: linkMutation(
    LinkCoercionFactorToReportInput,
    'Records that a report describes a coercion factor (EDITOR or ADMIN). A link that exists already is a ConflictError.',
    linkFactor,
    reportEnd,
  ),
  unlinkCoercionFactorFromReport: linkMutation(
    UnlinkCoercionFactorFromReportInput,
    'Removes the link between a coercion factor and a report (EDITOR or ADMIN).',
    unlinkFactor,
    reportEnd,
  ),
  linkCoercionFactorToRegion: linkMutation(
    LinkCoercionFactorToRegionInput,
    'Records that a coercion factor applies to a region (EDITOR or ADMIN). A link that exists already is a ConflictError.',
    linkFactor,
    regionEnd,
  ),
  unlinkCoercionFactorFromRegion: linkMutation(
    UnlinkCoercionFactorFromRegionInput,
    'Removes the link between a coercion factor and a region (EDITOR or ADMIN).',
    unlinkFactor,
    regionEnd,
  ),
};

builder.mutationFields((t) => ({
  createCoercionFactor: t.drizzleField({
    type: CoercionFactor,
    authScopes: { editor: true },
    description: 'Adds a coercion factor, with its links (EDITOR or ADMIN).',
    args: { input: t.arg({ type: CreateCoercionFactorInput, required: true }) },
    errors: factorResult('created'),
    resolve: async (query, _root, args, ctx) => {
      const { reports, regionCodes, ...fields } = validated(createSchema, args.input);
      const links = { reportIds: reports ?? [], regionCodes: regionCodes ?? [] };
      const { value: { id } } = await writeTransaction(ctx, (w) => createFactor(w, fields, links));
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
      const { id, expectedVersion: version, ...changes } = validated(updateSchema, args.input);
      await writeTransaction(ctx, (w) => updateFactor(w, id, version, changes));
      return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id } })))!;
    },
  }),

  deleteCoercionFactor: t.id({
    authScopes: { editor: true },
    description:
      'Deletes a coercion factor and its links (EDITOR or ADMIN); an admin can put both back with restoreFromAudit on the factor entry.',
    args: { input: t.arg({ type: DeleteCoercionFactorInput, required: true }) },
    errors: deleteResult('coercion factor', 'factor', 'The coercion factor and its links were deleted.'),
    resolve: async (_root, args, ctx) => {
      const input = validated(deleteSchema, args.input);
      await writeTransaction(ctx, (w) => deleteFactor(w, input.id, input.expectedVersion));
      return encodeGlobalID('CoercionFactor', input.id);
    },
  }),

  ...Object.fromEntries(
    Object.entries(LINK_MUTATIONS).map(([name, m]) => [
      name,
      t.drizzleField({
        type: CoercionFactor,
        authScopes: { editor: true },
        description: m.description,
        args: { input: t.arg({ type: m.input, required: true }) },
        errors: factorResult(m.verb),
        resolve: async (query, _root, args, ctx) => {
          const { value: id } = await writeTransaction(ctx, (w) => m.apply(w, args.input));
          return (await ctx.db.query.coercionFactors.findFirst(query({ where: { id } })))!;
        },
      }),
    ]),
  ),
}));
