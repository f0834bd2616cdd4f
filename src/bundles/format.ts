// The report bundle: one JSON file per report holding the report, its figures and its coercion factors.
// This zod schema is the format's single definition; schema/report-bundle.schema.json is generated from
// it (npm run bundle:jsonschema) so that editors get completion. Everything that can be checked without
// the database is checked here, so the GraphQL import and the seed refuse the same bundles.
import { z } from 'zod';
import { parseDate, periodInOrder } from '../domain/dates.js';
import { BoundsError, deriveBounds, QUALIFIERS } from '../domain/bounds.js';
import { figureRangeProblem, MAX_FIGURE_COUNT } from '../domain/figure-range.js';
import { isBlank, textProblem } from '../domain/text.js';
import { coercionCategory, recruitmentMetric } from '../db/schema.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const slug = z
  .string()
  .regex(KEBAB, 'must be kebab-case: lowercase letters and digits separated by single hyphens')
  .max(120)
  .meta({ description: 'stable, URL-safe identifier in kebab-case, e.g. nrc-2024-occupied-recruitment' });

/**
 * Text that says something, at most `max` characters (the same caps as the API's inputs); text of
 * only white space or zero-width characters is empty, and U+0000 or a lone surrogate is refused.
 */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value) ?? (isBlank(value) ? 'must not be empty (it holds only invisible characters)' : null);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
/** Short text: a name, an outlet, a figure as worded. */
const line = text(500);
/** Long text: a summary, a description, a note. */
const prose = text(10_000);

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((v) => parseDate(v) !== null, 'must be a real calendar date')
  .meta({ format: 'date' });

const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

const language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag, e.g. en or uk')
  .meta({ description: 'BCP 47 language tag, e.g. en, uk' });

const regionCode = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be a region code such as UA-23 or UA-TOT')
  .meta({ description: 'ISO 3166-2 code of the region (UA-14, UA-09, UA-23, UA-65, UA-43, UA-40) or UA-TOT' });

const nonNegative = z.number().finite().min(0, 'must not be negative').max(MAX_FIGURE_COUNT, `must be at most ${MAX_FIGURE_COUNT}`);

/** A period within which [start, end] must be ordered; the issue lands on the end. */
function periodOrdered(startKey: string, endKey: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[startKey];
    const end = value[endKey];
    if (typeof start === 'string' && typeof end === 'string' && parseDate(start) && parseDate(end) && !periodInOrder(start, end)) {
      ctx.addIssue({ code: 'custom', path: [endKey], message: `${endKey} ${end} is before ${startKey} ${start}` });
    }
  };
}

export const publicationSchema = z
  .strictObject({
    outlet: line.meta({ description: 'who published or relayed the report, e.g. 112.ua' }),
    url: url.meta({ description: 'address of this publication' }),
    publishedOn: date.optional(),
    language: language.optional(),
    note: prose.optional(),
  })
  .meta({ description: 'A place where the report was published or relayed.' });

export const reportSchema = z
  .strictObject({
    slug,
    title: line,
    publisher: line.meta({ description: 'the organisation that issued the report, e.g. National Resistance Center' }),
    publishedOn: date.optional(),
    sourceUrl: url.optional(),
    language,
    periodStart: date.optional().meta({ description: 'start of the period the report covers' }),
    periodEnd: date.optional().meta({ description: 'end of the period the report covers' }),
    summary: prose.optional(),
    note: prose.optional().meta({ description: 'how the source was read and what it leaves open' }),
    publications: z.array(publicationSchema).optional(),
  })
  .superRefine(periodOrdered('periodStart', 'periodEnd'))
  .superRefine((report, ctx) => {
    const seen = new Map<string, number>();
    report.publications?.forEach((p, i) => {
      if (typeof p?.url !== 'string') return;
      const first = seen.get(p.url);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['publications', i, 'url'], message: `same URL as publications[${first}]` });
      } else seen.set(p.url, i);
    });
  })
  .meta({ description: 'The report: who issued it, where it can be read, and what period it covers.' });

