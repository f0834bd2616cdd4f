// The report bundle: one JSON file per report holding the report, its figures and its coercion factors.
// This zod schema is the format's single definition; schema/report-bundle.schema.json is generated from
// it (npm run bundle:jsonschema) so that editors get completion. Everything that can be checked without
// the database is checked here, so the GraphQL import and the seed refuse the same bundles.
import { z } from 'zod';
import { parseDate, periodInOrder } from '../domain/dates.js';
import { BoundsError, deriveBounds, QUALIFIERS } from '../domain/bounds.js';
import { figureRangeProblem, MAX_FIGURE_COUNT } from '../domain/figure-range.js';
import { textField } from '../domain/text.js';
import { DATE_PRECISIONS, endPrecisionProblem, startPrecisionProblem, type DatePrecision } from '../domain/precision.js';
import { coercionCategory, periodKind, recruitmentMetric, sourceKind, unit } from '../db/schema.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const slug = z
  .string()
  .regex(KEBAB, 'must be kebab-case: lowercase letters and digits separated by single hyphens')
  .max(120)
  .meta({ description: 'stable, URL-safe identifier in kebab-case, e.g. nrc-2024-occupied-recruitment' });

/** Text that says something, at most `max` characters: the same rule and caps as the API's inputs. */
const text = textField;
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
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,6})?$/, 'must be a region code such as UA-23, UA-TOT, RU or RU-SMD')
  .meta({
    description:
      'code of the region: ISO 3166-2 for oblasts (UA-14, UA-09, UA-23, UA-65, UA-43, UA-40), ISO 3166-1 for a country (RU), or a group (UA-TOT, UA-SOUTH, UA-DONBAS, UA-CRIMEA, RU-SMD)',
  });

/** An enum field whose error lists the allowed values. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => `must be one of ${values.join(', ')}` });
}

const precision = oneOf(DATE_PRECISIONS);

/** A coarse date must be the first day of its month/quarter/year (a start) or the last day (an end). */
function datePrecisionAligned(dateKey: string, precisionKey: string, as: 'start' | 'end') {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const d = value[dateKey];
    const p = (value[precisionKey] ?? 'DAY') as DatePrecision;
    if (typeof d !== 'string' || !parseDate(d) || !DATE_PRECISIONS.includes(p)) return;
    const problem = as === 'start' ? startPrecisionProblem(d, p) : endPrecisionProblem(d, p);
    if (problem) ctx.addIssue({ code: 'custom', path: [dateKey], message: problem });
  };
}

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
    publishedOn: date.optional().meta({ description: 'first day of the day/month/quarter/year of publishedOnPrecision' }),
    publishedOnPrecision: precision.default('DAY').meta({ description: 'how exactly publishedOn is known (default DAY)' }),
    language: language.optional(),
    note: prose.optional(),
  })
  .superRefine(datePrecisionAligned('publishedOn', 'publishedOnPrecision', 'start'))
  .meta({ description: 'A place where the report was published or relayed.' });

export const reportSchema = z
  .strictObject({
    slug,
    title: line,
    publisher: line.meta({ description: 'the organisation that issued the report, e.g. National Resistance Center' }),
    sourceKind: oneOf(sourceKind.enumValues).default('UKRAINIAN_OFFICIAL').meta({
      description:
        'who the report comes from (UKRAINIAN_OFFICIAL, UKRAINIAN_MILITARY, INTERNATIONAL_ORGANISATION, NGO, RESEARCH, MEDIA, RUSSIAN_OFFICIAL); default UKRAINIAN_OFFICIAL, which bundles of format v1 get',
    }),
    speaker: line.optional().meta({
      description: "the person who made the statement, where one is named, e.g. 'Vladyslav Voloshyn, spokesman of the Southern Defence Forces'",
    }),
    publishedOn: date.optional().meta({ description: 'first day of the day/month/quarter/year of publishedOnPrecision' }),
    publishedOnPrecision: precision.default('DAY').meta({ description: 'how exactly publishedOn is known (default DAY)' }),
    sourceUrl: url.optional(),
    language,
    periodStart: date.optional().meta({ description: 'start of the period the report covers' }),
    periodEnd: date.optional().meta({ description: 'end of the period the report covers' }),
    summary: prose.optional(),
    note: prose.optional().meta({ description: 'how the source was read and what it leaves open' }),
    publications: z.array(publicationSchema).optional(),
  })
  .superRefine(periodOrdered('periodStart', 'periodEnd'))
  .superRefine(datePrecisionAligned('publishedOn', 'publishedOnPrecision', 'start'))
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

export const figureVariantSchema = z
  .strictObject({
    publicationUrl: url.meta({ description: "the url of one of the report's publications: the relay that words the figure this way" }),
    value: qualifiedValueSchema,
    periodAsStated: line.optional().meta({ description: "the period in this relay's words, where it differs" }),
    note: prose.optional(),
  })
  .meta({ description: 'How one relay of the report words the figure, where it differs from the wording the figure keeps.' });

