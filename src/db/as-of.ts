// A read-only database handle that sees the data as it stood at a data version (a release).
//
// Every statement sent through it runs in a transaction of its own that first sets
// `search_path = tot_release, <the usual path>` and `tot.as_of = <version>` (both SET LOCAL, so nothing
// leaks onto the pooled connection): the unqualified table names of every query, drizzle's and the
// hand-written ones alike, then name the views of src/release/history.ts. No query is written twice for
// releases, and whatever a query can ask of live data it can ask of a release.
//
// Statements are tagged `/* release */` so that a connection's prepared plans for live and release
// reads are told apart (and logs say which is which).
import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { RELEASE_SCHEMA } from '../release/history.js';

export const RELEASE_TAG = '/* release */ ';

/** Sets, for the rest of the transaction, the release views first on the search path and the data version they read. */
// work_mem: release plans were measured with it (an earlier design hashed the keys of rows changed since a
// release); not measured without it since.
// jit off: the union members make plans look costly enough to JIT-compile, which took seconds (docs/performance.md).
// min_parallel_table_scan_size 64MB (default 8MB): a release's filtered count is estimated at a third of its rows
// (the valid_from filter's default), which made a count of 10,000 figures start workers (12.9 ms against 6.7
// without); the count of all figures still gets them (index-only scan: min_parallel_index_scan_size).
// (parallel_setup_cost 10000 instead made that count serial: 548 ms against 313.)
// Parallel workers ($2, '0' or null for the server's setting): only for statements without LIMIT (counts, exports). For a page, PostgreSQL
// costs the ordered merge of the live index with the few superseded rows too high and picks a parallel
// scan and sort of the whole table instead (60 ms against 670 ms at 1M figures with 1% edited).
export const AS_OF_SQL = `select set_config('search_path', '${RELEASE_SCHEMA}, ' || current_setting('search_path'), true), set_config('tot.as_of', $1, true), set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('min_parallel_table_scan_size', '64MB', true), set_config('max_parallel_workers_per_gather', coalesce($2, current_setting('max_parallel_workers_per_gather')), true)`;

/** The settings of AS_OF_SQL for one statement. */
export function asOfParams(dataVersion: string, query: string): (string | null)[] {
  return [dataVersion, /\blimit\b/i.test(query) ? '0' : null];
}

function refuseTransaction(): never {
  throw new Error('A release is read-only: it cannot open a transaction.');
}

/** PGlite: each statement in a short transaction of its own (PGlite runs one at a time anyway). */
export function pgliteAsOf(client: PGlite, dataVersion: number): PGlite {
  const version = String(dataVersion);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (query: string, params?: unknown[], options?: object) =>
          target.transaction(async (tx) => {
            await tx.query(AS_OF_SQL, asOfParams(version, query));
            return tx.query(RELEASE_TAG + query, params, options);
          });
      }
      if (property === 'transaction' || property === 'exec') return refuseTransaction;
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * postgres.js: each statement in a transaction of its own on one pooled connection, BEGIN, SET, the
 * statement and COMMIT pipelined (one round trip). Should the SET fail, the transaction is aborted and
 * the statement fails with it: it never runs on live data by mistake. `prepare` decides, per statement
 * text, whether it becomes a named prepared statement.
 */
export function postgresAsOf(client: postgres.Sql, dataVersion: number, prepare: (query: string) => boolean): postgres.Sql {
  const version = String(dataVersion);
  const unsafe = (query: string, params?: unknown[]) => {
    const text = RELEASE_TAG + query;
    const run = async (values: boolean) => {
      const connection = await client.reserve();
      try {
        const statement = connection.unsafe(text, (params ?? []) as never[], { prepare: prepare(text) });
        const [, , rows] = await Promise.all([
          connection.unsafe('begin read only'),
          connection.unsafe(AS_OF_SQL, asOfParams(version, query)),
          values ? statement.values() : statement,
          // ends the transaction whatever happened before it (COMMIT of a failed one rolls it back)
          connection.unsafe('commit'),
        ]);
        return rows;
      } finally {
        connection.release();
      }
    };
    // drizzle either awaits the query or asks for .values() (array rows)
    return {
      then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => run(false).then(resolve, reject),
      values: () => run(true),
    };
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin' || property === 'reserve') return refuseTransaction;
      return Reflect.get(target, property, receiver);
    },
  });
}
