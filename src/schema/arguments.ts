// Bad arguments reach a client as GraphQL errors with code BAD_USER_INPUT and the argument's name, as
// the GitHub API does. Layers below the schema throw ArgumentError; these turn it into that error.
import { GraphQLError } from 'graphql';
import { ArgumentError } from '../domain/argument-error.js';

export function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** Runs `run`, turning an ArgumentError it throws into the client's error. */
export function argumentErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ArgumentError) throw badArgument(error.argument, error.message);
    throw error;
  }
}

/** The same for an asynchronous `run`. */
export async function asGraphQL<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ArgumentError) throw badArgument(error.argument, error.message);
    throw error;
  }
}
