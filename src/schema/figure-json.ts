// The fast path of the recruitment-figure connections: PostgreSQL builds each page's nodes as JSON
// (the figure's requested columns, and its report and region when asked for), and the nodes resolve
// with their fields' own plain resolvers (src/pothos/plain-rows-plugin.ts). It skips plugin-drizzle's
// query planning per parent and its selection mapping per row, which were most of the JavaScript a
// nested list of figures cost (docs/performance.md). src/schema/connection.ts calls it.
//
// It serves only selections it covers entirely. Anything else (a relation of the report, timestamps, a
// directive, a fragment on another type, a field with arguments) takes the general path, so an answer
// never depends on which path ran.
//
// What it covers is declared once, in FAST_TYPES below: a GraphQL field named like a column of the
// type's table (its drizzle property) is served from that column, `computed` fields from the columns
// they list, `joined` fields as the joined type's object; `excluded` names the fields it leaves to the
// general path. Adding a column field to RecruitmentFigure, Report or Region therefore needs nothing
// here; a field that is not a column must be added to `computed`, `joined` or `excluded`, and
// test/api/figure-fast-path.test.ts fails until it is.
import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  getNamedType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { recruitmentFigures, regions, reports } from '../db/schema.js';

export interface FastType {
  typeName: string;
  table: PgTable;
  /** the table's alias in the page statement */
  alias: string;
  /** fields built from several columns: field -> the drizzle properties its resolver reads */
  computed?: Record<string, readonly string[]>;
  /** object fields served by joining their row: field -> the type and the foreign key on this table */
  joined?: Record<string, { type: FastType; foreignKey: Column }>;
  /** fields the fast path leaves to the general path, and why */
  excluded: Record<string, string>;
}

const TIMESTAMPS = 'DateTime columns: left to the general path, whose serialization is the reference';

const REGION: FastType = {
  typeName: 'Region',
  table: regions,
  alias: 'g',
  excluded: {
    parent: 'a relation',
    children: 'a relation',
    members: 'a relation',
    groups: 'a relation',
    recruitmentFigures: 'a connection',
    recruitmentSummary: 'analytics, computed per request (src/schema/summary.ts)',
  },
};

const REPORT: FastType = {
  typeName: 'Report',
  table: reports,
  alias: 'r',
  excluded: {
    publications: 'a relation',
    coercionFactors: 'a relation',
    recruitmentFigures: 'a connection',
    createdAt: TIMESTAMPS,
    updatedAt: TIMESTAMPS,
  },
};

const FIGURE: FastType = {
  typeName: 'RecruitmentFigure',
  table: recruitmentFigures,
  alias: 'f',
  computed: { value: ['best', 'low', 'high', 'qualifier', 'asStated'] },
  joined: {
    report: { type: REPORT, foreignKey: recruitmentFigures.reportId },
    region: { type: REGION, foreignKey: recruitmentFigures.regionId },
  },
  excluded: { createdAt: TIMESTAMPS, updatedAt: TIMESTAMPS, variants: 'a relation' },
};

/** Every type the fast path builds, by GraphQL name. */
export const FAST_TYPES: Record<string, FastType> = { RecruitmentFigure: FIGURE, Report: REPORT, Region: REGION };

/** GraphQL field -> the [JSON key (= drizzle property), SQL column] pairs it needs on the row; undefined when not served. */
function columnsOf(type: FastType, field: string): [string, string][] | undefined {
  if (field in type.excluded) return undefined;
  if (field === '__typename') return [];
  const columns = getTableColumns(type.table) as Record<string, Column>;
  const computed = type.computed?.[field];
  if (computed) return computed.map((property) => [property, columns[property]!.name]);
  const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
  return column ? [[field, column.name]] : undefined;
}

/** How the fast path treats a field of one of FAST_TYPES: for the coverage test and the docs. */
export function fastPathCoverage(typeName: string, field: string): 'served' | 'joined' | 'excluded' | 'not covered' {
  const type = FAST_TYPES[typeName];
  if (!type) return 'not covered';
  if (field in type.excluded) return 'excluded';
  if (type.joined && Object.hasOwn(type.joined, field)) return 'joined';
  return columnsOf(type, field) ? 'served' : 'not covered';
}

