// An Apollo Client 3 set up for this API: the cache policies its types need, and optionally Apollo's
// persisted-query link (APQ), which the server supports.
import { ApolloClient, HttpLink, InMemoryCache, type ApolloLink } from '@apollo/client/core/index.js';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';
import { relayStylePagination } from '@apollo/client/utilities/index.js';
import { createHash } from 'node:crypto';

/**
 * - Connections are Relay connections: relayStylePagination merges pages fetched with `after`, keyed
 *   by the arguments that select a different list (filter, orderBy, query).
 * - QualifiedNumber and Estimate have no id: they are values of their figure or summary. `merge: true`
 *   lets a later query that asks for other fields of the same figure (a node() refetch, a detail view)
 *   merge into the cached value instead of replacing it and dropping the fields the list asked for.
 * - RecruitmentSummary has no id either; a summary is one region's year.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          recruitmentFigures: relayStylePagination(['filter', 'orderBy']),
          reports: relayStylePagination(['filter', 'orderBy']),
          coercionFactors: relayStylePagination(['filter', 'orderBy']),
          auditLog: relayStylePagination(['filter']),
          search: relayStylePagination(['query']),
        },
      },
      Region: { fields: { recruitmentFigures: relayStylePagination(['filter', 'orderBy']) } },
      Report: { fields: { recruitmentFigures: relayStylePagination(['filter', 'orderBy']) } },
      QualifiedNumber: { merge: true },
      Estimate: { merge: true },
      RecruitmentSummary: { keyFields: ['year', 'region', ['id']] },
    },
  });
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface ClientOptions {
  /** e.g. http://localhost:4000/graphql */
  uri: string;
  /** send operations as APQ hashes (GET, so a CDN can cache them), registering them when unknown */
  persistedQueries?: boolean;
  fetch?: typeof fetch;
  /** another cache than createCache()'s */
  cache?: InMemoryCache;
}

export function createClient(options: ClientOptions): ApolloClient<unknown> {
  const http = new HttpLink({ uri: options.uri, fetch: options.fetch ?? fetch });
  const link: ApolloLink = options.persistedQueries ? createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(http) : http;
  return new ApolloClient({ link, cache: options.cache ?? createCache() });
}
