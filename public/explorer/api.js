// The explorer's whole conversation with the server: plain POSTs to the public GraphQL endpoint, the
// same as any client app would send. Each operation is written out in full, so a reader can copy it.

export const GRAPHQL_ENDPOINT = '/graphql';

/** A request that the server answered with errors; `errors` are GraphQL's, `status` the HTTP status. */
export class GraphQLRequestError extends Error {
  constructor(message, { errors = [], status = 0 } = {}) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.status = status;
  }
}

const ACCEPT = 'application/graphql-response+json, application/json';

/**
 * The operation's trusted-document id, "sha256:<hex>" (the server's manifest lists every operation of
 * this file); null where the browser offers no Web Crypto (pages served over plain http from another
 * host than localhost).
 */
const documentIds = new Map();
export function documentId(query) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return Promise.resolve(null);
  if (!documentIds.has(query)) {
    documentIds.set(
      query,
      subtle.digest('SHA-256', new TextEncoder().encode(query)).then(
        (hash) => `sha256:${[...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
      ),
    );
  }
  return documentIds.get(query);
}

async function send(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new GraphQLRequestError('The server could not be reached.', { status: 0 });
  }
  try {
    return { response, body: await response.json() };
  } catch {
    throw new GraphQLRequestError(`The server answered HTTP ${response.status} without a GraphQL response.`, { status: response.status });
  }
}

/**
 * Runs one operation; resolves to `data`, or rejects with GraphQLRequestError. The operation is asked
 * for by its documentId with GET, which a CDN can cache and which a server that runs only registered
 * operations accepts; a server that does not know the id gets the document itself by POST.
 */
export async function graphql(query, variables = {}, { signal } = {}) {
  const id = await documentId(query);
  let answer;
  if (id) {
    const params = new URLSearchParams({ documentId: id, variables: JSON.stringify(variables) });
    answer = await send(`${GRAPHQL_ENDPOINT}?${params}`, { method: 'GET', headers: { accept: ACCEPT }, signal });
    if (answer.body.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) answer = null;
  }
  answer ??= await send(GRAPHQL_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const { response, body } = answer;
  if (body.errors?.length || !body.data) {
    const message = body.errors?.map((e) => e.message).join(' ') || `HTTP ${response.status}`;
    throw new GraphQLRequestError(message, { errors: body.errors ?? [], status: response.status });
  }
  return body.data;
}

/** True when the errors say only that the server has no analytics fields (an older server). */
export function isMissingAnalytics(error) {
  return (
    error instanceof GraphQLRequestError &&
    error.errors.length > 0 &&
    error.errors.every((e) => /Cannot query field "(recruitmentSummaries|dataQualityIssues)" on type "Query"/.test(e.message))
  );
}

const QUALIFIED = 'best low high qualifier asStated';

/** Who stands behind a report: enough to name it beside a figure and link to it. */
const REPORT_FIELDS = 'slug title publisher sourceKind speaker publishedOn publishedOnPrecision sourceUrl';

const FIGURE_FIELDS = `
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        metric
        unit
        periodKind
        periodStart
        periodStartPrecision
        periodEnd
        periodEndPrecision
        periodAsStated
        value { ${QUALIFIED} }
        attributedTo
        quote
        quoteEn
        variants { publication { outlet url } value { ${QUALIFIED} } periodAsStated }
        note
        region { code nameEn nameUk kind }
        report { ${REPORT_FIELDS} }
      }
    }`;

/** A data-quality issue with the figures it names, each with its words, period and report. */
const ISSUE_FIELDS = `
    kind
    message
    region { code nameEn }
    metric
    reports { slug title publisher sourceKind }
    figures {
      id
      metric
      unit
      periodKind
      periodStart
      periodStartPrecision
      periodEnd
      periodEndPrecision
      value { ${QUALIFIED} }
      region { code nameEn }
      report { slug title publisher sourceKind publishedOn publishedOnPrecision }
    }`;

export const YEARS_QUERY = `# The first and last periods that any figure covers: the years the explorer offers.
query ExplorerYears {
  earliest: recruitmentFigures(first: 1, orderBy: { field: PERIOD_START, direction: ASC }) {
    edges { node { periodStart } }
  }
  latest: recruitmentFigures(first: 1, orderBy: { field: PERIOD_END, direction: DESC }) {
    edges { node { periodEnd } }
  }
}`;

/**
 * One year: every figure whose period overlaps the year (paged 100 at a time), each region's summary
 * with the derived numbers, and the data-quality checks.
 */
export const YEAR_QUERY = `# Recruitment in one year: the figures as stated, each region's summary with the plans
# the figures imply, and where the sources disagree.
query ExplorerYear($year: Int!, $periodFrom: Date!, $periodTo: Date!) {
  recruitmentFigures(
    first: 100
    filter: { periodFrom: $periodFrom, periodTo: $periodTo }
    orderBy: { field: PERIOD_END, direction: ASC }
  ) {${FIGURE_FIELDS}
  }
  recruitmentSummaries(year: $year) {
    region { code nameEn }
    plannedRecruits { ${QUALIFIED} }
    contractsSigned { ${QUALIFIED} }
    contractsPeriodEnd
    reportedFulfilmentPercent { ${QUALIFIED} }
    computedFulfilmentPercent { best low high }
    impliedPlannedRecruits { best low high }
    consistency
    figures { metric periodStart periodEnd }
    fulfilmentBasis { periodStart periodEnd }
    sources { slug title publisher sourceKind publishedOn publishedOnPrecision sourceUrl }
    otherSources { slug title publisher sourceKind publishedOn publishedOnPrecision sourceUrl }
  }
  dataQualityIssues(year: $year) {${ISSUE_FIELDS}
  }
}`;

/** The same figures without the analytics fields, for a server that does not offer them yet. */
export const YEAR_QUERY_CORE = `query ExplorerYearCore($periodFrom: Date!, $periodTo: Date!) {
  recruitmentFigures(
    first: 100
    filter: { periodFrom: $periodFrom, periodTo: $periodTo }
    orderBy: { field: PERIOD_END, direction: ASC }
  ) {${FIGURE_FIELDS}
  }
}`;

/** Further pages of figures under one filter: follow pageInfo.endCursor until hasNextPage is false. */
export const FIGURES_PAGE_QUERY = `query ExplorerFiguresPage($filter: RecruitmentFigureFilter!, $after: String!) {
  recruitmentFigures(first: 100, after: $after, filter: $filter, orderBy: { field: PERIOD_END, direction: ASC }) {${FIGURE_FIELDS}
  }
}`;

/**
 * Every running total (CUMULATIVE figure), oldest as-of date first, for the time series; and every
 * data-quality issue, of which the page keeps those naming the series' figures (a running total that
 * falls: CUMULATIVE_DECREASE).
 */
export const SERIES_QUERY = `# Running totals over time: every CUMULATIVE figure by its as-of date, and the
# warnings that name them.
query ExplorerRunningTotals {
  recruitmentFigures(
    first: 100
    filter: { periodKinds: [CUMULATIVE] }
    orderBy: { field: PERIOD_END, direction: ASC }
  ) {${FIGURE_FIELDS}
  }
  dataQualityIssues {${ISSUE_FIELDS}
  }
}`;

/** The dataset as a citable object: its licence, its releases and how to cite each. */
export const DATASET_QUERY = `# How to cite the data: the dataset's licence, its releases (newest first) with their
# citations, and how to cite the live data.
query ExplorerDataset {
  dataset {
    title
    license
    licenseUrl
    updatedAt
    citation
    releases { version releasedAt notes reportCount figureCount citation bibtex }
  }
}`;

/** The coercion factors that the given reports describe. */
export const FACTORS_QUERY = `query ExplorerCoercionFactors($reportSlugs: [String!]!, $after: String) {
  coercionFactors(first: 100, after: $after, filter: { reportSlugs: $reportSlugs }) {
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        slug
        title
        description
        category
        effectiveFrom
        affectedGroups
        regions { code nameEn }
        reports { slug title publisher sourceUrl }
      }
    }
  }
}`;

/** The years from the first period start to the last period end; empty when there are no figures. */
export async function fetchYears(options) {
  const data = await graphql(YEARS_QUERY, {}, options);
  const first = data.earliest.edges[0]?.node.periodStart;
  const last = data.latest.edges[0]?.node.periodEnd;
  if (!first || !last) return [];
  const years = [];
  for (let y = Number(last.slice(0, 4)); y >= Number(first.slice(0, 4)); y--) years.push(y);
  return years;
}

export function yearVariables(year) {
  return { year, periodFrom: `${year}-01-01`, periodTo: `${year}-12-31` };
}

/**
 * Everything the explorer shows for a year. `analytics` is false when the server has no analytics
 * fields; summaries and issues are then null and the page says so.
 */
export async function fetchYear(year, options) {
  const variables = yearVariables(year);
  const { periodFrom, periodTo } = variables;
  let data;
  let analytics = true;
  try {
    data = await graphql(YEAR_QUERY, variables, options);
  } catch (error) {
    if (!isMissingAnalytics(error)) throw error;
    analytics = false;
    data = await graphql(YEAR_QUERY_CORE, { periodFrom, periodTo }, options);
  }
  const figures = await allFigures(data.recruitmentFigures, { periodFrom, periodTo }, options);
  return {
    year,
    analytics,
    figures,
    totalCount: data.recruitmentFigures.totalCount,
    summaries: analytics ? data.recruitmentSummaries : null,
    issues: analytics ? data.dataQualityIssues : null,
  };
}

/** The figures of a first page and every further one under the same filter. */
async function allFigures(connection, filter, options) {
  const figures = connection.edges.map((e) => e.node);
  let page = connection.pageInfo;
  while (page.hasNextPage) {
    const next = await graphql(FIGURES_PAGE_QUERY, { filter, after: page.endCursor }, options);
    figures.push(...next.recruitmentFigures.edges.map((e) => e.node));
    page = next.recruitmentFigures.pageInfo;
  }
  return figures;
}

/** Every running total and the issues that name any of them. */
export async function fetchRunningTotals(options) {
  const data = await graphql(SERIES_QUERY, {}, options);
  const figures = await allFigures(data.recruitmentFigures, { periodKinds: ['CUMULATIVE'] }, options);
  return { figures, issues: data.dataQualityIssues };
}

/** The dataset's licence, releases and citation. */
export async function fetchDataset(options) {
  return (await graphql(DATASET_QUERY, {}, options)).dataset;
}

/** A release's CSV download. */
export function releaseCsvLink(version) {
  return `/export/recruitment-figures.csv?${new URLSearchParams({ release: version })}`;
}

export async function fetchFactors(reportSlugs, options) {
  const factors = [];
  if (reportSlugs.length === 0) return factors;
  let after = null;
  for (;;) {
    const data = await graphql(FACTORS_QUERY, { reportSlugs, after }, options);
    factors.push(...data.coercionFactors.edges.map((e) => e.node));
    if (!data.coercionFactors.pageInfo.hasNextPage) return factors;
    after = data.coercionFactors.pageInfo.endCursor;
  }
}

/** GraphQL's literal for a JSON value: strings and numbers read the same; null is null. */
function literal(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
}

/**
 * The operation with its variables written in as literals. GraphiQL takes a query from its URL but not
 * variables, so the link carries a query that runs as it stands.
 */
export function inlineVariables(query, variables) {
  const withoutDefinitions = query.replace(/^(\s*query\s+\w+)\s*\([^)]*\)/m, '$1');
  return withoutDefinitions.replace(/\$(\w+)/g, (whole, name) => (name in variables ? literal(variables[name]) : whole));
}

/** A link that opens the operation in GraphiQL, ready to run. */
export function graphiqlLink(query, variables) {
  return `${GRAPHQL_ENDPOINT}?query=${encodeURIComponent(inlineVariables(query, variables))}`;
}

/** The CSV export of the same figures the page shows: the year's filter as query parameters. */
export function csvLink(year, format = 'csv') {
  const { periodFrom, periodTo } = yearVariables(year);
  const params = new URLSearchParams({ periodFrom, periodTo });
  return `/export/recruitment-figures.${format}?${params}`;
}
