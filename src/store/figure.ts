// Recruitment figures: create in a report, correct (with the version read), delete.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { recruitmentFigures, reports } from '../db/schema.js';
import { NotFoundError } from '../domain/errors.js';
import { checkPeriod, regionIdOf } from './checks.js';
import { Figures, givenColumns, rowOf, type NewRow, type Row } from './entities.js';
import type { Writer } from './writer.js';

export type Figure = Row<typeof recruitmentFigures>;

/** The value as stated, bounds already derived (src/domain/bounds.ts). */
export type FigureValue = Pick<NewRow<typeof recruitmentFigures>, 'best' | 'low' | 'high' | 'qualifier' | 'asStated'>;

/** A figure's columns as a caller gives them: the region by code, the value as one object. */
export type FigureFields = Partial<Omit<NewRow<typeof recruitmentFigures>, keyof FigureValue | 'regionId' | 'reportId'>> & {
  regionCode?: string;
  value?: FigureValue;
};

/** The row columns of a figure's fields: the value's parts are columns of their own. */
export function figureColumns(fields: FigureFields): Record<string, unknown> {
  const { value, regionCode: _code, ...rest } = fields;
  return { ...rest, ...(value ?? {}) };
}

export async function createFigure(w: Writer, reportId: number, fields: FigureFields & { regionCode: string }): Promise<Figure> {
  const [report] = await w.tx.select({ id: reports.id }).from(reports).where(eq(reports.id, reportId));
  if (!report) throw new NotFoundError('Report', encodeGlobalID('Report', reportId));
  const regionId = await regionIdOf(w.tx, fields.regionCode);
  const [created] = await w.insert(Figures, [rowOf(Figures, { ...figureColumns(fields), reportId: report.id, regionId })]);
  return created!;
}

/** Changes the fields given; a value given replaces the whole value. */
export async function updateFigure(w: Writer, id: number, expectedVersion: number, changes: FigureFields): Promise<Figure> {
  const current = await w.lock(Figures, id, expectedVersion);
  const desired = {
    ...figureColumns(changes),
    ...(changes.regionCode !== undefined ? { regionId: await regionIdOf(w.tx, changes.regionCode) } : {}),
  };
  checkPeriod({ ...current, ...givenColumns(Figures, desired) });
  return w.update(Figures, current, desired);
}

export async function deleteFigure(w: Writer, id: number, expectedVersion: number): Promise<void> {
  const current = await w.lock(Figures, id, expectedVersion);
  await w.removeWith(Figures, current, []);
}
