import { defineRelations } from 'drizzle-orm';
import * as schema from './schema.js';

export const relations = defineRelations(schema, (r) => ({
  regions: {
    parent: r.one.regions({ from: r.regions.parentId, to: r.regions.id, alias: 'region_parent' }),
    children: r.many.regions({ alias: 'region_parent' }),
    members: r.many.regions({
      from: r.regions.id.through(r.regionMemberships.groupId),
      to: r.regions.id.through(r.regionMemberships.memberId),
      alias: 'region_membership',
    }),
    groups: r.many.regions({
      from: r.regions.id.through(r.regionMemberships.memberId),
      to: r.regions.id.through(r.regionMemberships.groupId),
      alias: 'region_membership_reverse',
    }),
    recruitmentFigures: r.many.recruitmentFigures(),
    coercionFactors: r.many.coercionFactors({
      from: r.regions.id.through(r.coercionFactorRegions.regionId),
      to: r.coercionFactors.id.through(r.coercionFactorRegions.factorId),
    }),
  },
  reports: {
    recruitmentFigures: r.many.recruitmentFigures(),
    publications: r.many.reportPublications(),
    coercionFactors: r.many.coercionFactors({
      from: r.reports.id.through(r.coercionFactorReports.reportId),
      to: r.coercionFactors.id.through(r.coercionFactorReports.factorId),
    }),
  },
  reportPublications: {
    report: r.one.reports({ from: r.reportPublications.reportId, to: r.reports.id, optional: false }),
  },
  recruitmentFigures: {
    report: r.one.reports({ from: r.recruitmentFigures.reportId, to: r.reports.id, optional: false }),
    region: r.one.regions({ from: r.recruitmentFigures.regionId, to: r.regions.id, optional: false }),
    variants: r.many.figureVariants({ from: r.recruitmentFigures.id, to: r.figureVariants.figureId }),
    definition: r.one.metricDefinitions({ from: r.recruitmentFigures.metric, to: r.metricDefinitions.metric, optional: false }),
  },
  figureVariants: {
    figure: r.one.recruitmentFigures({ from: r.figureVariants.figureId, to: r.recruitmentFigures.id, optional: false }),
    publication: r.one.reportPublications({ from: r.figureVariants.publicationId, to: r.reportPublications.id, optional: false }),
  },
  metricDefinitions: {
    units: r.many.metricUnits({ from: r.metricDefinitions.metric, to: r.metricUnits.metric }),
  },
  coercionFactors: {
    reports: r.many.reports(),
    regions: r.many.regions(),
  },
  auditLog: {
    token: r.one.apiTokens({ from: r.auditLog.tokenId, to: r.apiTokens.id }),
  },
}));

export type Relations = typeof relations;
