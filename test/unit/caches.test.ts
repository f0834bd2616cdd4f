// What the performance work caches must answer exactly what it caches: the cost of an operation per
// document and page-size variables (src/plugins/query-limits.ts), and the SQL that becomes a named
// prepared statement (src/db/client.ts).
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { preparingClient } from '../../src/db/client.js';
import { cachedOperationCost, operationCost } from '../../src/plugins/query-limits.js';
import { schema } from '../../src/schema/index.js';

const limits = { defaultPageSize: 20, maxPageSize: 100, maxCost: 500_000 };

describe('cachedOperationCost', () => {
  it('is the cost of the document with these variables, whatever was asked before', () => {
    const document = parse(`query($n: Int, $m: Int, $code: String!) { region(code: $code) { recruitmentFigures(first: $n) {
      edges { node { report { recruitmentFigures(last: $m) { edges { node { id } } } } } } } } }`);
    const sets = [
      { n: 2, m: 2, code: 'UA-23' },
      { n: 100, m: 100, code: 'UA-23' },
      { n: 2, m: 100, code: 'UA-14' },
      { n: 2, m: 2, code: 'UA-14' },
      { n: null, m: 5, code: 'UA-23' },
      { code: 'UA-23' },
    ];
    for (const round of [1, 2]) {
      for (const variables of sets) {
        expect(cachedOperationCost(schema, document, variables, limits), `round ${round}: ${JSON.stringify(variables)}`).toBe(
          operationCost(schema, document, variables, limits),
        );
      }
    }
    expect(cachedOperationCost(schema, document, sets[1]!, limits)).toBeGreaterThan(cachedOperationCost(schema, document, sets[0]!, limits));
  });

  it('keeps answering correctly past the number of values it remembers per document', () => {
    const document = parse('query($n: Int) { recruitmentFigures(first: $n) { edges { node { id value { best } } } } }');
    for (let n = 1; n <= 100; n++) {
      expect(cachedOperationCost(schema, document, { n }, limits)).toBe(operationCost(schema, document, { n }, limits));
    }
  });
});

describe('preparingClient', () => {
  it('prepares a text from its second use on, and at most `max` texts', () => {
    const calls: { query: string; prepare: boolean | undefined }[] = [];
    const fake = { unsafe: (query: string, _params: unknown[], options: { prepare?: boolean }) => calls.push({ query, prepare: options.prepare }), options: { x: 1 } };
    const client = preparingClient(fake as never, 2);
    const run = (query: string) => (client.unsafe as unknown as (q: string, p: unknown[], o: object) => void)(query, [], { prepare: true });
    for (const query of ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c']) run(query);
    expect(calls.map((c) => `${c.query}:${c.prepare}`)).toEqual(['a:false', 'a:true', 'a:true', 'b:false', 'b:true', 'c:false', 'c:false', 'c:false']);
    // everything else is the client's own
    expect((client as unknown as { options: unknown }).options).toBe(fake.options);
  });
});