export const figureSchema = z
  .strictObject({
    regionCode,
    metric: oneOf(recruitmentMetric.enumValues),
    unit: oneOf(unit.enumValues).optional().meta({
      description: "the unit of the value (PERSONS, PERCENT, RUB, USD); default: the metric's defaultUnit (Query.metrics). It must be one of the metric's allowed units.",
    }),
    periodKind: oneOf(periodKind.enumValues).default('FLOW').meta({
      description:
        'FLOW (what happened between periodStart and periodEnd; the default), CUMULATIVE (a running total from periodStart up to periodEnd, the as-of date) or SNAPSHOT (a state at periodEnd)',
    }),
    periodStart: date.meta({ description: 'first day of the period (of its month/quarter/year when periodStartPrecision is coarser)' }),
    periodStartPrecision: precision.default('DAY').meta({ description: 'how exactly the source dates the start (default DAY)' }),
    periodEnd: date.meta({ description: 'last day of the period, or the as-of date (of its month/quarter/year when periodEndPrecision is coarser)' }),
    periodEndPrecision: precision.default('DAY').meta({ description: 'how exactly the source dates the end (default DAY)' }),
    periodAsStated: line.optional().meta({ description: "the period in the source's words, e.g. 'first 11 months of 2024'" }),
    value: qualifiedValueSchema,
    attributedTo: line.optional().meta({
      description: "who the source says stands behind the figure, where that is not the report's publisher, e.g. 'intelligence documents, confirmed by the Russian side'",
    }),
    quote: prose.optional().meta({ description: "the sentence that states the figure, in the source's language" }),
    quoteEn: prose.optional().meta({ description: 'the same sentence in English, where the source is not in English' }),
    variants: z.array(figureVariantSchema).default([]).meta({
      description: 'how relays of the report word this figure, where they differ: at most one per publication',
    }),
    note: prose.optional().meta({ description: 'how the figure was read: which period, a percentage of what' }),
  })
  .superRefine((figure, ctx) => {
    const { periodStart: start, periodEnd: end } = figure;
    if (typeof start !== 'string' || typeof end !== 'string' || !parseDate(start) || !parseDate(end) || start <= end) return;
    const message =
      figure.periodKind === 'CUMULATIVE'
        ? `a running total cannot start (periodStart ${start}) after its as-of date (periodEnd ${end})`
        : `periodEnd ${end} is before periodStart ${start}`;
    ctx.addIssue({ code: 'custom', path: ['periodEnd'], message });
  })
  .superRefine((figure, ctx) => {
    const problem = figure.value ? figureRangeProblem(figure.metric, figure.value) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['value', problem.field], message: problem.message });
  })
  .superRefine(datePrecisionAligned('periodStart', 'periodStartPrecision', 'start'))
  .superRefine(datePrecisionAligned('periodEnd', 'periodEndPrecision', 'end'))
  .superRefine((figure, ctx) => {
    const seen = new Map<string, number>();
    figure.variants?.forEach((v, i) => {
      if (typeof v?.publicationUrl !== 'string') return;
      const first = seen.get(v.publicationUrl);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'publicationUrl'],
          message: `same publication as variants[${first}]: one variant per publication`,
        });
      } else seen.set(v.publicationUrl, i);
    });
  })
  .meta({ description: 'One figure the report states for one region, metric, unit and period.' });

export const coercionFactorSchema = z
  .strictObject({
    slug,
    title: line,
    description: prose,
    category: oneOf(coercionCategory.enumValues),
    effectiveFrom: date
      .optional()
      .meta({ description: 'the date from which it applies, where the source gives one (first day of its month/quarter/year when coarser)' }),
    effectiveFromPrecision: precision.default('DAY').meta({ description: 'how exactly the source dates effectiveFrom (default DAY)' }),
    affectedGroups: z.array(line).default([]).meta({ description: 'groups of people it bears on most' }),
    regionCodes: z
      .array(regionCode)
      .default([])
      .meta({ description: 'regions it applies to; empty (the default) for all occupied territories' }),
    note: prose.optional(),
  })
  .superRefine(datePrecisionAligned('effectiveFrom', 'effectiveFromPrecision', 'start'))
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

/**
 * The identity of a figure within its report: one value per region, metric, unit and period. A unit left
 * to the metric's default counts as that default only once the definitions are read (src/bundles/apply.ts);
 * here it is compared as written.
 */
export function figureKey(f: {
  regionCode: string;
  metric: string;
  unit?: string | undefined;
  periodStart: string;
  periodEnd: string;
}): string {
  return `${f.regionCode}|${f.metric}|${f.unit ?? ''}|${f.periodStart}|${f.periodEnd}`;
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
          message: `duplicates figures[${first}]: one value per region, metric, unit and period (${f.regionCode}, ${f.metric}, ${f.periodStart}..${f.periodEnd})`,
        });
      } else figures.set(key, i);
    });
    const publications = new Set((bundle.report?.publications ?? []).map((p) => p?.url));
    bundle.figures?.forEach((f, i) => {
      f?.variants?.forEach((v, j) => {
        if (typeof v?.publicationUrl === 'string' && !publications.has(v.publicationUrl)) {
          ctx.addIssue({
            code: 'custom',
            path: ['figures', i, 'variants', j, 'publicationUrl'],
            message: `${v.publicationUrl} is not one of the report's publications (report.publications[].url)`,
          });
        }
      });
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
export type BundleVariant = BundleFigure['variants'][number];

/** The JSON Schema of a bundle file (what an editor may write: defaults make keys optional). */
export function bundleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportBundleSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}

/** The text committed at schema/report-bundle.schema.json; a test fails when the file drifts from it. */
export function bundleJsonSchemaText(): string {
  return `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
}
