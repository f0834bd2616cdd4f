// Abuse limits on what one request may ask: tokens, depth, aliases, directives, cost, IDs and batch
// size. graphql-armor measures (its rules report what they count through onAccept); this module
// compares each measure with its limit and answers with a GraphQL error whose extensions.code names
// the limit and whose message gives the limit's value and what was found, so a client knows what to
// change.
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  GraphQLError,
  Kind,
  validate,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxBatchOperations: number;
  /** most global IDs one request may look up with `nodes(ids:)` (GitHub allows 100) */
  maxNodeIds: number;
  /** page size a connection returns when the client gives no first/last */
  defaultPageSize: number;
  /** largest page a connection returns, whatever the client asks */
  maxPageSize: number;
  /** hide "Did you mean ...?" hints, which let a stranger map a schema that is not public */
  blockFieldSuggestions: boolean;
}

/** The extensions.code of each refusal. */
export const LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
  cost: 'QUERY_TOO_COSTLY',
  nodeIds: 'TOO_MANY_IDS',
  batch: 'TOO_MANY_OPERATIONS',
} as const;

type LimitName = keyof typeof LIMIT_CODES;

function limitError(name: LimitName, limit: number, message: string, found?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: LIMIT_CODES[name],
      limit,
      ...(found === undefined ? {} : { found }),
      http: { status: name === 'batch' ? 413 : 400 },
    },
  });
}

/** What armor's validation rules accept: each counts one thing and hands the count to onAccept. */
type ArmorCountingRule = (options: {
  n: number;
  propagateOnRejection: boolean;
  onAccept: ((context: ValidationContext | null, details: { n: number }) => void)[];
}) => ValidationRule;

interface ValidationLimit {
  name: LimitName;
  rule: ArmorCountingRule;
  limit: (limits: QueryLimits) => number;
  message: (limit: number, found: number) => string;
}

/** The limits checked while a document is validated, one row each. */
const VALIDATION_LIMITS: ValidationLimit[] = [
  {
    name: 'depth',
    rule: maxDepthRule as ArmorCountingRule,
    limit: (l) => l.maxDepth,
    message: (limit, found) => `The query is too deep: the limit is ${limit} levels of nesting; this one has ${found}.`,
  },
  {
    name: 'aliases',
    rule: maxAliasesRule as ArmorCountingRule,
    limit: (l) => l.maxAliases,
    message: (limit, found) => `The operation uses too many aliases: the limit is ${limit}; this one has ${found}.`,
  },
  {
    name: 'directives',
    rule: maxDirectivesRule as ArmorCountingRule,
    limit: (l) => l.maxDirectives,
    message: (limit, found) => `The operation uses too many directives: the limit is ${limit}; this one has ${found}.`,
  },
];

/**
 * armor's rule run with no limit of its own, so that it always reports its count through onAccept;
 * the count is compared with `limit` here.
 */
