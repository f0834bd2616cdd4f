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
// plan_cache_mode ($3, 'force_generic_plan' or null for the server's setting): see preparedStatement.
// Parallel workers ($2, '0' or null for the server's setting): only for statements without LIMIT (counts, exports). For a page, PostgreSQL
// costs the ordered merge of the live index with the few superseded rows too high and picks a parallel
// scan and sort of the whole table instead (60 ms against 670 ms at 1M figures with 1% edited).
export const AS_OF_SQL = `select set_config('search_path', '${RELEASE_SCHEMA}, ' || current_setting('search_path'), true), set_config('tot.as_of', $1, true), set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('min_parallel_table_scan_size', '64MB', true), set_config('max_parallel_workers_per_gather', coalesce($2, current_setting('max_parallel_workers_per_gather')), true), set_config('plan_cache_mode', coalesce($3, current_setting('plan_cache_mode')), true)`;

/** The settings of AS_OF_SQL for one statement; `generic` for a prepared page (see preparedStatement). */
export function asOfParams(dataVersion: string, query: string, generic = false): (string | null)[] {
  return [dataVersion, /\blimit\b/i.test(query) ? '0' : null, generic ? 'force_generic_plan' : null];
}

/**
 * A release statement as it is sent prepared: its `LIMIT $n` written into the text when the parameter is
 * a whole number (`limit 51`, the other parameters renumbered), and whether it runs on a generic plan.
 *
 * Planning a statement over a release's views (each table a UNION ALL of the live table and its history
 * table) took 1-3 ms, 2-4x the live statement's, and a page executes in about 1 ms. A page's generic
 * plan is planned once per connection and reused (plan_cache_mode force_generic_plan, set per transaction
 * by AS_OF_SQL). Left to choose (auto), PostgreSQL kept planning pages afresh: a generic plan's `LIMIT $n`
 * is costed as a tenth of the rows, dearer than any custom plan of a page of 50, and planned as such (the
 * reports page: a hash join of every report, not a nested loop over the page's 21). With the LIMIT in the
 * text the generic plan of each bench page is the custom plan (docs/performance.md); one prepared
 * statement per page size. Statements without a LIMIT (counts) are left to PostgreSQL's choice: their
 * generic plans estimate `report_id in ($1, ...)` from the averages of the history tables, whose few rows
 * gather on the keys that were edited (55 reports among 11,000 superseded figures), and read every
 * superseded version through the validity index (13.6 ms against 6.2 for the custom plan). The data
 * version is no parameter (the views read `tot.as_of` once per execution): one plan serves every release.
 */
export function preparedStatement(text: string, params: readonly unknown[]): { text: string; params: unknown[]; generic: boolean } {
  const inlined = new Set<number>();
  let out = text.replace(/\blimit \$(\d+)\b/gi, (whole, n: string) => {
    const value = params[Number(n) - 1];
    const integer = typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : typeof value === 'string' && /^\d{1,15}$/.test(value);
    if (!integer) return whole;
    inlined.add(Number(n));
    return `limit ${Number(value)}`;
  });
  if (inlined.size === 0) return { text, params: [...params], generic: false };
  // a parameter still used elsewhere stays; the others go, and those after them move down
  const used = new Set([...out.matchAll(/\$(\d+)\b/g)].map((m) => Number(m[1])));
  const renumber = new Map<number, number>();
  const kept: unknown[] = [];
  params.forEach((value, i) => {
    if (inlined.has(i + 1) && !used.has(i + 1)) return;
    kept.push(value);
    renumber.set(i + 1, kept.length);
  });
  out = out.replace(/\$(\d+)\b/g, (whole, n: string) => `$${renumber.get(Number(n)) ?? n}`);
  return { text: out, params: kept, generic: true };
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
 * text, whether it becomes a named prepared statement. AS_OF_SQL is always prepared (one text): planned
 * afresh, it added 0.4 ms to every release statement (a one-row statement: 0.9-1.0 ms against 0.25
 * live; prepared 0.5-0.6).
 */
export function postgresAsOf(client: postgres.Sql, dataVersion: number, prepare: (query: string) => boolean): postgres.Sql {
  const version = String(dataVersion);
  const unsafe = (query: string, params?: unknown[]) => {
    const inlined = preparedStatement(RELEASE_TAG + query, params ?? []);
    // only a statement sent prepared is sent with its LIMIT inlined (and a page then gets a generic plan)
    const prepared = prepare(inlined.text);
    const { text, params: values_, generic } = prepared ? inlined : { text: RELEASE_TAG + query, params: params ?? [], generic: false };
    const run = async (values: boolean) => {
      const connection = await client.reserve();
      try {
        const statement = connection.unsafe(text, values_ as never[], { prepare: prepared });
        const [, , rows] = await Promise.all([
          connection.unsafe('begin read only'),
          connection.unsafe(AS_OF_SQL, asOfParams(version, query, generic), { prepare: true }),
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
