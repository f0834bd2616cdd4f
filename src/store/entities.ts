// What the write layer knows about each kind of row: its table, how an audit entry names one row
// (entityId) and finds it again. Everything else (which columns a write may set, whether a row carries a
// version, updated_at) follows from the table in src/db/schema.ts, so a new column needs no change here.
import { and, eq, getTableColumns, type InferInsertModel, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  coercionFactorRegions,
  coercionFactorReports,
  coercionFactors,
  figureVariants,
  recruitmentFigures,
  regionMemberships,
  reportPublications,
  reports,
  VALID_FROM,
} from '../db/schema.js';
import type { EntityType } from './audit.js';

export interface Entity<T extends PgTable = PgTable> {
  readonly type: EntityType;
  readonly table: T;
  /** the WHERE condition that finds the row an entityId names */
  key(entityId: string): SQL;
  /** the entityId of a row: its id, or `factorId:otherId` for a link */
  idOf(row: object): string;
}

export type Row<T extends PgTable> = InferSelectModel<T>;
export type NewRow<T extends PgTable> = InferInsertModel<T>;
/** A caller's fields for a row of T: any column, null allowed (an optional column left empty, or the default). */
export type Fields<T extends PgTable> = { [K in keyof NewRow<T>]?: NewRow<T>[K] | null };

const byId = <T extends PgTable & { id: PgColumn }>(type: EntityType, table: T): Entity<T> => ({
  type,
  table,
  key: (entityId) => eq(table.id, Number(entityId)),
  idOf: (row) => String((row as { id: unknown }).id),
});

const link = <T extends PgTable>(type: EntityType, table: T, a: PgColumn, b: PgColumn, aKey: string, bKey: string): Entity<T> => ({
  type,
  table,
  key: (entityId) => {
    const [x, y] = entityId.split(':').map(Number);
    return and(eq(a, x!), eq(b, y!))!;
  },
  idOf: (row) => `${(row as Record<string, unknown>)[aKey]}:${(row as Record<string, unknown>)[bKey]}`,
});

export const Reports = byId('Report', reports);
export const Publications = byId('ReportPublication', reportPublications);
export const Figures = byId('RecruitmentFigure', recruitmentFigures);
export const FigureVariants = byId('FigureVariant', figureVariants);
export const RegionMemberships = link(
  'RegionMembership',
  regionMemberships,
  regionMemberships.groupId,
  regionMemberships.memberId,
  'groupId',
  'memberId',
);
export const Factors = byId('CoercionFactor', coercionFactors);
export const FactorReports = link(
  'CoercionFactorReport',
  coercionFactorReports,
  coercionFactorReports.factorId,
  coercionFactorReports.reportId,
  'factorId',
  'reportId',
);
export const FactorRegions = link(
  'CoercionFactorRegion',
  coercionFactorRegions,
  coercionFactorRegions.factorId,
  coercionFactorRegions.regionId,
  'factorId',
  'regionId',
);

export const ENTITIES: Record<EntityType, Entity> = {
  Report: Reports,
  ReportPublication: Publications,
  RecruitmentFigure: Figures,
  FigureVariant: FigureVariants,
  RegionMembership: RegionMemberships,
  CoercionFactor: Factors,
  CoercionFactorReport: FactorReports,
  CoercionFactorRegion: FactorRegions,
};

/** Columns the database or the write layer sets: never taken from a caller's fields. */
const MANAGED = new Set(['id', 'version', 'createdAt', 'updatedAt', VALID_FROM]);

/** The columns of `table` a caller's fields may set, by drizzle property name. */
function writableColumns(table: PgTable): [string, PgColumn][] {
  return Object.entries(getTableColumns(table)).filter(
    ([key, column]) => !MANAGED.has(key) && !(column as { generated?: unknown }).generated,
  ) as [string, PgColumn][];
}

/**
 * A whole row of `entity` from a caller's fields: every writable column whose name is a key of
 * `fields`, and null for an optional column the fields leave out (a bundle that drops a note clears
 * it); a column with a default (such as an empty list) gets its default for null or nothing. Other keys
 * are ignored. This is how a new column flows from a GraphQL input or a bundle to the database: name
 * the input field like the column.
 */
export function rowOf<T extends PgTable>(entity: Entity<T>, fields: object): NewRow<T> {
  const source = fields as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const [key, column] of writableColumns(entity.table)) {
    const value = source[key] ?? null;
    if (value !== null) row[key] = value;
    else if (!column.hasDefault) row[key] = null;
  }
  return row as NewRow<T>;
}

/** The writable columns among `fields` that were given (undefined = leave as is). */
export function givenColumns(entity: Entity, fields: object): Record<string, unknown> {
  const source = fields as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key] of writableColumns(entity.table)) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  return out;
}
