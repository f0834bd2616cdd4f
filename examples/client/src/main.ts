// The example client: pages through one region's figures, refreshes one figure by its ID, and reads a
// year's summaries, with every result typed from the schema.
//   npx tsx examples/client/src/main.ts http://localhost:4000/graphql
import { pathToFileURL } from 'node:url';
import { createClient, type ClientOptions } from './client.js';
import { FigureNodeDocument, RegionFiguresDocument, SummariesDocument } from './operations.js';
import type { ExampleRegionFiguresQuery } from './gql/graphql.js';

export interface ExampleRun {
  region: string;
  totalCount: number;
  /** figures in the cache after two pages of `pageSize`: both pages, merged */
  figuresAfterTwoPages: number;
  /** the first figure's stated value, read from the cache after its node() refetch */
  refreshedValue: { asStated: string; low: number | null | undefined; high: number | null | undefined } | null;
  /** every figure of the list kept its fields after the refetch */
  listIntactAfterRefetch: boolean;
  summaries: { code: string; fulfilment: string | null; consistency: string }[];
}

type Figure = NonNullable<ExampleRegionFiguresQuery['region']>['recruitmentFigures']['edges'][number]['node'];

export async function runExample(options: ClientOptions, code = 'UA-23', year = 2024, pageSize = 1): Promise<ExampleRun> {
  const client = createClient(options);
  const first = await client.query({ query: RegionFiguresDocument, variables: { code, first: pageSize } });
  const region = first.data.region;
  if (!region) throw new Error(`no region ${code}`);
  const page = region.recruitmentFigures.pageInfo;
  if (page.hasNextPage && page.endCursor) {
    await client.query({ query: RegionFiguresDocument, variables: { code, first: pageSize, after: page.endCursor }, fetchPolicy: 'network-only' });
  }
  const merged = client.readQuery({ query: RegionFiguresDocument, variables: { code, first: pageSize } });
  const figures: Figure[] = merged?.region?.recruitmentFigures.edges.map((e) => e.node) ?? [];

  let refreshedValue: ExampleRun['refreshedValue'] = null;
  const firstFigure = figures[0];
  if (firstFigure) {
    const node = await client.query({ query: FigureNodeDocument, variables: { id: firstFigure.id }, fetchPolicy: 'network-only' });
    if (node.data.node && 'value' in node.data.node) {
      const { asStated, low, high } = node.data.node.value;
      refreshedValue = { asStated, low, high };
    }
  }
  const after = client.readQuery({ query: RegionFiguresDocument, variables: { code, first: pageSize } });
  // null when the cache no longer holds every field the list asked for
  const listIntactAfterRefetch =
    after !== null && (after.region?.recruitmentFigures.edges ?? []).every((e) => e.node.value.qualifier !== undefined && e.node.value.best !== undefined);

  const summaries = await client.query({ query: SummariesDocument, variables: { year } });
  return {
    region: region.nameEn,
    totalCount: region.recruitmentFigures.totalCount,
    figuresAfterTwoPages: figures.length,
    refreshedValue,
    listIntactAfterRefetch,
    summaries: summaries.data.recruitmentSummaries.map((s) => ({
      code: s.region.code,
      fulfilment: s.reportedFulfilmentPercent?.asStated ?? null,
      consistency: s.consistency,
    })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const uri = process.argv[2] ?? 'http://localhost:4000/graphql';
  console.log(JSON.stringify(await runExample({ uri, persistedQueries: true }), null, 2));
}
