// Abuse limits on what one request may ask: depth, aliases, directives, tokens, cost and batch size.
// graphql-armor measures; this module turns its refusals into GraphQL errors whose extensions.code
// names the limit and whose message gives the limit's value, so a client knows what to change.
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
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
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxBatchOperations: number;
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

/** armor's own message ends "..., found N."; the number is all we keep of it */
function foundIn(error: GraphQLError): number | undefined {
  const match = /found (\d+(?:\.\d+)?)/.exec(error.message);
  return match ? Math.round(Number(match[1])) : undefined;
}

function reportAs(name: LimitName, limit: number, describe: (found: number | undefined) => string): GraphQLArmorRejectCallback {
  return (context, armorError) => {
    const found = foundIn(armorError);
    const error = limitError(name, limit, describe(found), found);
    if (context) (context as ValidationContext).reportError(error);
    else throw error;
  };
}

const foundText = (found: number | undefined) => (found === undefined ? '' : `; this one has ${found}`);

export function useQueryLimits(limits: QueryLimits): Plugin {
  const plugins: Plugin[] = [
    maxTokensPlugin({
      n: limits.maxTokens,
      propagateOnRejection: false,
      onReject: [
        reportAs('tokens', limits.maxTokens, () => `The document is too long: the limit is ${limits.maxTokens} tokens.`),
      ],
    }) as Plugin,
    maxDepthPlugin({
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [
        reportAs(
          'depth',
          limits.maxDepth,
          (found) => `The query is too deep: the limit is ${limits.maxDepth} levels of nesting${foundText(found)}.`,
        ),
      ],
    }) as Plugin,
    maxAliasesPlugin({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [
        reportAs(
          'aliases',
          limits.maxAliases,
          (found) => `The operation uses too many aliases: the limit is ${limits.maxAliases}${foundText(found)}.`,
        ),
      ],
    }) as Plugin,
    maxDirectivesPlugin({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [
        reportAs(
          'directives',
          limits.maxDirectives,
          (found) => `The operation uses too many directives: the limit is ${limits.maxDirectives}${foundText(found)}.`,
        ),
      ],
    }) as Plugin,
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
    // Cost is checked once the variables are known: validation results are cached per document,
    // and `first: $n` must cost what $n says, not what the document's text suggests.
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(args.schema, args.document, args.variableValues ?? {}, limits);
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            limitError(
              'cost',
              limits.maxCost,
              `The query is too costly: the limit is ${limits.maxCost} points; this one costs ${cost}. Ask for smaller pages (first/last) or fewer nested lists.`,
              cost,
            ),
          ],
        });
      }
    },
  };
}

/**
 * graphql-armor's cost model (objects 2, scalars 1, each level down ×1.5, a list field's subtree
 * × its `first`/`last`), measured on a copy of the document in which every connection's page size is
 * explicit: variables replaced by their values, a missing size by the default page size, and every
 * size capped at the largest page the server returns. A field is a connection when it selects
 * `edges` or `nodes`.
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
        const isConnection = field.selectionSet?.selections.some(
          (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
        );
        if (!isConnection) return undefined;
        const sizeArgs = (field.arguments ?? []).filter((a) => a.name.value === 'first' || a.name.value === 'last');
        let size = 0;
        for (const arg of sizeArgs) {
          const value =
            arg.value.kind === Kind.INT
              ? Number(arg.value.value)
              : arg.value.kind === Kind.VARIABLE
                ? Number(variables[arg.value.name.value])
                : Number.NaN;
          if (Number.isFinite(value)) size = Math.max(size, value);
        }
        if (size === 0) size = limits.defaultPageSize;
        size = Math.max(1, Math.min(size, limits.maxPageSize));
        const sizeArg: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'first' },
          value: { kind: Kind.INT, value: String(size) },
        };
        const others = (field.arguments ?? []).filter((a) => a.name.value !== 'first' && a.name.value !== 'last');
        return { ...field, arguments: [sizeArg, ...others] };
      },
    },
  });
  let found = 0;
  validate(schema, explicit, [
    costLimitRule({
      maxCost: 0,
      propagateOnRejection: false,
      onAccept: [(_ctx, details: { n: number }) => (found = Math.max(found, details.n))],
      onReject: [
        (_ctx, error) => {
          found = Math.max(found, foundIn(error) ?? Number.POSITIVE_INFINITY);
        },
      ],
    }),
  ]);
  return Math.round(found);
}
