/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ExampleRegionFigures($code: String!, $first: Int!, $after: String) {\n    region(code: $code) {\n      id\n      code\n      nameEn\n      recruitmentFigures(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            metric\n            periodStart\n            periodEnd\n            updatedAt\n            value { asStated qualifier best low high }\n            report { id slug publisher }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ExampleRegionFiguresDocument,
    "\n  query ExampleFigureNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RecruitmentFigure {\n        metric\n        value { asStated low high }\n      }\n    }\n  }\n": typeof types.ExampleFigureNodeDocument,
    "\n  query ExampleSummaries($year: Int!) {\n    recruitmentSummaries(year: $year) {\n      year\n      region { id code }\n      reportedFulfilmentPercent { asStated qualifier best low high }\n      impliedPlannedRecruits { best low high }\n      consistency\n    }\n  }\n": typeof types.ExampleSummariesDocument,
};
const documents: Documents = {
    "\n  query ExampleRegionFigures($code: String!, $first: Int!, $after: String) {\n    region(code: $code) {\n      id\n      code\n      nameEn\n      recruitmentFigures(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            metric\n            periodStart\n            periodEnd\n            updatedAt\n            value { asStated qualifier best low high }\n            report { id slug publisher }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ExampleRegionFiguresDocument,
    "\n  query ExampleFigureNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RecruitmentFigure {\n        metric\n        value { asStated low high }\n      }\n    }\n  }\n": types.ExampleFigureNodeDocument,
    "\n  query ExampleSummaries($year: Int!) {\n    recruitmentSummaries(year: $year) {\n      year\n      region { id code }\n      reportedFulfilmentPercent { asStated qualifier best low high }\n      impliedPlannedRecruits { best low high }\n      consistency\n    }\n  }\n": types.ExampleSummariesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleRegionFigures($code: String!, $first: Int!, $after: String) {\n    region(code: $code) {\n      id\n      code\n      nameEn\n      recruitmentFigures(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            metric\n            periodStart\n            periodEnd\n            updatedAt\n            value { asStated qualifier best low high }\n            report { id slug publisher }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExampleRegionFigures($code: String!, $first: Int!, $after: String) {\n    region(code: $code) {\n      id\n      code\n      nameEn\n      recruitmentFigures(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            id\n            metric\n            periodStart\n            periodEnd\n            updatedAt\n            value { asStated qualifier best low high }\n            report { id slug publisher }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleFigureNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RecruitmentFigure {\n        metric\n        value { asStated low high }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExampleFigureNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RecruitmentFigure {\n        metric\n        value { asStated low high }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExampleSummaries($year: Int!) {\n    recruitmentSummaries(year: $year) {\n      year\n      region { id code }\n      reportedFulfilmentPercent { asStated qualifier best low high }\n      impliedPlannedRecruits { best low high }\n      consistency\n    }\n  }\n"): (typeof documents)["\n  query ExampleSummaries($year: Int!) {\n    recruitmentSummaries(year: $year) {\n      year\n      region { id code }\n      reportedFulfilmentPercent { asStated qualifier best low high }\n      impliedPlannedRecruits { best low high }\n      consistency\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;