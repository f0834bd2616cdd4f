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
  periodKinds?: readonly string[] | null | undefined;
  units?: readonly string[] | null | undefined;
}

/** `column in (values cast to the enum)`, or false for an empty list */
function inEnum(column: SQL | unknown, values: readonly string[], enumType: string): SQL {
  if (values.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(values.map((v) => sql`cast(${v} as ${sql.raw(enumType)})`), sql`, `)})`;
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
  if (filter.metrics != null) parts.push(inEnum(t.metric, filter.metrics, 'recruitment_metric'));
  if (filter.periodKinds != null) parts.push(inEnum(t.periodKind, filter.periodKinds, 'period_kind'));
  if (filter.units != null) parts.push(inEnum(t.unit, filter.units, 'unit'));
  if (filter.periodFrom != null) parts.push(sql`${t.periodEnd} >= cast(${filter.periodFrom} as date)`);
  if (filter.periodTo != null) parts.push(sql`${t.periodStart} <= cast(${filter.periodTo} as date)`);
  return and(...parts);
}