function countingRule(row: ValidationLimit, limit: number): ValidationRule {
  return (context) =>
    row.rule({
      n: Number.MAX_SAFE_INTEGER,
      propagateOnRejection: false,
      onAccept: [
        (_ctx, { n }) => {
          if (n > limit) context.reportError(limitError(row.name, limit, row.message(limit, n), n));
        },
      ],
    })(context);
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules = VALIDATION_LIMITS.map((row) => countingRule(row, row.limit(limits)));
  const plugins: Plugin[] = [
    // Tokens are counted while parsing, so that a huge document is never parsed whole; the parser
    // stops at the first token past the limit, so the total is unknown.
    maxTokensPlugin({
      n: limits.maxTokens,
      propagateOnRejection: false,
      onReject: [
        () => {
          throw limitError('tokens', limits.maxTokens, `The document is too long: the limit is ${limits.maxTokens} tokens.`);
        },
      ],
    }) as Plugin,
    { onValidate: ({ addValidationRule }) => rules.forEach((rule) => addValidationRule(rule)) },
  ];
  if (limits.blockFieldSuggestions) plugins.push(blockFieldSuggestionsPlugin() as Plugin);

  return {
    onPluginInit({ addPlugin }) {
      for (const plugin of plugins) addPlugin(plugin);
    },
    onRequestParse() {
      return {
        // Runs before yoga's own batch check, so the refusal carries our code and the limit.
        onRequestParseDone({ requestParserResult }) {
          if (!Array.isArray(requestParserResult)) return;
          if (limits.maxBatchOperations === 0) {
            throw limitError('batch', 0, 'Batched requests are not accepted here: send one operation per request.');
          }
          if (requestParserResult.length > limits.maxBatchOperations) {
            throw limitError(
              'batch',
              limits.maxBatchOperations,
              `The batch is too large: the limit is ${limits.maxBatchOperations} operations per request; this one has ${requestParserResult.length}.`,
              requestParserResult.length,
            );
          }
        },
      };
    },
    // IDs and cost are checked once the variables are known: validation results are cached per
    // document, and `first: $n` or `ids: $ids` must cost what the variables say.
    onExecute({ args, setResultAndStopExecution }) {
      const variables = args.variableValues ?? {};
      const ids = nodeIdCount(args.document, variables);
      if (ids > limits.maxNodeIds) {
        setResultAndStopExecution({
          errors: [
            limitError(
              'nodeIds',
              limits.maxNodeIds,
              `Too many IDs: the limit is ${limits.maxNodeIds} IDs in nodes(ids:) per request; this one has ${ids}. Ask in several requests.`,
              ids,
            ),
          ],
        });
        return;
      }
      const cost = cachedOperationCost(args.schema, args.document, variables, limits);
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            limitError(
              'cost',
              limits.maxCost,
              `The query is too costly: the limit is ${limits.maxCost} points; this one costs ${cost}. Ask for smaller pages (first/last), fewer IDs or fewer nested lists.`,
              cost,
            ),
          ],
        });
      }
    },
  };
}

/** How many IDs an `ids:` argument holds: a list literal's items, a variable's array, or one. */
function idsIn(value: ValueNode, variables: Record<string, unknown>): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return Array.isArray(given) ? given.length : given === undefined || given === null ? 0 : 1;
  }
  return value.kind === Kind.NULL ? 0 : 1;
}

function idsArgument(field: FieldNode): ArgumentNode | undefined {
  return field.name.value === 'nodes' ? field.arguments?.find((a) => a.name.value === 'ids') : undefined;
}

/** Every ID the document's `nodes(ids:)` fields look up, summed over aliases and fragments. */
export function nodeIdCount(document: DocumentNode, variables: Record<string, unknown>): number {
  let total = 0;
  for (const value of idArgumentsOf(document)) total += idsIn(value, variables);
  return total;
}

/** Per document (yoga's parser cache hands back the same node for the same text): its `ids:` arguments. */
const idArguments = new WeakMap<DocumentNode, ValueNode[]>();

function idArgumentsOf(document: DocumentNode): ValueNode[] {
  let values = idArguments.get(document);
  if (!values) {
    const found: ValueNode[] = [];
    visit(document, {
      Field(field) {
        const arg = idsArgument(field);
        if (arg) found.push(arg.value);
      },
    });
    idArguments.set(document, (values = found));
  }
  return values;
}

/** Per document: the variables that size a list, and the cost for each set of their values. */
interface CostCache {
  schema: GraphQLSchema;
  sizeVariables: string[];
  idVariables: string[];
  costs: Map<string, number>;
}

/** Distinct page-size values remembered per document; past this the cache starts over. */
const COSTS_PER_DOCUMENT = 64;
const costCaches = new WeakMap<DocumentNode, CostCache>();

