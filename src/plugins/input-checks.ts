// Input no resolver should have to distrust: every string a request carries, in its variables or
// written in the document, is storable Unicode text (no U+0000, no lone surrogate), and variables
// nest no deeper than any input type of this schema could. Refused with BAD_USER_INPUT (HTTP 400)
// before anything else reads them (the response cache's key, graphql's coercion and SQL parameters
// all recurse or choke on such input).
import { GraphQLError, Kind, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { textProblem } from '../domain/text.js';

/** Deepest nesting of objects and lists in one request's variables. */
export const MAX_VARIABLE_DEPTH = 32;

function inputError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** The first problem in a variables object, walked without recursion (it may be 50,000 levels deep). */
export function variablesProblem(variables: unknown): string | null {
  if (variables === null || typeof variables !== 'object') return null;
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: variables, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return `Variable ${path}: ${problem}.`;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) {
      return `Variables nest too deep: the limit is ${MAX_VARIABLE_DEPTH} levels of objects and lists (at ${path || 'the top'}).`;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (depth === 0) {
        const problem = textProblem(key);
        if (problem) return `A variable name ${problem}.`;
      }
      stack.push({ value: child, depth: depth + 1, path: depth === 0 ? `$${key}` : `${path}.${key}` });
    }
  }
  return null;
}

/** String literals written in the document itself (`title: "\u0000"`). */
const storableStrings: ValidationRule = (context) => ({
  [Kind.STRING](node) {
    const problem = textProblem(node.value);
    if (problem) context.reportError(new GraphQLError(`A string in the document ${problem}.`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }));
  },
});

export function useInputChecks(): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          for (const params of Array.isArray(requestParserResult) ? requestParserResult : [requestParserResult]) {
            const problem =
              variablesProblem(params.variables) ??
              (typeof params.query === 'string' && textProblem(params.query) ? `The document ${textProblem(params.query)}.` : null) ??
              (typeof params.operationName === 'string' && textProblem(params.operationName) ? 'The operation name is not storable text.' : null);
            if (problem) throw inputError(problem);
          }
        },
      };
    },
    onValidate({ addValidationRule }) {
      addValidationRule(storableStrings);
    },
  };
}
