// Lets the fields of drizzle object types resolve from rows that were not loaded by plugin-drizzle.
//
// plugin-drizzle wraps every field that adds to a query (relations, and exposed columns outside a type's
// `select`) in a resolver that looks up, per row, where the row's query put the field's data (the
// selection mapping); a row it did not plan is reloaded through its model loader. A hot path that builds
// its rows in SQL itself (src/schema/figure-json.ts) marks them with PLAIN_ROW: for those, each such
// field reads its value straight from the row, with the field's own resolver, skipping the lookup.
// Rows without the mark go through plugin-drizzle exactly as before.
//
// Only public API is used: which fields plugin-drizzle wrapped is read from what it hands on (a
// resolver other than the field's own), not from the plugin's internal extensions. What this relies on
// is that a wrapped field's own resolver reads `row[relation]` or `row[column]`;
// test/api/figure-fast-path.test.ts compares every fast-path answer with plugin-drizzle's, byte for byte,
// so an upgrade that changes this fails there.
import { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import SchemaBuilder from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';

const pluginName = 'plainRows';

/** Marks an object whose fields hold all the data its selection asks for, as plugin-drizzle's rows would. */
export const PLAIN_ROW: unique symbol = Symbol.for('tot.plainRow');

export function markPlain<T extends object>(row: T): T {
  (row as Record<symbol, unknown>)[PLAIN_ROW] = true;
  return row;
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      plainRows: PlainRowsPlugin<Types>;
    }
  }
}

export class PlainRowsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'DrizzleObject') return resolver;
    // The field's own resolver, before plugin-drizzle wrapped it. This plugin sits right before
    // plugin-drizzle, so `resolver` is the own one exactly when plugin-drizzle left the field alone.
    const own = (fieldConfig.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Types['Context'], object>;
    if (resolver === own) return resolver;
    return (parent, args, context, info) =>
      (parent as Record<symbol, unknown>)[PLAIN_ROW] === true ? own(parent, args, context, info) : resolver(parent, args, context, info);
  }
}

SchemaBuilder.registerPlugin(pluginName, PlainRowsPlugin);

export default pluginName;