export const qualifiedValueSchema = z
  .strictObject({
    best: nonNegative.meta({ description: 'the number the source gives, e.g. 330 for "over 330", 9600 for "9.6 thousand"' }),
    qualifier: z.enum(QUALIFIERS, {
      error: () => `must be one of ${QUALIFIERS.join(', ')}`,
    }),
    asStated: line.meta({ description: 'the figure worded as in the source, e.g. "over 330"' }),
    low: nonNegative.nullable().optional().meta({
      description: 'explicit lower bound; omit to derive it from the qualifier (docs/bounds.md), null for unbounded',
    }),
    high: nonNegative.nullable().optional().meta({
      description: 'explicit upper bound; omit to derive it from the qualifier (docs/bounds.md), null for unbounded',
    }),
    precision: z.number().finite().positive('must be positive').optional().meta({
      description: 'unit of the last stated digit (100 for "9.6 thousand"); widens EXACT/APPROXIMATELY bounds to ± precision/2',
    }),
  })
  .superRefine((value, ctx) => {
    if (typeof value.best !== 'number' || !QUALIFIERS.includes(value.qualifier)) return;
    try {
      deriveBounds(value.qualifier, value.best, value);
    } catch (error) {
      if (!(error instanceof BoundsError)) throw error;
      ctx.addIssue({ code: 'custom', path: [error.field], message: error.message });
    }
  })
  .meta({ description: 'A number as its source states it; low/high follow from the qualifier unless given.' });

export const figureSchema = z
  .strictObject({
    regionCode,
    metric: z.enum(recruitmentMetric.enumValues, {
      error: () => `must be one of ${recruitmentMetric.enumValues.join(', ')}`,
    }),
    periodStart: date,
    periodEnd: date,
    periodAsStated: line.optional().meta({ description: "the period in the source's words, e.g. 'first 11 months of 2024'" }),
    value: qualifiedValueSchema,
    note: prose.optional().meta({ description: 'how the figure was read: which period, a percentage of what' }),
  })
  .superRefine(periodOrdered('periodStart', 'periodEnd'))
  .superRefine((figure, ctx) => {
    const problem = figure.value ? figureRangeProblem(figure.metric, figure.value) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['value', problem.field], message: problem.message });
  })
  .meta({ description: 'One figure the report states for one region, metric and period.' });

export const coercionFactorSchema = z
  .strictObject({
    slug,
    title: line,
    description: prose,
    category: z.enum(coercionCategory.enumValues, {
      error: () => `must be one of ${coercionCategory.enumValues.join(', ')}`,
    }),
    effectiveFrom: date.optional().meta({ description: 'the date from which it applies, where the source gives one' }),
    affectedGroups: z.array(line).default([]).meta({ description: 'groups of people it bears on most' }),
    regionCodes: z
      .array(regionCode)
      .default([])
      .meta({ description: 'regions it applies to; empty (the default) for all occupied territories' }),
    note: prose.optional(),
  })
  .superRefine((factor, ctx) => {
    const seen = new Set<string>();
    factor.regionCodes?.forEach((code, i) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path: ['regionCodes', i], message: `${code} is listed twice` });
      seen.add(code);
    });
  })
  .meta({
    description:
      'A pressure towards enlistment that the report describes. Factors are shared between reports by slug: describe a shared factor identically in every bundle.',
  });

/** The identity of a figure within its report: one value per region, metric and period. */
export function figureKey(f: { regionCode: string; metric: string; periodStart: string; periodEnd: string }): string {
  return `${f.regionCode}|${f.metric}|${f.periodStart}|${f.periodEnd}`;
}

export const reportBundleSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'path or URL of this JSON Schema, for editors' }),
    report: reportSchema,
    figures: z.array(figureSchema),
    coercionFactors: z.array(coercionFactorSchema).default([]),
  })
  .superRefine((bundle, ctx) => {
    const figures = new Map<string, number>();
    bundle.figures?.forEach((f, i) => {
      if (!f || typeof f.regionCode !== 'string' || typeof f.periodStart !== 'string') return;
      const key = figureKey(f);
      const first = figures.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['figures', i],
          message: `duplicates figures[${first}]: one value per region, metric and period (${f.regionCode}, ${f.metric}, ${f.periodStart}..${f.periodEnd})`,
        });
      } else figures.set(key, i);
    });
    const factors = new Map<string, number>();
    bundle.coercionFactors?.forEach((f, i) => {
      if (typeof f?.slug !== 'string') return;
      const first = factors.get(f.slug);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['coercionFactors', i, 'slug'], message: `same slug as coercionFactors[${first}]` });
      } else factors.set(f.slug, i);
    });
  })
  .meta({
    title: 'Report bundle',
    description: 'One report with the figures it states and the coercion factors it describes (docs/bundles.md).',
  });

export type ReportBundle = z.infer<typeof reportBundleSchema>;
export type BundleFigure = ReportBundle['figures'][number];
export type BundleFactor = ReportBundle['coercionFactors'][number];
export type BundlePublication = NonNullable<ReportBundle['report']['publications']>[number];

/** The JSON Schema of a bundle file (what an editor may write: defaults make keys optional). */
export function bundleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportBundleSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}

/** The text committed at schema/report-bundle.schema.json; a test fails when the file drifts from it. */
export function bundleJsonSchemaText(): string {
  return `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
}
