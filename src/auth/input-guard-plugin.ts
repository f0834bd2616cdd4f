// Pothos runs argument mappers (the validation plugin's zod checks, relay's global-ID decoding) BEFORE
// any plugin's resolver wrapper, scope-auth's included. Left alone, an anonymous client sending bad
// input to a mutation would get a detailed ValidationError instead of UNAUTHENTICATED, and could probe
// the input rules without a token. This plugin wraps a field's argument mappers so that:
//  1. its `authScopes` are checked first, with scope-auth's own per-request cache and error function
//     (scope-auth still runs its usual check afterwards, answered from the same cache);
//  2. a ValidationError that the errors plugin did not turn into a typed result (the field declares no
//     `errors`) reaches the client as a GraphQLError with code BAD_USER_INPUT and the issues, instead
//     of being masked as an unexpected error.
import SchemaBuilder, { BasePlugin, isThenable, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { RequestCache, type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { ValidationError } from '../domain/errors.js';

const pluginName = 'inputGuard';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      inputGuard: InputGuardPlugin<Types>;
    }
  }
}

export class InputGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    if (!resolver || fieldConfig.argMappers.length === 0) return resolver;
    const authScopes = (fieldConfig.pothosOptions as { authScopes?: unknown }).authScopes;
    if (typeof authScopes === 'function') {
      // A scope function takes the mapped (validated) arguments, so it cannot run before them.
      throw new Error(
        `${fieldConfig.parentType}.${fieldConfig.name}: use a scope map, not a function, on a field with mapped arguments.`,
      );
    }
    const builder = this.builder;
    const unauthorizedError = builder.options.scopeAuth?.unauthorizedError;

    const surfaceInputErrors = (error: unknown): never => {
      if (error instanceof ValidationError) {
        throw new GraphQLError(error.message, {
          extensions: { code: 'BAD_USER_INPUT', issues: error.issues },
        });
      }
      throw error;
    };
    const run: GraphQLFieldResolver<unknown, Types['Context'], object> = (parent, args, context, info) => {
      try {
        const result = resolver(parent, args, context, info);
        return isThenable(result) ? Promise.resolve(result).catch(surfaceInputErrors) : result;
      } catch (error) {
        return surfaceInputErrors(error);
      }
    };
    if (authScopes === undefined) return run;

    return (parent, args, context, info) => {
      const check = (failure: AuthFailure | null) => {
        if (!failure) return run(parent, args, context, info);
        const message = `Not authorized to resolve ${info.parentType.name}.${info.fieldName}`;
        const error = unauthorizedError
          ? unauthorizedError(parent as never, context, info as GraphQLResolveInfo, { message, failure })
          : new Error(message);
        throw typeof error === 'string' ? new GraphQLError(error) : error;
      };
      const failure = RequestCache.fromContext(context, builder).evaluateScopeMap(authScopes as never, info);
      return isThenable(failure) ? failure.then(check) : check(failure);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, InputGuardPlugin);

export default pluginName;
