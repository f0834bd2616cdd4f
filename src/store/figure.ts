// Recruitment figures: create in a report, correct (with the version read), delete.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { figureVariants, recruitmentFigures, reportPublications, reports } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { checkPeriod, checkPrecisions, checkUnit, regionIdOf } from './checks.js';
import { FigureVariants, Figures, givenColumns, rowOf, type NewRow, type Row } from './entities.js';
import type { Writer } from './writer.js';

export type Figure = Row<typeof recruitmentFigures>;

/** The value as stated, bounds already derived (src/domain/bounds.ts). */
export type FigureValue = Pick<NewRow<typeof recruitmentFigures>, 'best' | 'low' | 'high' | 'qualifier' | 'asStated'>;

/** A figure's columns as a caller gives them: the region by code, the value as one object. */
/** How one relay words the figure: its publication by URL, and its own value. */
export interface VariantFields {
  publicationUrl: string;
  value: FigureValue;
  periodAsStated?: string | null | undefined;
  note?: string | null | undefined;
}

export type FigureFields = Partial<Omit<NewRow<typeof recruitmentFigures>, keyof FigureValue | 'regionId' | 'reportId'>> & {
  regionCode?: string;
  value?: FigureValue;
  /** given, the figure's variants become exactly these */
  variants?: VariantFields[] | null;
};

/** The row columns of a figure's fields: the value's parts are columns of their own. */
export function figureColumns(fields: FigureFields): Record<string, unknown> {
  const { value, regionCode: _code, variants: _variants, ...rest } = fields;
  return { ...rest, ...(value ?? {}) };
}

/** Checks a figure as it would be stored: its period (and a running total's), date precisions and unit. */
async function checkFigure(w: Writer, merged: Record<string, unknown>): Promise<void> {
  checkPeriod(merged);
  checkPrecisions(merged);
  await checkUnit(w.tx, merged as { metric: string; unit?: string | null });
}

/** Makes the figure's variants exactly `wanted`; every publicationUrl must be one of the report's. */
async function replaceVariants(w: Writer, figure: Figure, wanted: VariantFields[]): Promise<void> {
  const publications = await w.tx
    .select({ id: reportPublications.id, url: reportPublications.url })
    .from(reportPublications)
    .where(eq(reportPublications.reportId, figure.reportId));
  const byUrl = new Map(publications.map((p) => [p.url, p.id]));
  const unknown = wanted.flatMap((v, i) =>
    byUrl.has(v.publicationUrl)
      ? []
      : [{ path: ['input', 'variants', String(i), 'publicationUrl'], message: `${v.publicationUrl} is not one of the report's publications` }],
  );
  if (unknown.length) throw new ValidationError(unknown);
  await w.remove(FigureVariants, eq(figureVariants.figureId, figure.id));
  await w.insert(
    FigureVariants,
    wanted.map((v) => rowOf(FigureVariants, { ...v, ...v.value, figureId: figure.id, reportId: figure.reportId, publicationId: byUrl.get(v.publicationUrl) })),
  );
}

export async function createFigure(w: Writer, reportId: number, fields: FigureFields & { regionCode: string }): Promise<Figure> {
  const [report] = await w.tx.select({ id: reports.id }).from(reports).where(eq(reports.id, reportId));
  if (!report) throw new NotFoundError('Report', encodeGlobalID('Report', reportId));
  const regionId = await regionIdOf(w.tx, fields.regionCode);
  await checkFigure(w, figureColumns(fields));
  const [created] = await w.insert(Figures, [rowOf(Figures, { ...figureColumns(fields), reportId: report.id, regionId })]);
  if (fields.variants?.length) await replaceVariants(w, created!, fields.variants);
  return created!;
}

/** Changes the fields given; a value given replaces the whole value. */
export async function updateFigure(w: Writer, id: number, expectedVersion: number, changes: FigureFields): Promise<Figure> {
  const current = await w.lock(Figures, id, expectedVersion);
  const desired = {
    ...figureColumns(changes),
    ...(changes.regionCode !== undefined ? { regionId: await regionIdOf(w.tx, changes.regionCode) } : {}),
  };
  await checkFigure(w, { ...current, ...givenColumns(Figures, desired) });
  const updated = await w.update(Figures, current, desired);
  if (changes.variants != null) await replaceVariants(w, updated, changes.variants);
  return updated;
}

export async function deleteFigure(w: Writer, id: number, expectedVersion: number): Promise<void> {
  const current = await w.lock(Figures, id, expectedVersion);
  await w.removeWith(Figures, current, [[FigureVariants, eq(figureVariants.figureId, id)]]);
}
