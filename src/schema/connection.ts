// The connection engine: every Relay connection of the schema (figures, reports, coercion factors, the
// audit log; search shares its codec and page subquery) is resolved by `resolveConnection`, root or
// nested under a list of parents. Per request it sends one SQL statement for the page, and one more for
// totalCount only when that is selected; under a list of parents, every parent's page comes in the same
// statement (a LATERAL join over the parent ids), so the statement count stays flat.
//
// The page's rows always come from the one page subquery (src/db/keyset.ts). What is selected over it
// takes one of two paths, and a client cannot tell which ran (test/api/figure-fast-path.test.ts):
// - the fast path, where the connection has one and it covers the selection: the nodes built as JSON
//   in SQL (src/schema/figure-json.ts), resolved by their fields' own resolvers;
// - the general path: plugin-drizzle's planner loads the nodes and whatever is nested under them
//   (queryFromInfo), restricted to the ids of the page.
import type { OutputType } from '@pothos/core';
import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { and, count, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { builder, type PothosTypes } from '../builder.js';
import type { Context } from '../context.js';
import { keysetOrder, orderValueSql, pageSubquery, tableSource, type OrderKey } from '../db/keyset.js';
import { named, rowsOf, ShapedStatements, type Shaped } from '../db/statements.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs, type CursorKey, type KeyedRow, type PageRequest } from '../domain/paging.js';
import { markPlain } from '../pothos/plain-rows-plugin.js';
import { HISTORY_TABLES, historyTable } from '../release/history.js';
import { argumentErrors } from './arguments.js';
import { batchLoad } from './batch.js';

/** What a connection pages over. */
export interface ConnectionSpec {
  /** names its hand-written statements: `/* figurePage *\/`, `/* figurePages *\/` */
  name: string;
  table: PgTable;
  /** the table's key in `db.query` */
  tableName: 'recruitmentFigures' | 'reports' | 'coercionFactors' | 'auditLog';
  /** the GraphQL type of the nodes */
  typeName: string;
  order: OrderKey;
  /** the filter over the (possibly aliased) table */
  where: (table: any) => SQL | undefined;
  /** the fast path, where the connection has one: the plan for this selection, or undefined when it does not cover it */
  jsonPlan?: (info: GraphQLResolveInfo) => JsonPlan | undefined;
  /**
   * `where` over placeholders named from `prefix`, the shape its SQL depends on and the values: fast-path
   * page statements are then rendered once per shape (src/db/statements.ts, ShapedStatements)
   */
  shaped?: (prefix: string) => { shape: string; values: Record<string, unknown>; where: (table: any) => SQL | undefined };
}

let statements: ShapedStatements | undefined;
/** The fast path's page statements, rendered once per document field and shape (made on first use, with the database's dialect). */
export function shapedStatements(db: Context['db']): ShapedStatements {
  return (statements ??= new ShapedStatements((db as unknown as { dialect: ConstructorParameters<typeof ShapedStatements>[0] }).dialect));
}

/** The fast path's page of `spec` with every value a placeholder named from `prefix`, `parentCondition` over the page's rows. */
function shapedJsonPage(spec: ConnectionSpec, plan: JsonPlan, page: PageRequest, prefix: string, parentCondition?: SQL): Shaped & { page: PageRequest } {
  const shaped = shapedPage(page, spec.order, prefix);
  const where = spec.shaped?.(`${prefix}f_`) ?? { shape: '', values: {}, where: spec.where };
  const shapedSpec = { ...spec, where: where.where };
  return {
    page: shaped.page,
    shape: `${shaped.shape}|${where.shape}`,
    values: { ...shaped.values, ...where.values },
    build: () => jsonPageSql(shapedSpec, plan, shaped.page, parentCondition),
  };
}

/** The fast path's plan: SQL text of each node as a JSON object over the page's row `f`, and the joins it needs. */
export interface JsonPlan {
  nodeJson: string;
  joins: string;
}

/** A nested connection's parent: the SQL name of the foreign key, its property on loaded rows, and the parent's id. */
export interface ParentKey {
  column: string;
  key: string;
  id: number;
}

/**
 * The `<name>Connection` and `<name>Edge` types of a connection over `type`, with `totalCount`, described
 * alike everywhere: "A page of {page}.", "how many {counted} match ...", "{edge} and its cursor.".
 */
export function connectionType<Type extends OutputType<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>>>(
  type: Type,
  name: string,
  words: { page: string; counted: string; edge: string },
) {
  return builder.connectionObject(
    {
      type,
      name: `${name}Connection`,
      description: `A page of ${words.page}.`,
      fields: (t) => ({
        totalCount: t.int({
          description: `how many ${words.counted} match across all pages (computed only when asked for)`,
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
    { name: `${name}Edge`, description: `${words.edge} and its cursor.` },
  );
}

/** Rows the fast path built: the node and every object in it are marked as plain (complete) rows. */
function plainNodes(value: unknown): KeyedRow[] {
  const nodes = (typeof value === 'string' ? JSON.parse(value) : value ?? []) as Record<string, unknown>[];
  for (const node of nodes) {
    markPlain(node);
    for (const key in node) {
      const nested = node[key];
      if (nested !== null && typeof nested === 'object') markPlain(nested);
    }
  }
  return nodes as unknown as KeyedRow[];
}

/** The page's rows for the fast path: the whole row and its ordering value. */
function jsonPageSql(spec: ConnectionSpec, plan: JsonPlan, page: PageRequest, parentCondition?: SQL): SQL {
  const source = tableSource(spec.table);
  const f = alias(spec.table, 'f') as any;
  const rows = pageSubquery(
    spec.order,
    page,
    source,
    sql`${sql.identifier('page_source')}.*, ${orderValueSql(spec.order, source.row)} as order_value`,
    and(parentCondition, spec.where(source.row)),
  );
  return sql`select json_agg(${sql.raw(plan.nodeJson)} order by ${keysetOrder(spec.order, page, f)}) as nodes
    from (${rows}) as f ${sql.raw(plan.joins)}`;
}

/** Pages a parent read loaded in its own statement: per request, field node -> parent id -> rows. */
const preloaded = new WeakMap<Context, Map<FieldNode, Map<number, KeyedRow[]>>>();

/**
 * A page request with placeholders (named from `prefix`) in place of its values, the shape its SQL text
 * depends on, and the values (src/db/statements.ts, ShapedStatements).
 */
function shapedPage(page: PageRequest, order: OrderKey, prefix: string): { page: PageRequest; shape: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = { [`${prefix}limit`]: page.limit };
  const key = (name: 'after' | 'before', cursor: CursorKey | null): CursorKey | null => {
    if (!cursor) return null;
    cursor.values.forEach((value, i) => (values[`${prefix}${name}${i}`] = value));
    values[`${prefix}${name}Id`] = cursor.id;
    return {
      values: cursor.values.map((_, i) => sql.placeholder(`${prefix}${name}${i}`) as unknown as string),
      id: sql.placeholder(`${prefix}${name}Id`) as unknown as number,
    };
  };
  return {
    page: { ...page, limit: sql.placeholder(`${prefix}limit`) as unknown as number, after: key('after', page.after), before: key('before', page.before) },
    shape: `${order.name}:${page.backward ? 'back' : 'fwd'}:${page.after ? 'after' : ''}:${page.before ? 'before' : ''}`,
    values,
  };
}

/**
 * The fast-path page of `spec` asked for by `field` under the outer row of a parent read, as a scalar
 * subquery over that row's id (`parentId`), so that the parent rows and their pages are one statement
 * (src/schema/region.ts), shaped (spec.shaped). Undefined when the fast path does not serve the selection or the arguments are refused: the field
 * then loads on its own, and reports the error where it belongs.
 */
export function pageUnderParent(
  spec: ConnectionSpec,
  field: FieldNode,
  fragments: GraphQLResolveInfo['fragments'],
  args: ConnectionArgs,
  parent: { column: string; id: SQL },
  prefix: string,
): Shaped | undefined {
  let page: PageRequest;
  try {
    page = pageRequest(args, spec.order);
  } catch {
    return undefined;
  }
  // the plan is cached by field node: the field's own resolver finds the same one
  const plan = page.size === 0 ? undefined : spec.jsonPlan?.({ fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo);
  if (!plan) return undefined;
  const condition = sql`${sql.identifier('page_source')}.${sql.identifier(parent.column)} = ${parent.id}`;
  const { shape, values, build } = shapedJsonPage(spec, plan, page, prefix, condition);
  return { shape, values, build: () => sql`(${build()})` };
}

/** Hands the page a parent read loaded (pageUnderParent) to the field's resolver under that parent. */
export function preloadPage(ctx: Context, field: FieldNode, parentId: number, nodes: unknown): void {
  let byField = preloaded.get(ctx);
  if (!byField) preloaded.set(ctx, (byField = new Map()));
  let byParent = byField.get(field);
  if (!byParent) byField.set(field, (byParent = new Map()));
  byParent.set(parentId, plainNodes(nodes));
}

/** The page's ids for the general path: `id in (...)` over the table plugin-drizzle loads from. */
function pageIdsSql(spec: ConnectionSpec, page: PageRequest, parentCondition?: SQL): SQL {
  const source = tableSource(spec.table);
  return pageSubquery(spec.order, page, source, sql`${source.row.id} as id`, and(parentCondition, spec.where(source.row)));
}

function idList(ids: number[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::int[]`;
}

function nodeQuery(ctx: Context, info: GraphQLResolveInfo, spec: ConnectionSpec, page: PageRequest, extra: object) {
  return queryFromInfo({
    config: getSchemaConfig(builder),
    context: ctx,
    info,
    typeName: spec.typeName,
    path: ['edges', 'node'],
    ...extra,
    extras: { orderValue: (t: any) => orderValueSql(spec.order, t) },
    orderBy: (t: any) => [keysetOrder(spec.order, page, t)],
  } as never) as Record<string, unknown>;
}

function findMany(ctx: Context, spec: ConnectionSpec, query: Record<string, unknown>): Promise<KeyedRow[]> {
  const table = (ctx.db.query as unknown as Record<string, { findMany(q: unknown): Promise<KeyedRow[]> }>)[spec.tableName];
  return table!.findMany(query);
}

/**
 * Resolves a connection: at the root (Query.recruitmentFigures) without `parent`, or under a parent row
 * (Region.recruitmentFigures) with it, batched with the same field of the parent's siblings.
 */
export function resolveConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: ConnectionArgs,
  spec: ConnectionSpec,
  parent?: ParentKey,
): Promise<Connection<KeyedRow>> {
  const page = argumentErrors(() => pageRequest(args, spec.order));
  return parent ? nestedConnection(ctx, info, spec, page, args, parent) : rootConnection(ctx, info, spec, page);
}

async function rootConnection(ctx: Context, info: GraphQLResolveInfo, spec: ConnectionSpec, page: PageRequest): Promise<Connection<KeyedRow>> {
  const plan = page.size === 0 ? undefined : spec.jsonPlan?.(info);
  let rows: KeyedRow[] = [];
  if (plan) {
    const statement = shapedJsonPage(spec, plan, page, '');
    const text = shapedStatements(ctx.db).sql(info.fieldNodes[0]!, { ...statement, build: () => named(`${spec.name}Page`, statement.build()) });
    rows = plainNodes(rowsOf(await ctx.db.execute(text))[0]?.nodes);
  } else if (page.size > 0) {
    rows = await findMany(
      ctx,
      spec,
      nodeQuery(ctx, info, spec, page, { where: { RAW: (t: any) => sql`${t.id} in (${pageIdsSql(spec, page)})` } }),
    );
  }
  return toConnection(rows, spec.order, page, async () => {
    const where = spec.where(spec.table);
    if (!where && ctx.releaseVersion !== undefined && HISTORY_TABLES.includes(spec.table)) return releaseCountAll(ctx, spec.table);
    const [row] = await ctx.db.select({ n: count() }).from(spec.table).where(where);
    return row?.n ?? 0;
  });
}

/**
 * Every row of a release of `table`, counted as the live rows, less those begun since the release, plus
 * the superseded versions valid at it: the same number as a count over the release's view, without
 * checking each live row's valid_from (the last column of older rows, behind its text columns). At 1M
 * figures with 1% edited since the release: 88-93 ms against 68-77 ms live, where the count over the
 * release's view took 158-185 ms (docs/performance.md).
 */
async function releaseCountAll(ctx: Context, table: PgTable): Promise<number> {
  const name = getTableName(table);
  const live = sql.raw(`public.${JSON.stringify(name)}`);
  const asOf = sql`current_setting('tot.as_of')::bigint`;
  const [row] = rowsOf<{ n: number | string }>(
    await ctx.db.execute(
      named(
        'releaseCountAll',
        // `valid_from > 0` lets the planner take the partial index on valid_from (it cannot see that the
        // setting is above 0): the rows begun since are read from it, not found by a second full scan
        sql`select (select count(*) from ${live}) - (select count(*) from ${live} where valid_from > 0 and valid_from > ${asOf})
          + (select count(*) from ${sql.raw(historyTable(name))} where valid_from <= ${asOf} and valid_to > ${asOf}) as n`,
      ),
    ),
  );
  return Number(row?.n ?? 0);
}

function nestedConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  spec: ConnectionSpec,
  page: PageRequest,
  args: ConnectionArgs,
  parent: ParentKey,
): Promise<Connection<KeyedRow>> {
  const group = info.fieldNodes[0] ?? info;
  const argsKey = JSON.stringify(args);
  const plan = page.size === 0 ? undefined : spec.jsonPlan?.(info);
  // Planned for every parent, not once per batch: planning records where the nested selections of
  // this parent's rows were loaded, so that their fields resolve from the rows instead of reloading.
  // The fast path needs no plan: its rows carry all their fields.
  const planned = page.size === 0 || plan ? undefined : nodeQuery(ctx, info, spec, page, { columns: { [parent.key]: true } });

  const loadPages = async (parentIds: number[]): Promise<Map<number, KeyedRow[]>> => {
    const parentCondition = sql`${sql.identifier('page_source')}.${sql.identifier(parent.column)} = parents.id`;
    if (plan) {
      const result = await ctx.db.execute(
        named(
          `${spec.name}Pages`,
          sql`select parents.id as parent, page.nodes
      from unnest(${idList(parentIds)}) as parents(id)
      cross join lateral (${jsonPageSql(spec, plan, page, parentCondition)}) as page`,
        ),
      );
      return new Map(rowsOf(result).map((row) => [Number(row.parent), plainNodes(row.nodes)]));
    }
    const byParent = new Map<number, KeyedRow[]>(parentIds.map((id) => [id, []]));
    if (!planned) return byParent;
    const rows = await findMany(ctx, spec, {
      ...planned,
      where: {
        RAW: (t: any) => sql`${t.id} in (
          select paged.id from unnest(${idList(parentIds)}) as parents(id)
          cross join lateral (${pageIdsSql(spec, page, parentCondition)}) as paged)`,
      },
    });
    for (const row of rows) byParent.get((row as unknown as Record<string, number>)[parent.key]!)?.push(row);
    return byParent;
  };

  const loadCounts = async (parentIds: number[]) => {
    const table = spec.table as any;
    const rows = await ctx.db
      .select({ parent: table[parent.key], n: count() })
      .from(spec.table)
      .where(and(inArray(table[parent.key], parentIds), spec.where(table)))
      .groupBy(table[parent.key]);
    return new Map<number, number>(rows.map((r: { parent: number; n: number }) => [r.parent, r.n]));
  };

  const loadCount = () => batchLoad(ctx, group, `${argsKey}#count`, parent.id, loadCounts, () => 0);
  // read with the parent row (pageUnderParent): a field asked once, under this very parent
  const early = info.fieldNodes.length === 1 ? preloaded.get(ctx)?.get(info.fieldNodes[0]!)?.get(parent.id) : undefined;
  if (early) return Promise.resolve(toConnection(early, spec.order, page, loadCount));
  return batchLoad(ctx, group, argsKey, parent.id, loadPages, () => []).then((rows) => toConnection(rows, spec.order, page, loadCount));
}
