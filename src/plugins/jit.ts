// graphql-jit for the read operations it answers exactly as graphql-js does, and graphql-js for the rest.
//
// graphql-jit compiles a document into one function per operation: no per-field resolver bookkeeping,
// no completeValue walk (issue 17: Q2's CPU per request halves). Run on every operation it changed what
// clients see in three places (docs/performance.md): plugin-drizzle's per-parent relation loads split
// into more statements under its execution order, its own variable coercion gave other messages for
// bad variables, and a non-null variable with a default was reported missing. So a document is
// compiled only when all of it is inside what is known to behave the same:
// - a query, no directives, no variable defaults, and variables that graphql-js coerces without error
//   (a bad variable is answered by graphql-js, with the scalar's own message);
// - root fields returning Region, Report or RecruitmentFigure objects (or lists of them), or the root
//   figure connection;
// - below them only `__typename`, plain column fields without arguments (the fields the figure fast
//   path serves from a row, src/schema/figure-json.ts), and figure connections that the fast path
//   answers in one statement; no relation resolved per parent, no abstract type, no introspection.
// test/perf/jit.test.ts runs every example in docs/queries and the bench's operations both ways and compares.
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isListType,
  isObjectType,
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { FIGURE_CONNECTION, fastConnection, fieldsOf, plainObject, type Fragments } from '../schema/figure-json.js';

/** Whether graphql-jit answers this operation as graphql-js would (see the head of this file). */
export function jitServes(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query' || operation.directives?.length) return false;
  if (operation.variableDefinitions?.some((v) => v.defaultValue || v.directives?.length)) return false;
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const query = schema.getQueryType();
  const roots = query && fieldsOf(operation.selectionSet, query, fragments);
  if (!roots || roots.length === 0) return false;
  return roots.every((node) => {
    const name = node.name.value;
    if (name === '__typename') return true;
    const field = query.getFields()[name];
    if (!field) return false;
    if (getNamedType(field.type).name === FIGURE_CONNECTION) return fastConnection(field, node, fragments);
    const type = getNamedType(field.type);
    // a list of lists would be no relation, but nothing in this schema has one: keep the rule simple
    const inner = getNullableType(field.type);
    if (isListType(inner) && isListType(getNullableType(inner.ofType))) return false;
    return isObjectType(type) && plainObject(node.selectionSet, type, fragments);
  });
}

/** The field nodes the response path `path` was asked for by (all of them, through fragments). */
function fieldNodesAt(operation: OperationDefinitionNode, document: DocumentNode, path: readonly (string | number)[]): FieldNode[] {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let nodes: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    nodes = [];
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if ((selection.alias ?? selection.name).value === key) nodes.push(selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          visit(selection.selectionSet);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment) visit(fragment);
        }
      }
    };
    sets.forEach(visit);
    sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  }
  return nodes;
}

/**
 * graphql-jit's errors from resolvers carry a path and locations but not the field's nodes, and yoga
 * rebuilds errors from their nodes, so the locations were lost. Put the nodes graphql-js would give
 * (every node the field was asked by) so that a client sees the same error either way.
 */
function withLocations(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.length) return result;
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return result;
  const errors = result.errors.map((error) => {
    // yoga rebuilds errors from their nodes (masking), so the nodes are what must be there
    if (error.nodes?.length || !error.path?.length) return error;
    const nodes = fieldNodesAt(operation, args.document, error.path);
    if (!nodes.length) return error;
    return new GraphQLError(error.message, { nodes, path: error.path, originalError: error.originalError, extensions: error.extensions });
  });
  return { ...result, errors };
}

export function useJit(): Plugin {
  // per document and operation name: the compiled query, or null when it is not compiled
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const compiledFor = (args: ExecutionArgs): CompiledQuery | null => {
    let byName = compiled.get(args.document);
    if (!byName) compiled.set(args.document, (byName = new Map()));
    const key = args.operationName ?? '';
    let entry = byName.get(key);
    if (entry === undefined) {
      entry = null;
      if (jitServes(args.schema, args.document, args.operationName)) {
        const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
        if (isCompiledQuery(result)) entry = result;
      }
      byName.set(key, entry);
    }
    return entry;
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!compiledFor(args)) return;
      const operation = getOperationAST(args.document, args.operationName);
      // graphql-js coerces the variables first: a bad one gets its error from graphql-js
      const coerced = getVariableValues(args.schema, operation?.variableDefinitions ?? [], args.variableValues ?? {});
      if (coerced.errors) return;
      setExecuteFn((executeArgs) => {
        // plugins after this one (the response cache) may execute a rewritten document: compile that one
        const query = compiledFor(executeArgs);
        if (!query) return executeFn(executeArgs);
        const result = query.query(executeArgs.rootValue, executeArgs.contextValue, executeArgs.variableValues);
        return (result instanceof Promise ? result.then((r) => withLocations(r, executeArgs)) : withLocations(result, executeArgs)) as never;
      });
    },
  };
}
