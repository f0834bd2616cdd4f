// Rules shared by the mutation inputs, as zod schemas the validation plugin runs (after authorization,
// see src/auth/input-guard-plugin.ts). Each failure names the field it concerns.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BoundsError, deriveBounds, type Qualifier as QualifierValue } from '../../domain/bounds.js';
import { periodInOrder } from '../../domain/dates.js';
import { parseDatabaseId } from '../../domain/ids.js';
import { MAX_FIGURE_COUNT } from '../../domain/figure-range.js';
import { textField } from '../../domain/text.js';
import { Qualifier } from '../figure.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export const slug = z
  .string()
  .max(100, 'must be at most 100 characters')
  .regex(SLUG, 'must be lowercase letters and digits in groups joined by single hyphens, e.g. nrc-2024-11');

/** Text that must say something (src/domain/text.ts: the same rule as the bundles'). */
export const text = textField;

export const language = z.string().regex(LANGUAGE, 'must be a BCP 47 language tag, e.g. uk or en-GB');

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);

export const regionCode = z.string().min(1, 'must not be empty').max(20);

/** A Relay global ID of `typename`, decoded to the row id. */
export function globalId(typename: string) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    try {
      const decoded = decodeGlobalID(String(value));
      const id = decoded.typename === typename ? parseDatabaseId(decoded.id) : null;
      if (id !== null) return id;
    } catch {
      // falls through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: `must be the ID of a ${typename}` });
    return z.NEVER;
  });
}

export const expectedVersion = z.number().int().positive('must be the version you read (1 or more)');

/** A period whose end is not before its start (either may be left out): `.refine(periodCheck, PERIOD_ISSUE)`. */
export const periodCheck = (v: { periodStart?: string | null; periodEnd?: string | null }) => periodInOrder(v.periodStart, v.periodEnd);
export const PERIOD_ISSUE = { message: 'must not be before periodStart', path: ['periodEnd'] };

/**
 * A mutation's input as its zod schema left it. The validation plugin runs the input type's schema
 * before the resolver and hands it the schema's output (IDs decoded, text trimmed, bounds derived),
 * but Pothos types the argument from the GraphQL fields: this is the one place that says otherwise.
 */
export function validated<S extends z.ZodType>(_schema: S, input: unknown): z.output<S> {
  return input as z.output<S>;
}

export interface QualifiedNumberValue {
  best: number;
  qualifier: QualifierValue;
  asStated: string;
  low: number | null;
  high: number | null;
}

const qualifiedNumberSchema = z
  .object({
    best: z.number().finite().max(MAX_FIGURE_COUNT, `must be at most ${MAX_FIGURE_COUNT}`),
    qualifier: z.string(),
    asStated: text(200),
    low: z.number().finite().max(MAX_FIGURE_COUNT, `must be at most ${MAX_FIGURE_COUNT}`).nullish(),
    high: z.number().finite().max(MAX_FIGURE_COUNT, `must be at most ${MAX_FIGURE_COUNT}`).nullish(),
    precision: z.number().finite().nullish(),
  })
  .transform((v, ctx): QualifiedNumberValue => {
    try {
      // Bounds come from the one module that bundles use too: a figure means the same however it arrived.
      const { low, high } = deriveBounds(v.qualifier as QualifierValue, v.best, {
        ...(v.low !== undefined ? { low: v.low } : {}),
        ...(v.high !== undefined ? { high: v.high } : {}),
        precision: v.precision ?? null,
      });
      return { best: v.best, qualifier: v.qualifier as QualifierValue, asStated: v.asStated, low, high };
    } catch (error) {
      if (!(error instanceof BoundsError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, path: [error.field] });
      return z.NEVER;
    }
  });

export const QualifiedNumberInput = builder.inputType('QualifiedNumberInput', {
  description:
    'A number as the source states it. The bounds follow from the qualifier (see docs/bounds.md) unless given: low and high are needed for a RANGE, and override the derived bound on their side otherwise.',
  fields: (t) => ({
    best: t.float({ required: true, description: 'the number the source gives' }),
    qualifier: t.field({ type: Qualifier, required: true, description: 'how the source qualifies it' }),
    asStated: t.string({ required: true, description: "the figure as worded in the source, e.g. 'over 330'" }),
    low: t.float({ required: false, description: 'an explicit lower bound; null for unbounded' }),
    high: t.float({ required: false, description: 'an explicit upper bound; null for unbounded' }),
    precision: t.float({
      required: false,
      description: 'the unit of the last stated digit, e.g. 100 for "9.6 thousand" (EXACT and APPROXIMATELY only)',
    }),
  }),
  validate: qualifiedNumberSchema,
});
