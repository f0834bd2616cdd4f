// The mutations as a client writes them. (The whole-database snapshot that proves a refused write left
// everything as it was is test/helpers/bundles.ts `snapshot`.)

export const ERRORS = `
  __typename
  ... on Error { message }
  ... on ValidationError { issues { path message } }
  ... on NotFoundError { entityType reference }
  ... on ConflictError { kind constraint fields }
  ... on StaleWriteError { entityType entityId expectedVersion currentVersion }
`;

const REPORT = 'id slug title publisher language publishedOn sourceUrl periodStart periodEnd summary note version createdAt updatedAt';
const FIGURE =
  'id metric periodStart periodEnd periodAsStated note version report { slug } region { code } value { best qualifier low high asStated }';
const FACTOR = 'id slug title description category effectiveFrom affectedGroups version reports { slug } regions { code }';

export const M = {
  createReport: `mutation($input: CreateReportInput!) { createReport(input: $input) { ${ERRORS} ... on CreateReportSuccess { report { ${REPORT} } } } }`,
  updateReport: `mutation($input: UpdateReportInput!) { updateReport(input: $input) { ${ERRORS} ... on UpdateReportSuccess { report { ${REPORT} } } } }`,
  deleteReport: `mutation($input: DeleteReportInput!) { deleteReport(input: $input) { ${ERRORS} ... on DeleteReportSuccess { deletedId } } }`,
  createRecruitmentFigure: `mutation($input: CreateRecruitmentFigureInput!) { createRecruitmentFigure(input: $input) { ${ERRORS} ... on CreateRecruitmentFigureSuccess { recruitmentFigure { ${FIGURE} } } } }`,
  updateRecruitmentFigure: `mutation($input: UpdateRecruitmentFigureInput!) { updateRecruitmentFigure(input: $input) { ${ERRORS} ... on UpdateRecruitmentFigureSuccess { recruitmentFigure { ${FIGURE} } } } }`,
  deleteRecruitmentFigure: `mutation($input: DeleteRecruitmentFigureInput!) { deleteRecruitmentFigure(input: $input) { ${ERRORS} ... on DeleteRecruitmentFigureSuccess { deletedId } } }`,
  createCoercionFactor: `mutation($input: CreateCoercionFactorInput!) { createCoercionFactor(input: $input) { ${ERRORS} ... on CreateCoercionFactorSuccess { coercionFactor { ${FACTOR} } } } }`,
  updateCoercionFactor: `mutation($input: UpdateCoercionFactorInput!) { updateCoercionFactor(input: $input) { ${ERRORS} ... on UpdateCoercionFactorSuccess { coercionFactor { ${FACTOR} } } } }`,
  deleteCoercionFactor: `mutation($input: DeleteCoercionFactorInput!) { deleteCoercionFactor(input: $input) { ${ERRORS} ... on DeleteCoercionFactorSuccess { deletedId } } }`,
  linkCoercionFactorToReport: `mutation($input: LinkCoercionFactorToReportInput!) { linkCoercionFactorToReport(input: $input) { ${ERRORS} ... on LinkCoercionFactorToReportSuccess { coercionFactor { ${FACTOR} } } } }`,
  unlinkCoercionFactorFromReport: `mutation($input: UnlinkCoercionFactorFromReportInput!) { unlinkCoercionFactorFromReport(input: $input) { ${ERRORS} ... on UnlinkCoercionFactorFromReportSuccess { coercionFactor { ${FACTOR} } } } }`,
  linkCoercionFactorToRegion: `mutation($input: LinkCoercionFactorToRegionInput!) { linkCoercionFactorToRegion(input: $input) { ${ERRORS} ... on LinkCoercionFactorToRegionSuccess { coercionFactor { ${FACTOR} } } } }`,
  unlinkCoercionFactorFromRegion: `mutation($input: UnlinkCoercionFactorFromRegionInput!) { unlinkCoercionFactorFromRegion(input: $input) { ${ERRORS} ... on UnlinkCoercionFactorFromRegionSuccess { coercionFactor { ${FACTOR} } } } }`,
  restoreFromAudit: `mutation($id: ID!) { restoreFromAudit(entryId: $id) { ${ERRORS} ... on RestoreFromAuditSuccess { entries { entryId action entityType entityId before after } } } }`,
} as const;

export const AUDIT_LOG = `query($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { entryId at action entityType entityId entity before after actor token { tokenId name role } } }
  }
}`;

/** Every row of every table a write can touch, in a stable order. */
let counter = 0;
/** A fresh, valid CreateReportInput. */
export function reportInput(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    slug: `test-report-${counter}`,
    title: `Test report ${counter}`,
    publisher: 'National Resistance Center',
    language: 'uk',
    publishedOn: '2024-12-20',
    sourceUrl: 'https://sprotyv.mod.gov.ua/example',
    periodStart: '2024-01-01',
    periodEnd: '2024-11-30',
    summary: 'Recruitment in the occupied territories.',
    ...overrides,
  };
}

export function factorInput(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    slug: `test-factor-${counter}`,
    title: `Test factor ${counter}`,
    description: 'Medicine only for holders of a Russian passport.',
    category: 'FORCED_PASSPORTIZATION',
    affectedGroups: ['people with diabetes'],
    ...overrides,
  };
}
