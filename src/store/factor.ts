// Coercion factors: create (with links), correct (with the version read), delete with their links, and
// link to or unlink from the reports that describe them and the regions they apply to.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { coercionFactorRegions, coercionFactorReports, coercionFactors } from '../db/schema.js';
import { NotFoundError } from '../domain/errors.js';
import { checkPrecisions, regionIdsOf, requireFactor, requireReports } from './checks.js';
import { FactorRegions, FactorReports, Factors, rowOf, type Entity, type Fields, type Row } from './entities.js';
import type { Tx } from './audit.js';
import type { Writer } from './writer.js';

export type Factor = Row<typeof coercionFactors>;
export type FactorFields = Fields<typeof coercionFactors>;

/** Creates a factor and links it to the reports (by id) and regions (by code) given. */
export async function createFactor(
  w: Writer,
  fields: FactorFields,
  links: { reportIds: number[]; regionCodes: string[] },
): Promise<Factor> {
  checkPrecisions(fields);
  const reportIds = [...new Set(links.reportIds)];
  const codes = [...new Set(links.regionCodes)];
  await requireReports(w.tx, reportIds);
  const regionIds = await regionIdsOf(w.tx, codes);
  const [created] = await w.insert(Factors, [rowOf(Factors, fields)]);
  const factorId = created!.id;
  await w.insert(FactorReports, reportIds.map((reportId) => ({ factorId, reportId })));
  await w.insert(FactorRegions, [...regionIds.values()].map((regionId) => ({ factorId, regionId })));
  return created!;
}

export async function updateFactor(w: Writer, id: number, expectedVersion: number, changes: FactorFields): Promise<Factor> {
  const current = await w.lock(Factors, id, expectedVersion);
  checkPrecisions({ ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) });
  return w.update(Factors, current, changes);
}

export async function deleteFactor(w: Writer, id: number, expectedVersion: number): Promise<void> {
  const current = await w.lock(Factors, id, expectedVersion);
  await w.removeWith(Factors, current, [
    [FactorReports, eq(coercionFactorReports.factorId, id)],
    [FactorRegions, eq(coercionFactorRegions.factorId, id)],
  ]);
}

export interface LinkKind<Ref> {
  entity: Entity;
  /** the other end's id; `forLink` says whether a link is being made (the other end must exist) */
  target(tx: Tx, ref: Ref, forLink: boolean): Promise<number>;
  /** the link row between a factor and the other end */
  row(factorId: number, otherId: number): Record<string, number>;
  where(factorId: number, otherId: number): ReturnType<typeof and>;
  notLinked(factorId: number, ref: Ref): NotFoundError;
}

const factorRef = (id: number) => encodeGlobalID('CoercionFactor', id);

/** The two kinds of link a factor has: to a report (by id) and to a region (by code). */
export const FACTOR_LINKS = {
  report: {
    entity: FactorReports,
    target: async (tx, reportId, forLink) => {
      if (forLink) await requireReports(tx, [reportId]);
      return reportId;
    },
    row: (factorId, reportId) => ({ factorId, reportId }),
    where: (factorId, reportId) => and(eq(coercionFactorReports.factorId, factorId), eq(coercionFactorReports.reportId, reportId)),
    notLinked: (factorId, reportId) =>
      new NotFoundError(
        'CoercionFactorReport',
        `${factorRef(factorId)} → ${encodeGlobalID('Report', reportId)}`,
        'The coercion factor is not linked to this report.',
      ),
  } satisfies LinkKind<number>,
  region: {
    entity: FactorRegions,
    target: async (tx, code) => (await regionIdsOf(tx, [code])).get(code)!,
    row: (factorId, regionId) => ({ factorId, regionId }),
    where: (factorId, regionId) => and(eq(coercionFactorRegions.factorId, factorId), eq(coercionFactorRegions.regionId, regionId)),
    notLinked: (factorId, code) =>
      new NotFoundError('CoercionFactorRegion', `${factorRef(factorId)} → ${code}`, 'The coercion factor is not linked to this region.'),
  } satisfies LinkKind<string>,
};

/** Links a factor to the other end; a link that exists already is a ConflictError (its primary key). */
export async function linkFactor<Ref>(w: Writer, kind: LinkKind<Ref>, factorId: number, ref: Ref): Promise<number> {
  await requireFactor(w.tx, factorId);
  const otherId = await kind.target(w.tx, ref, true);
  await w.insert(kind.entity, [kind.row(factorId, otherId)]);
  return factorId;
}

/** Removes a link; NotFoundError when there is none. */
export async function unlinkFactor<Ref>(w: Writer, kind: LinkKind<Ref>, factorId: number, ref: Ref): Promise<number> {
  await requireFactor(w.tx, factorId);
  const otherId = await kind.target(w.tx, ref, false);
  const gone = await w.remove(kind.entity, kind.where(factorId, otherId));
  if (gone.length === 0) throw kind.notLinked(factorId, ref);
  return factorId;
}
