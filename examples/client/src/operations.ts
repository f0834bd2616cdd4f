// The example's operations, typed by GraphQL Code Generator's client preset (`npm run codegen` writes
// ./gql from these and the committed SDL).
import { graphql } from './gql/index.js';

/** One region's figures a page at a time; Apollo's relayStylePagination merges the pages. */
export const RegionFiguresDocument = graphql(/* GraphQL */ `
  query ExampleRegionFigures($code: String!, $first: Int!, $after: String) {
    region(code: $code) {
      id
      code
      nameEn
      recruitmentFigures(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            metric
            periodStart
            periodEnd
            updatedAt
            value { asStated qualifier best low high }
            report { id slug publisher }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

/** Refreshes one figure by its global ID, as a detail view would. */
export const FigureNodeDocument = graphql(/* GraphQL */ `
  query ExampleFigureNode($id: ID!) {
    node(id: $id) {
      id
      ... on RecruitmentFigure {
        metric
        value { asStated low high }
      }
    }
  }
`);

/** A year's summaries: computed numbers come as intervals (Estimate), stated ones as QualifiedNumber. */
export const SummariesDocument = graphql(/* GraphQL */ `
  query ExampleSummaries($year: Int!) {
    recruitmentSummaries(year: $year) {
      year
      region { id code }
      reportedFulfilmentPercent { asStated qualifier best low high }
      impliedPlannedRecruits { best low high }
      consistency
    }
  }
`);
