// With read replicas, a replica can lag the primary by a moment. A mutation and everything it reads
// back runs on the primary, and so does every request that carries a token (editors), so that an
// editor never reads a state older than their own last write. Anonymous reads use the replicas.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/client.js';

export function useReadYourWrites(database: Database): Plugin<{ db: Database['db'] }> {
  if (database.primary === database.db) return {};
  return {
    onExecute({ args, extendContext }) {
      const operation = getOperationAST(args.document, args.operationName);
      const request = (args.contextValue as { request?: Request }).request;
      if (operation?.operation === 'mutation' || request?.headers.has('authorization')) {
        extendContext({ db: database.primary });
      }
    },
  };
}