function listVariablesOf(document: DocumentNode): { sizeVariables: string[]; idVariables: string[] } {
  const sizes = new Set<string>();
  const ids = new Set<string>();
  visit(document, {
    Field(field) {
      for (const arg of field.arguments ?? []) {
        if (arg.value.kind !== Kind.VARIABLE) continue;
        if (arg.name.value === 'first' || arg.name.value === 'last') sizes.add(arg.value.name.value);
        else if (arg === idsArgument(field)) ids.add(arg.value.name.value);
      }
    },
  });
  return { sizeVariables: [...sizes], idVariables: [...ids] };
}

/**
 * operationCost, remembered per document (yoga's parser cache hands back the same DocumentNode for
 * the same text) and per value of the variables that size lists (page sizes, and how many IDs an
 * `ids` variable holds): a cost depends on nothing else.
 */
export function cachedOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: Pick<QueryLimits, 'defaultPageSize' | 'maxPageSize' | 'maxCost'>,
): number {
  let cache = costCaches.get(document);
  if (!cache || cache.schema !== schema) {
    cache = { schema, ...listVariablesOf(document), costs: new Map() };
    costCaches.set(document, cache);
  }
  const sizing = [
    ...cache.sizeVariables.map((name) => variables[name] ?? null),
    ...cache.idVariables.map((name) => {
      const given = variables[name];
      return Array.isArray(given) ? given.length : given === undefined || given === null ? 0 : 1;
    }),
  ];
  const key = sizing.length === 0 ? '' : JSON.stringify(sizing);
  let cost = cache.costs.get(key);
  if (cost === undefined) {
    cost = operationCost(schema, document, variables, limits);
    if (cache.costs.size >= COSTS_PER_DOCUMENT) cache.costs.clear();
    cache.costs.set(key, cost);
  }
  return cost;
}

const firstArgument = (n: number): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: 'first' },
  value: { kind: Kind.INT, value: String(n) },
});

/** The page size a connection field will return: its first/last, else the default, within the cap. */
function pageSize(field: FieldNode, variables: Record<string, unknown>, limits: Pick<QueryLimits, 'defaultPageSize' | 'maxPageSize'>): number {
  let size = 0;
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const value =
      arg.value.kind === Kind.INT
        ? Number(arg.value.value)
        : arg.value.kind === Kind.VARIABLE
          ? Number(variables[arg.value.name.value])
          : Number.NaN;
    if (Number.isFinite(value)) size = Math.max(size, value);
  }
  if (size === 0) size = limits.defaultPageSize;
  return Math.max(1, Math.min(size, limits.maxPageSize));
}

/**
 * graphql-armor's cost model (objects 2, scalars 1, each level down ×1.5, a list field's subtree
 * × its `first`/`last`), measured on a copy of the document in which every list's length is an
 * explicit `first`: a connection's page size (variables replaced by their values, a missing size by
 * the default page size, every size capped at the largest page the server returns), and for
 * `nodes(ids:)` the number of IDs. A field is a connection when it selects `edges` or `nodes`.
 * armor reports the cost it computed through onAccept.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: Pick<QueryLimits, 'defaultPageSize' | 'maxPageSize' | 'maxCost'>,
): number {
  const explicit = visit(document, {
    Field: {
      leave(field: FieldNode): FieldNode | undefined {
        const ids = idsArgument(field);
        const isConnection = field.selectionSet?.selections.some(
          (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
        );
        if (!ids && !isConnection) return undefined;
        const length = ids ? Math.max(1, idsIn(ids.value, variables)) : pageSize(field, variables, limits);
        const others = (field.arguments ?? []).filter((a) => a.name.value !== 'first' && a.name.value !== 'last');
        return { ...field, arguments: [firstArgument(length), ...others] };
      },
    },
  });
  let found = 0;
  validate(schema, explicit, [
    costLimitRule({
      maxCost: Number.POSITIVE_INFINITY,
      propagateOnRejection: false,
      onAccept: [(_ctx, details: { n: number }) => (found = Math.max(found, details.n))],
    }),
  ]);
  return Math.round(found);
}
