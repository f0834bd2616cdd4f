// Reports: create, correct (with the version read), delete with everything that belongs to them.
import { eq } from 'drizzle-orm';
import { coercionFactorReports, figureVariants, recruitmentFigures, reportPublications, reports } from '../db/schema.js';
import { checkPeriod, checkPrecisions } from './checks.js';
import { FactorReports, FigureVariants, Figures, givenColumns, Publications, Reports, rowOf, type Fields, type Row } from './entities.js';
import type { Writer } from './writer.js';

export type Report = Row<typeof reports>;
/** A report's columns as a caller gives them; optional ones left out are stored as null. */
export type ReportFields = Fields<typeof reports>;

export async function createReport(w: Writer, fields: ReportFields): Promise<Report> {
  checkPeriod(fields);
  checkPrecisions(fields);
  const [created] = await w.insert(Reports, [rowOf(Reports, fields)]);
  return created!;
}

/** Changes the fields given (undefined = leave as is); StaleWriteError unless `expectedVersion` is stored. */
export async function updateReport(w: Writer, id: number, expectedVersion: number, changes: ReportFields): Promise<Report> {
  const current = await w.lock(Reports, id, expectedVersion);
  checkPeriod({ ...current, ...givenColumns(Reports, changes) });
  checkPrecisions({ ...current, ...givenColumns(Reports, changes) });
  return w.update(Reports, current, changes);
}

/** Deletes a report with its figures, publications and coercion-factor links, every row audited. */
export async function deleteReport(w: Writer, id: number, expectedVersion: number): Promise<void> {
  const current = await w.lock(Reports, id, expectedVersion);
  await w.removeWith(Reports, current, [
    // variants first: they point at both the figures and the publications
    [FigureVariants, eq(figureVariants.reportId, id)],
    [Figures, eq(recruitmentFigures.reportId, id)],
    [Publications, eq(reportPublications.reportId, id)],
    [FactorReports, eq(coercionFactorReports.reportId, id)],
  ]);
}
