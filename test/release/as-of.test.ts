// How a release statement is sent prepared (src/db/as-of.ts): a whole-number LIMIT written into the text,
// the other parameters renumbered, and a generic plan asked for pages only.
import { describe, expect, it } from 'vitest';
import { asOfParams, preparedStatement } from '../../src/db/as-of.js';

describe('preparedStatement', () => {
  it('writes a whole-number LIMIT into the text and renumbers the parameters after it', () => {
    expect(preparedStatement('select * from t where a = $1 order by b limit $2) x where c in ($3, $4)', ['x', 51, 7, 8])).toEqual({
      text: 'select * from t where a = $1 order by b limit 51) x where c in ($2, $3)',
      params: ['x', 7, 8],
      generic: true,
    });
    // several limits, one given as text
    expect(preparedStatement('select $1 from (select 1 limit $2) a, lateral (select 2 LIMIT $3) b', [1, '11', 21])).toEqual({
      text: 'select $1 from (select 1 limit 11) a, lateral (select 2 limit 21) b',
      params: [1],
      generic: true,
    });
  });

  it('keeps a parameter the statement uses elsewhere too, and leaves $10 alone when $1 goes', () => {
    const params = [5, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    expect(preparedStatement('select $2, $10 from t where n < $1 limit $1', params)).toEqual({
      text: 'select $2, $10 from t where n < $1 limit 5',
      params,
      generic: true,
    });
    expect(preparedStatement('select $2, $10 from t limit $1', params)).toEqual({
      text: 'select $1, $9 from t limit 5',
      params: params.slice(1),
      generic: true,
    });
  });

  it('changes nothing without a LIMIT parameter of a whole number (counts: PostgreSQL chooses their plans)', () => {
    for (const [text, params] of [
      ['select count(*) from t where a in ($1, $2)', [1, 2]],
      ['select * from t limit $1', [-1]],
      ['select * from t limit $1', ['10; drop table t']],
      ['select * from t limit $1', [1.5]],
      ['select * from t limit $1', [null]],
      ['select * from t limit 10', []],
    ] as [string, unknown[]][]) {
      expect(preparedStatement(text, params)).toEqual({ text, params, generic: false });
    }
  });

  it('asks AS_OF_SQL for a generic plan only for a prepared page', () => {
    expect(asOfParams('12', 'select 1 limit $1', true)).toEqual(['12', '0', 'force_generic_plan']);
    expect(asOfParams('12', 'select count(*) from t')).toEqual(['12', null, null]);
  });
});
