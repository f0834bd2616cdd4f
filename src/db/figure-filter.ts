// What a RecruitmentFigureFilter means, in SQL, in one place: the GraphQL connections and the CSV/JSON
// export both use it, so a filter selects the same figures wherever it is given.
import { and, sql, type SQL } from 'drizzle-orm';
import { recruitmentFigures } from './schema.js';

export interface FigureFilter {
  regionCodes?: readonly string[] | null | undefined;
  metrics?: readonly string[] | null | undefined;
  reportSlugs?: readonly string[] | null | undefined;
  /** keep figures whose period overlaps [periodFrom, periodTo] */
  periodFrom?: string | null | undefined;
  periodTo?: string | null | undefined;
}

/**
 * Codes and slugs are looked up once, as an array (an InitPlan), so that the figures' indexes take the ids
 * as an index condition: over a release, where regions and reports are views, a semi-join could not
 * reach the figures' (region_id, metric, ...) index at all (docs/performance.md, releases).
 *
 * The condition over recruitment_figures (or an alias of it, as the relational query builder passes).
 * A list filter keeps the figures whose value is in the list, so an empty list keeps none; an unknown
 * region code or report slug simply matches nothing; metrics must be valid enum values (GraphQL and the
 * export check them first). Undefined when the filter restricts nothing.
 */
export function figureFilterWhere(filter: FigureFilter | null | undefined, table: any = recruitmentFigures): SQL | undefined {
  if (!filter) return undefined;
  const parts: (SQL | undefined)[] = [];
  const t = table as typeof recruitmentFigures;
  if (filter.regionCodes != null) {
    parts.push(
      filter.regionCodes.length === 0
        ? sql`false`
        : sql`${t.regionId} = any(array(select "id" from "regions" where "code" in (${sql.join(filter.regionCodes.map((c) => sql`${c}`), sql`, `)})))`,
    );
  }
  if (filter.reportSlugs != null) {
    parts.push(
      filter.reportSlugs.length === 0
        ? sql`false`
        : sql`${t.reportId} = any(array(select "id" from "reports" where "slug" in (${sql.join(filter.reportSlugs.map((s) => sql`${s}`), sql`, `)})))`,
    );
  }
  if (filter.metrics != null) {
    parts.push(
      filter.metrics.length === 0
        ? sql`false`
        : sql`${t.metric} in (${sql.join(filter.metrics.map((m) => sql`cast(${m} as recruitment_metric)`), sql`, `)})`,
    );
  }
  if (filter.periodFrom != null) parts.push(sql`${t.periodEnd} >= cast(${filter.periodFrom} as date)`);
  if (filter.periodTo != null) parts.push(sql`${t.periodStart} <= cast(${filter.periodTo} as date)`);
  return and(...parts);
}
