// Rows for the analytics tests: the first report (NRC 2024), and helpers to add more reports and
// figures. Bounds follow the rules of docs/bounds.md (about = ±10 %, just over = +5 %, over = no upper
// bound, a number stated to 0.1 thousand = ±50).
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import {
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  recruitmentFigures,
  regions,
  reports,
} from '../src/db/schema.js';

export type Metric = 'PLANNED_RECRUITS' | 'CONTRACTS_SIGNED' | 'PLAN_FULFILMENT_PERCENT';
export type Qualifier = (typeof recruitmentFigures.$inferInsert)['qualifier'];

export interface FigureSpec {
  region: string;
  metric: Metric;
  periodStart: string;
  periodEnd: string;
  periodAsStated?: string;
  best: number;
  low: number | null;
  high: number | null;
  qualifier: Qualifier;
  asStated: string;
  note?: string;
}

export const NRC_SLUG = 'nrc-2024-occupied-recruitment';
const JAN_NOV = { periodStart: '2024-01-01', periodEnd: '2024-11-30', periodAsStated: 'first 11 months of 2024' };
const YEAR = { periodStart: '2024-01-01', periodEnd: '2024-12-31', periodAsStated: '2024' };

/** The first report's figures as the bundle states them. */
export const NRC_FIGURES: FigureSpec[] = [
  { region: 'UA-TOT', metric: 'PLANNED_RECRUITS', ...YEAR, best: 10400, low: 10350, high: 10450, qualifier: 'EXACT', asStated: '10.4 thousand' },
  { region: 'UA-TOT', metric: 'CONTRACTS_SIGNED', ...JAN_NOV, best: 9600, low: 9550, high: 9650, qualifier: 'EXACT', asStated: '9.6 thousand' },
  { region: 'UA-TOT', metric: 'PLAN_FULFILMENT_PERCENT', ...JAN_NOV, best: 93, low: 83.7, high: 102.3, qualifier: 'APPROXIMATELY', asStated: 'approximately 93%' },
  { region: 'UA-23', metric: 'CONTRACTS_SIGNED', ...JAN_NOV, best: 330, low: 330, high: null, qualifier: 'MORE_THAN', asStated: 'over 330 people' },
  { region: 'UA-23', metric: 'PLAN_FULFILMENT_PERCENT', ...JAN_NOV, best: 135, low: 121.5, high: 148.5, qualifier: 'APPROXIMATELY', asStated: 'about 135% of the plan' },
  { region: 'UA-65', metric: 'CONTRACTS_SIGNED', ...JAN_NOV, best: 260, low: 260, high: null, qualifier: 'MORE_THAN', asStated: 'over 260 people' },
  { region: 'UA-65', metric: 'PLAN_FULFILMENT_PERCENT', ...JAN_NOV, best: 105, low: 94.5, high: 115.5, qualifier: 'APPROXIMATELY', asStated: 'about 105% of the plan' },
  { region: 'UA-14', metric: 'CONTRACTS_SIGNED', ...JAN_NOV, best: 3150, low: 3150, high: null, qualifier: 'MORE_THAN', asStated: 'over 3150 people' },
  { region: 'UA-14', metric: 'PLAN_FULFILMENT_PERCENT', ...JAN_NOV, best: 105, low: 94.5, high: 115.5, qualifier: 'APPROXIMATELY', asStated: 'about 105%' },
  { region: 'UA-43', metric: 'PLAN_FULFILMENT_PERCENT', ...JAN_NOV, best: 80, low: 80, high: 84, qualifier: 'JUST_OVER', asStated: 'just over 80%' },
];

export interface ReportSpec {
  slug: string;
  title: string;
  publisher: string;
  publishedOn?: string | null;
  summary?: string;
  language?: string;
  figures: FigureSpec[];
}

export const NRC_REPORT: ReportSpec = {
  slug: NRC_SLUG,
  title: 'How many Ukrainians from the occupied territories joined the Russian army in 2024',
  publisher: 'National Resistance Center',
  publishedOn: null,
  summary:
    'Russia planned to enlist 10.4 thousand residents of the occupied territories in 2024; 9.6 thousand signed contracts in the first 11 months. Zaporizhzhia, Kherson and Donetsk exceeded their plans, Crimea fulfilled just over 80%.',
  figures: NRC_FIGURES,
};

export const NRC_FACTORS = [
  {
    slug: 'medicines-without-russian-passport',
    title: 'No free medicines without a Russian passport',
    description:
      'From 1 January 2024 residents without a Russian passport lose free medicines and cannot, in practice, buy them; without a passport one cannot even bury a relative.',
    category: 'FORCED_PASSPORTIZATION' as const,
    effectiveFrom: '2024-01-01',
    affectedGroups: ['people with cardiovascular diseases', 'asthmatics', 'diabetics'],
  },
  {
    slug: 'unemployment-and-hardship',
    title: 'Unemployment and difficult material conditions',
    description: 'High unemployment and poverty in the occupied regions push residents towards military contracts.',
    category: 'ECONOMIC_HARDSHIP' as const,
    effectiveFrom: null,
    affectedGroups: [],
  },
  {
    slug: 'payments-to-recruits',
    title: 'Payments and social protection for recruits',
    description: 'Russian state policy raises payments and social protection for participants in the aggression and their families.',
    category: 'FINANCIAL_INCENTIVE' as const,
    effectiveFrom: null,
    affectedGroups: ['families of recruits'],
  },
];

/** Inserts a report with its figures; returns the report's id. */
export async function insertReport(db: Db, spec: ReportSpec): Promise<number> {
  const [report] = await db
    .insert(reports)
    .values({
      slug: spec.slug,
      title: spec.title,
      publisher: spec.publisher,
      publishedOn: spec.publishedOn ?? null,
      language: spec.language ?? 'en',
      summary: spec.summary ?? null,
    })
    .returning({ id: reports.id });
  const reportId = report!.id;
  if (spec.figures.length > 0) {
    const codes = [...new Set(spec.figures.map((f) => f.region))];
    const rows = await db.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.code, codes));
    const idOf = new Map(rows.map((r) => [r.code, r.id]));
    await db.insert(recruitmentFigures).values(
      spec.figures.map((f) => ({
        reportId,
        regionId: idOf.get(f.region)!,
        metric: f.metric,
        periodStart: f.periodStart,
        periodEnd: f.periodEnd,
        periodAsStated: f.periodAsStated ?? null,
        best: f.best,
        low: f.low,
        high: f.high,
        qualifier: f.qualifier,
        asStated: f.asStated,
        note: f.note ?? null,
      })),
    );
  }
  return reportId;
}

/** The first report, its figures and coercion factors. */
export async function loadFirstReport(db: Db): Promise<void> {
  const reportId = await insertReport(db, NRC_REPORT);
  const factors = await db.insert(coercionFactors).values(NRC_FACTORS).returning({ id: coercionFactors.id });
  await db.insert(coercionFactorReports).values(factors.map((f) => ({ factorId: f.id, reportId })));
  const [zap] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, 'UA-23'));
  await db.insert(coercionFactorRegions).values({ factorId: factors[1]!.id, regionId: zap!.id });
}
