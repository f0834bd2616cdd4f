// Resolves a connection: one SQL statement for the page (nested selections folded in by plugin-drizzle's
// queryFromInfo), one more for totalCount only when it is selected. Under a list of parents, the pages of
// every parent are fetched together with a LATERAL join, so the statement count stays flat.
import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { and, count, inArray, sql, type SQL } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { batchLoad } from './batch.js';
import {
  keysetOrder,
  keysetWhere,
  pageRequest,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type KeyedRow,
  type OrderKey,
  type PageRequest,
} from './pagination.js';

type TableName = 'recruitmentFigures' | 'reports' | 'coercionFactors';

export interface ConnectionSpec {
  table: PgTable;
  sqlName: string;
  tableName: TableName;
  /** the GraphQL type of the nodes */
  typeName: string;
  order: OrderKey;
  /** the filter over the (possibly aliased) table */
  where: (table: any) => SQL | undefined;
}

function nodeQuery(ctx: Context, info: GraphQLResolveInfo, spec: ConnectionSpec, page: PageRequest, extra: object) {
  return queryFromInfo({
    config: getSchemaConfig(builder),
    context: ctx,
    info,
    typeName: spec.typeName,
    path: ['edges', 'node'],
    ...extra,
    extras: { orderValue: (t: any) => sql<string>`(${spec.order.expression(t)})::text` },
    orderBy: (t: any) => [keysetOrder(spec.order, page, t)],
  } as never) as Record<string, unknown>;
}

function findMany(ctx: Context, spec: ConnectionSpec, query: Record<string, unknown>): Promise<KeyedRow[]> {
  const table = (ctx.db.query as unknown as Record<string, { findMany(q: unknown): Promise<KeyedRow[]> }>)[spec.tableName];
  return table!.findMany(query);
}

/** A root connection, e.g. Query.recruitmentFigures. */
export async function resolveRootConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: ConnectionArgs,
  spec: ConnectionSpec,
): Promise<Connection<KeyedRow>> {
  const page = pageRequest(args, spec.order);
  const rows =
    page.size === 0
      ? []
      : await findMany(
          ctx,
          spec,
          nodeQuery(ctx, info, spec, page, {
            where: { RAW: (t: any) => and(spec.where(t), keysetWhere(spec.order, page, t)) ?? sql`true` },
            limit: page.limit,
          }),
        );
  return toConnection(rows, spec.order, page, async () => {
    const [row] = await ctx.db
      .select({ n: count() })
      .from(spec.table)
      .where(spec.where(spec.table));
    return row?.n ?? 0;
  });
}

/**
 * A connection under a parent row, e.g. Region.recruitmentFigures. `parentColumn` is the SQL name of the
 * foreign key on the connection's table and `parentKey` its property name on loaded rows.
 */
export function resolveNestedConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: ConnectionArgs,
  spec: ConnectionSpec,
  parent: { column: string; key: string; id: number },
): Promise<Connection<KeyedRow>> {
  const page = pageRequest(args, spec.order);
  const group = info.fieldNodes[0] ?? info;
  const argsKey = JSON.stringify(args);

  // Planned for every parent, not once per batch: planning records where the nested selections of
  // this parent's rows were loaded, so that their fields resolve from the rows instead of reloading.
  const planned = page.size === 0 ? undefined : nodeQuery(ctx, info, spec, page, { columns: { [parent.key]: true } });

  const loadPages = async (parentIds: number[]) => {
    const byParent = new Map<number, KeyedRow[]>(parentIds.map((id) => [id, []]));
    if (!planned) return byParent;
    const inner = alias(spec.table, 'page_source') as any;
    const ids = sql.join(
      parentIds.map((id) => sql`${id}`),
      sql`, `,
    );
    const rows = await findMany(ctx, spec, {
      ...planned,
      where: {
        RAW: (t: any) => sql`${t.id} in (
          select paged.id from unnest(array[${ids}]::int[]) as parents(id)
          cross join lateral (
            select ${inner.id} as id from ${sql.identifier(spec.sqlName)} as ${sql.identifier('page_source')}
            where ${sql.identifier('page_source')}.${sql.identifier(parent.column)} = parents.id
              and ${and(spec.where(inner), keysetWhere(spec.order, page, inner)) ?? sql`true`}
            order by ${keysetOrder(spec.order, page, inner)}
            limit ${page.limit}
          ) as paged)`,
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

  return batchLoad(ctx, group, argsKey, parent.id, loadPages, () => []).then((rows) =>
    toConnection(rows, spec.order, page, () => batchLoad(ctx, group, `${argsKey}#count`, parent.id, loadCounts, () => 0)),
  );
}
