// The fast path of the recruitment-figure connections: PostgreSQL builds each page's nodes as JSON
// (the figure's requested columns, and its report and region when asked for), and the nodes resolve
// with their fields' own plain resolvers (src/schema/plain-rows-plugin.ts). It skips plugin-drizzle's
// query planning per parent and its selection mapping per row, which were most of the JavaScript a
// nested list of figures cost (docs/performance.md).
//
// It serves only selections it covers entirely: the figure's columns and value, and the plain columns
// of its report and region. Anything else (a relation of the report, timestamps, a directive, a
// fragment on another type) takes the general path, so an answer never depends on which path ran.
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** GraphQL field -> the [JSON key (= drizzle property), SQL column] pairs it needs on the row */
type FieldColumns = Record<string, [string, string][]>;

const col = (property: string, column = property): [string, string] => [property, column];

const FIGURE_FIELDS: FieldColumns = {
  __typename: [],
  id: [],
  metric: [col('metric')],
  periodStart: [col('periodStart', 'period_start')],
  periodEnd: [col('periodEnd', 'period_end')],
  periodAsStated: [col('periodAsStated', 'period_as_stated')],
  unit: [col('unit')],
  periodKind: [col('periodKind', 'period_kind')],
  periodStartPrecision: [col('periodStartPrecision', 'period_start_precision')],
  periodEndPrecision: [col('periodEndPrecision', 'period_end_precision')],
  attributedTo: [col('attributedTo', 'attributed_to')],
  quote: [col('quote')],
  quoteEn: [col('quoteEn', 'quote_en')],
  note: [col('note')],
  version: [col('version')],
  value: [col('best'), col('low'), col('high'), col('qualifier'), col('asStated', 'as_stated')],
};

const REPORT_FIELDS: FieldColumns = {
  __typename: [],
  id: [col('id')],
  slug: [col('slug')],
  title: [col('title')],
  publisher: [col('publisher')],
  sourceKind: [col('sourceKind', 'source_kind')],
  speaker: [col('speaker')],
  publishedOn: [col('publishedOn', 'published_on')],
  publishedOnPrecision: [col('publishedOnPrecision', 'published_on_precision')],
  sourceUrl: [col('sourceUrl', 'source_url')],
  language: [col('language')],
  periodStart: [col('periodStart', 'period_start')],
  periodEnd: [col('periodEnd', 'period_end')],
  summary: [col('summary')],
  note: [col('note')],
  version: [col('version')],
};

const REGION_FIELDS: FieldColumns = {
  __typename: [],
  id: [col('id')],
  code: [col('code')],
  katottg: [col('katottg')],
  nameEn: [col('nameEn', 'name_en')],
  nameUk: [col('nameUk', 'name_uk')],
  kind: [col('kind')],
};

export interface FigureJsonPlan {
  /**
   * SQL text of the node object over the figure row `f`, its report `r` and region `g`. Built only
   * from the constant column names above, never from client input.
   */
  nodeJson: string;
  /** SQL text joining `r` and `g` to `f` where the node needs them */
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

/** `json_build_object(...)` of the columns `fields` need on the table aliased `alias`; undefined when a field is not covered. */
function objectSql(fields: Collected, covered: FieldColumns, alias: string, extra: string[] = []): string | undefined {
  const pairs = new Map<string, string>();
  for (const name of fields.keys()) {
    const columns = covered[name];
    if (!columns) return undefined;
    for (const [property, column] of columns) pairs.set(property, `${alias}.${column}`);
  }
  const args = [...extra];
  for (const [property, expression] of pairs) args.push(`'${property}', ${expression}`);
  return `json_build_object(${args.join(', ')})`;
}

function plan(info: GraphQLResolveInfo): FigureJsonPlan | undefined {
  const fragments = info.fragments;
  const connection = collectAll(info.fieldNodes, 'RecruitmentFigureConnection', fragments);
  if (!connection) return undefined;
  for (const name of connection.keys()) {
    if (name !== 'edges' && name !== 'pageInfo' && name !== 'totalCount' && name !== '__typename') return undefined;
  }
  const edge = collectAll(connection.get('edges') ?? [], 'RecruitmentFigureEdge', fragments);
  if (!edge) return undefined;
  for (const name of edge.keys()) if (name !== 'cursor' && name !== 'node' && name !== '__typename') return undefined;
  const figure = collectAll(edge.get('node') ?? [], 'RecruitmentFigure', fragments);
  if (!figure) return undefined;

  // id and orderValue are always there: the cursor is built from them.
  const extra = ["'id', f.id", "'orderValue', f.order_value"];
  let report: string | undefined;
  let region: string | undefined;
  const figureFields: Collected = new Map();
  for (const [name, nodes] of figure) {
    if (name === 'report' || name === 'region') {
      const isReport = name === 'report';
      const fields = collectAll(nodes, isReport ? 'Report' : 'Region', fragments);
      const json = fields && objectSql(fields, isReport ? REPORT_FIELDS : REGION_FIELDS, isReport ? 'r' : 'g');
      if (!json) return undefined;
      if (isReport) report = json;
      else region = json;
    } else {
      figureFields.set(name, nodes);
    }
  }
  if (report) extra.push(`'report', ${report}`);
  if (region) extra.push(`'region', ${region}`);
  const nodeJson = objectSql(figureFields, FIGURE_FIELDS, 'f', extra);
  if (!nodeJson) return undefined;
  const joins = [
    ...(report ? ['join reports as r on r.id = f.report_id'] : []),
    ...(region ? ['join regions as g on g.id = f.region_id'] : []),
  ].join(' ');
  return { nodeJson, joins };
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
  const made = plan(info);
  plans.set(first, { nodes: [...info.fieldNodes], plan: made ?? null });
  return made;
}
