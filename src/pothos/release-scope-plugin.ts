// Resolves everything under a release with the release's database handle.
//
// A GraphQL context is one per request, but `release(version:)` must answer its whole subtree (reports,
// their figures, a figure's report and region, nested connections, and any relation plugin-drizzle
// loads on its own) from the data as it stood, while the rest of the same request reads live data. So
// the objects of a release carry a context of their own: a copy of the request's whose `db` reads as of
// the release (src/db/as-of.ts) and whose per-request batches are its own. For a field of such an
// object, this plugin calls the resolver with that context, and hands it on to the objects it returns.
// Objects outside a release are untouched: one WeakMap lookup per field.
import { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import SchemaBuilder from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from '../context.js';

const pluginName = 'releaseScope';

const scopes = new WeakMap<object, Context>();
const releaseContexts = new WeakMap<Context, Map<number, Context>>();

/** The request's context for reading the data as of `dataVersion`: one per request and version. */
export function releaseContext(ctx: Context, dataVersion: number): Context {
  let byVersion = releaseContexts.get(ctx);
  if (!byVersion) {
    byVersion = new Map();
    releaseContexts.set(ctx, byVersion);
  }
  let scoped = byVersion.get(dataVersion);
  if (!scoped) {
    scoped = { ...ctx, db: ctx.asOf(dataVersion), batches: new Map(), releaseVersion: dataVersion };
    byVersion.set(dataVersion, scoped);
  }
  return scoped;
}

const MAX_DEPTH = 8;

/** Marks `value` and the objects in it (a connection's edges and nodes, a node's report) as read in `ctx`. */
export function inScope<T>(value: T, ctx: Context, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    for (const item of value) inScope(item, ctx, depth + 1);
    return value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // class instances (dates, errors) are leaves; a release's own wrapper object is marked by its maker
    return value;
  }
  if (scopes.get(value) === ctx) return value;
  scopes.set(value, ctx);
  for (const key of Object.keys(value)) inScope((value as Record<string, unknown>)[key], ctx, depth + 1);
  return value;
}

/** Marks one object (of any class) as read in `ctx`, without walking into it. */
export function markScope<T extends object>(value: T, ctx: Context): T {
  scopes.set(value, ctx);
  return value;
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      releaseScope: ReleaseScopePlugin<Types>;
    }
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export class ReleaseScopePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    _fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    return (parent, args, context, info) => {
      const scoped = parent !== null && typeof parent === 'object' ? scopes.get(parent) : undefined;
      if (!scoped) return resolver(parent, args, context, info);
      const result = resolver(parent, args, scoped as Types['Context'], info);
      return isPromise(result) ? result.then((value) => inScope(value, scoped)) : inScope(result, scoped);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, ReleaseScopePlugin);

export default pluginName;
