// ShapedStatements (src/db/statements.ts): rendered once per shape, values bound per request, and a
// rendering that holds a value of its own (not a placeholder) never reused.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { ShapedStatements } from '../../src/db/statements.js';

const dialect = new PgDialect();
const render = (statements: ShapedStatements, owner: object, shape: string, values: Record<string, unknown>, build: () => ReturnType<typeof sql>) =>
  dialect.sqlToQuery(statements.sql(owner, { shape, values, build }));

describe('ShapedStatements', () => {
  it('builds a shape once and binds each request its own values', () => {
    const statements = new ShapedStatements(dialect);
    const owner = {};
    let builds = 0;
    const build = () => (builds++, sql`select * from t where a = ${sql.placeholder('a')} and b in (${sql.placeholder('b0')}, ${sql.placeholder('b1')})`);
    const first = render(statements, owner, 'b[2]', { a: 1, b0: 'x', b1: 'y' }, build);
    const second = render(statements, owner, 'b[2]', { a: 2, b0: 'z', b1: 'w' }, build);
    expect(builds).toBe(1);
    expect(first).toEqual({ sql: 'select * from t where a = $1 and b in ($2, $3)', params: [1, 'x', 'y'] });
    expect(second).toEqual({ sql: first.sql, params: [2, 'z', 'w'] });
    // another owner (another document) renders its own
    render(statements, {}, 'b[2]', { a: 3, b0: 'p', b1: 'q' }, build);
    expect(builds).toBe(2);
  });

  it('never reuses a rendering that holds a value instead of a placeholder', () => {
    const statements = new ShapedStatements(dialect);
    const owner = {};
    let value = 'first';
    const build = () => sql`select * from t where a = ${sql.placeholder('a')} and c = ${value}`;
    expect(render(statements, owner, 's', { a: 1 }, build).params).toEqual([1, 'first']);
    value = 'second';
    expect(render(statements, owner, 's', { a: 2 }, build).params).toEqual([2, 'second']);
  });

  it('fails loudly when a value is missing, rather than binding another request\'s', () => {
    const statements = new ShapedStatements(dialect);
    const owner = {};
    const build = () => sql`select ${sql.placeholder('a')}`;
    render(statements, owner, 's', { a: 1 }, build);
    expect(() => render(statements, owner, 's', {}, build)).toThrow(/No value for placeholder "a"/);
  });
});
