// The one SchemaBuilder, its plugins and scalars. Types live in src/schema/<domain>.ts.
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import InputGuardPlugin from './auth/input-guard-plugin.js';
import type { Context } from './context.js';
import { relations, type Relations } from './db/relations.js';
import { parseDate, parseDateTime } from './domain/dates.js';
import { DomainError, ValidationError } from './domain/errors.js';
import { NODE_TYPES, parseDatabaseId } from './domain/ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './domain/paging.js';
import PlainRowsPlugin from './pothos/plain-rows-plugin.js';
import ReleaseScopePlugin from './pothos/release-scope-plugin.js';

export interface PothosTypes {
  Context: Context;
  DrizzleRelations: Relations;
  AuthScopes: {
    /** any valid, unexpired, unrevoked token */
    authenticated: boolean;
    editor: boolean;
    admin: boolean;
  };
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}

export const builder = new SchemaBuilder<PothosTypes>({
  // InputGuardPlugin must stay before ErrorsPlugin: it authorizes ahead of input validation.
  // PlainRowsPlugin must stay right before DrizzlePlugin: it wraps plugin-drizzle's field resolvers.
  // ReleaseScopePlugin comes first: it hands every resolver under a release the release's context.
  plugins: [ReleaseScopePlugin, ScopeAuthPlugin, InputGuardPlugin, ErrorsPlugin, ValidationPlugin, RelayPlugin, PlainRowsPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // node/nodes answer null for a well-formed ID whose row does not exist (deleted, or never was),
    // and refuse an ID this API could not have issued with a BAD_USER_INPUT error naming it.
    nodeQueryOptions: {
      nullable: true,
      description: 'Any object by its global ID; null when the ID is well formed but names nothing.',
      resolve: (_root, args, ctx, info): Promise<unknown> => loadNodeOrNull(ctx, info, args.id),
    },
    nodesQueryOptions: {
      nullable: { list: false, items: true },
      description: 'Objects by global ID, in the order asked; null for each ID that names nothing.',
      resolve: (_root, args, ctx, info): Promise<unknown[]> =>
        Promise.all(args.ids.map((id: { typename: string; id: string }) => loadNodeOrNull(ctx, info, id))),
    },
    decodeGlobalID: (globalID) => decodeGlobalId(globalID),
    defaultConnectionTypeOptions: {},
    nodeTypeOptions: { description: 'An object with a globally unique, opaque ID (Relay Global Object Identification).' },
  },
  scopeAuth: {
    // Scopes come from the token the request carried; resolving them never touches the database
    // again, the context loaded the token once.
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      editor: ctx.viewer?.role === 'EDITOR' || ctx.viewer?.role === 'ADMIN',
      admin: ctx.viewer?.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, context, _info, result) =>
      context.viewer === null
        ? new GraphQLError('Authentication required: send a valid token as "Authorization: Bearer <token>".', {
            extensions: { code: 'UNAUTHENTICATED' },
          })
        : new GraphQLError(`Forbidden: ${result.message}`, { extensions: { code: 'FORBIDDEN' } }),
  },
  errors: {
    // DomainError (GraphQL name BaseError), not Error: an unexpected exception must stay a masked
    // GraphQL error, never a typed result carrying a driver's message. See src/domain/errors.ts.
    defaultTypes: [DomainError],
    // Validation failures become typed ValidationError results. Safe here because InputGuardPlugin
    // checks authorization before any input is validated.
    unsafelyHandleInputErrors: true,
    // createReport -> CreateReportResult = CreateReportSuccess | ValidationError | ...
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
  },
  validation: {
    validationError: (failure) =>
      new ValidationError(
        failure.issues.map((issue) => ({
          path: (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)),
          message: issue.message,
        })),
      ),
  },
});

function decodeGlobalId(globalID: string): { typename: string; id: string } {
  const refuse = () =>
    new GraphQLError(`"${globalID.length > 60 ? `${globalID.slice(0, 60)}…` : globalID}" is not a global ID this API issued.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  if (!/^[A-Za-z0-9+/]+=*$/.test(globalID)) throw refuse();
  const decoded = Buffer.from(globalID, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (colon < 0 || !NODE_TYPES.has(typename) || parseDatabaseId(id) === null) throw refuse();
  return { typename, id };
}

function loadNodeOrNull(ctx: Context, info: GraphQLResolveInfo, id: { typename: string; id: string }): Promise<unknown> {
  return resolveNodes(builder as unknown as PothosSchemaTypes.SchemaBuilder<any>, ctx, info, [id]).then(
    (nodes: unknown[]) => nodes[0] ?? null,
    (error: unknown) => {
      // plugin-drizzle's loader rejects a missing row; for node() that is an answer, not a failure
      if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
      throw error;
    },
  );
}

/** The published specifications the two date scalars follow (RFC 3339 full-date and date-time). */
export const DATE_SPECIFIED_BY = 'https://scalars.graphql.org/andimarek/local-date';
export const DATE_TIME_SPECIFIED_BY = 'https://scalars.graphql.org/andimarek/date-time';

builder.scalarType('Date', {
  description: 'A calendar date, ISO 8601, e.g. 2024-11-30.',
  specifiedByURL: DATE_SPECIFIED_BY,
  serialize: (value) => String(value),
  parseValue: (value) => parseDateScalar(value),
  parseLiteral: (ast) => parseDateScalar(ast.kind === 'StringValue' ? ast.value : ast),
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with time zone.',
  specifiedByURL: DATE_TIME_SPECIFIED_BY,
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => parseDateTimeScalar(value),
  parseLiteral: (ast) => parseDateTimeScalar(ast.kind === 'StringValue' ? ast.value : ast),
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function parseDateScalar(value: unknown): string {
  const parsed = typeof value === 'string' ? parseDate(value) : null;
  if (parsed === null) {
    throw new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, e.g. "2024-11-30"; got ${describe(value)}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return parsed;
}

function parseDateTimeScalar(value: unknown): Date {
  const parsed = typeof value === 'string' ? parseDateTime(value) : null;
  if (parsed === null) {
    throw new GraphQLError(
      `DateTime must be an ISO 8601 instant with a time zone, e.g. "2024-11-30T12:00:00Z"; got ${describe(value)}.`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return parsed;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value && typeof value === 'object' && 'kind' in value) return `a ${(value as { kind: string }).kind} literal`;
  return typeof value;
}

builder.queryType({ description: 'The read API: everything here is public.' });