export interface FigureJsonPlan {
  /**
   * SQL text of the node object over the figure row `f` and the rows it joins. Built only from the
   * declared tables' column names, never from client input.
   */
  nodeJson: string;
  /** SQL text joining the joined types' rows to `f` where the node needs them */
  joins: string;
}

type Collected = Map<string, FieldNode[]>;

/**
 * The fields a selection set asks for on an object of `typeName`, through fragments, by field name.
 * Undefined when the selection uses anything this path does not reproduce exactly: directives, or a
 * fragment whose type condition is another type.
 */
function collect(
  set: SelectionSetNode | undefined,
  typeName: string,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Collected = new Map(),
): Collected | undefined {
  if (!set) return into;
  for (const selection of set.selections) {
    if (selection.directives?.length) return undefined;
    if (selection.kind === Kind.FIELD) {
      const list = into.get(selection.name.value);
      if (list) list.push(selection);
      else into.set(selection.name.value, [selection]);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
    if (!fragment || fragment.directives?.length) return undefined;
    if (fragment.typeCondition && fragment.typeCondition.name.value !== typeName) return undefined;
    if (!collect(fragment.selectionSet, typeName, fragments, into)) return undefined;
  }
  return into;
}

/** The fields under every node of `fields` (the same field asked for several times, e.g. with aliases). */
function collectAll(
  nodes: readonly FieldNode[],
  typeName: string,
  fragments: Record<string, FragmentDefinitionNode>,
): Collected | undefined {
  const into: Collected = new Map();
  for (const node of nodes) if (!collect(node.selectionSet, typeName, fragments, into)) return undefined;
  return into;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * `json_build_object(...)` of what `fields` need on the row of `type` (aliased `type.alias`), with the
 * objects of its joined fields nested, pushing their joins onto `joins`; undefined when a field is not covered.
 */
function objectSql(
  type: FastType,
  fields: Collected,
  fragments: Record<string, FragmentDefinitionNode>,
  joins: string[],
  extra: [string, string][] = [],
): string | undefined {
  const pairs = new Map<string, string>(extra);
  for (const [name, nodes] of fields) {
    // the columns are the same whatever the arguments; a field that takes some is not a column
    if (nodes.some((node) => node.arguments?.length)) return undefined;
    const joined = type.joined && !(name in type.excluded) && Object.hasOwn(type.joined, name) ? type.joined[name] : undefined;
    if (joined) {
      const nested = collectAll(nodes, joined.type.typeName, fragments);
      const json = nested && objectSql(joined.type, nested, fragments, joins);
      if (!json) return undefined;
      // the JSON key is the relation's name, which the field's own resolver reads
      pairs.set(name, json);
      const on = `${joined.type.alias}.id = ${type.alias}.${quote(joined.foreignKey.name)}`;
      joins.push(`join ${quote(getTableName(joined.type.table))} as ${joined.type.alias} on ${on}`);
      continue;
    }
    const columns = columnsOf(type, name);
    if (!columns) return undefined;
    for (const [property, column] of columns) pairs.set(property, `${type.alias}.${quote(column)}`);
  }
  return `json_build_object(${[...pairs].map(([property, expression]) => `'${property}', ${expression}`).join(', ')})`;
}

/** The plan for a connection field asked for as `fieldNodes`; undefined when the fast path does not serve it. */
export function planFor(fieldNodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): FigureJsonPlan | undefined {
  const connection = collectAll(fieldNodes, 'RecruitmentFigureConnection', fragments);
  if (!connection) return undefined;
  for (const name of connection.keys()) {
    if (name !== 'edges' && name !== 'pageInfo' && name !== 'totalCount' && name !== '__typename') return undefined;
  }
  const edge = collectAll(connection.get('edges') ?? [], 'RecruitmentFigureEdge', fragments);
  if (!edge) return undefined;
  for (const name of edge.keys()) if (name !== 'cursor' && name !== 'node' && name !== '__typename') return undefined;
  const figure = collectAll(edge.get('node') ?? [], FIGURE.typeName, fragments);
  if (!figure) return undefined;
  const joins: string[] = [];
  // id and orderValue are always there: the cursor is built from them. `f` is the page's row
  // (src/schema/connection.ts), with its ordering value as `order_value`.
  const nodeJson = objectSql(FIGURE, figure, fragments, joins, [
    ['id', 'f.id'],
    ['orderValue', 'f.order_value'],
  ]);
  if (!nodeJson) return undefined;
  return { nodeJson, joins: joins.join(' ') };
}

interface Cached {
  nodes: readonly FieldNode[];
  plan: FigureJsonPlan | null;
}

// Documents are parsed once and cached by yoga, so their field nodes are the same objects request
// after request: the plan is made once per document.
const plans = new WeakMap<FieldNode, Cached>();

/** The fast path's plan for the connection field being resolved, or undefined to take the general path. */
export function figureJsonPlan(info: GraphQLResolveInfo): FigureJsonPlan | undefined {
  const first = info.fieldNodes[0];
  if (!first) return undefined;
  const cached = plans.get(first);
  if (cached && cached.nodes.length === info.fieldNodes.length && cached.nodes.every((n, i) => n === info.fieldNodes[i])) {
    return cached.plan ?? undefined;
  }
  const made = planFor(info.fieldNodes, info.fragments);
  plans.set(first, { nodes: [...info.fieldNodes], plan: made ?? null });
  return made;
}

export const FIGURE_CONNECTION = 'RecruitmentFigureConnection';

export type Fragments = Record<string, FragmentDefinitionNode>;

/** Every field of `set` on `type`, through fragments on the same type; undefined for anything else. */
export function fieldsOf(set: SelectionSetNode, type: GraphQLObjectType, fragments: Fragments, into: FieldNode[] = []): FieldNode[] | undefined {
  for (const selection of set.selections) {
    if (selection.directives?.length) return undefined;
    if (selection.kind === Kind.FIELD) {
      into.push(selection);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
    if (!fragment || fragment.directives?.length) return undefined;
    if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) return undefined;
    if (!fieldsOf(fragment.selectionSet, type, fragments, into)) return undefined;
  }
  return into;
}

/** A figure connection the fast path answers: its whole selection is served from one statement. */
export function fastConnection(field: GraphQLField<unknown, unknown>, node: FieldNode, fragments: Fragments): boolean {
  return getNamedType(field.type).name === FIGURE_CONNECTION && planFor([node], fragments) !== undefined;
}

/**
 * Whether a selection on an object of one of FAST_TYPES asks only for what a plain row of it holds:
 * `__typename`, plain columns without arguments, and figure connections the fast path answers.
 * graphql-jit compiles such selections (src/plugins/jit.ts); Query.region reads such a region as a
 * plain row instead of through plugin-drizzle.
 */
export function plainObject(set: SelectionSetNode | undefined, type: GraphQLObjectType, fragments: Fragments): boolean {
  if (!set || !FAST_TYPES[type.name]) return false;
  const fields = fieldsOf(set, type, fragments);
  if (!fields) return false;
  return fields.every((node) => {
    const name = node.name.value;
    if (name === '__typename') return true;
    const field = type.getFields()[name];
    if (!field) return false;
    if (getNamedType(field.type).name === FIGURE_CONNECTION) return fastConnection(field, node, fragments);
    return !node.arguments?.length && !node.selectionSet && fastPathCoverage(type.name, name) === 'served';
  });
}

// per field node of Query.region: whether its selection is plain (documents are cached, nodes reused)
const plainRoots = new WeakMap<FieldNode, boolean>();

/** Whether the root field being resolved (returning `type`) asks only for a plain row's fields. */
export function plainRootSelection(info: GraphQLResolveInfo, type: GraphQLObjectType): boolean {
  const [first, ...rest] = info.fieldNodes;
  if (!first || rest.length) return false;
  let plain = plainRoots.get(first);
  if (plain === undefined) {
    plain = plainObject(first.selectionSet, type, info.fragments);
    plainRoots.set(first, plain);
  }
  return plain;
}
