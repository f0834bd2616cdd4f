// Unit tests for the pure pieces under the read API: strict dates and cursors.
import { describe, expect, it } from 'vitest';
import { parseDate, parseDateTime } from '../../src/domain/dates.js';
import { decodeCursor, encodeCursor, pageRequest, type Ordering } from '../../src/domain/paging.js';

describe('parseDate', () => {
  it.each(['2024-11-30', '2024-02-29', '2000-01-01'])('accepts %s', (d) => expect(parseDate(d)).toBe(d));
  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '24-01-01', '2024-01-01T00:00:00Z', '', 'yesterday'])('refuses %j', (d) =>
    expect(parseDate(d)).toBeNull(),
  );
});

describe('parseDateTime', () => {
  it('accepts instants with a zone', () => {
    expect(parseDateTime('2024-11-30T12:00:00Z')?.toISOString()).toBe('2024-11-30T12:00:00.000Z');
    expect(parseDateTime('2024-11-30T14:00:00.5+02:00')?.toISOString()).toBe('2024-11-30T12:00:00.500Z');
  });
  it.each(['2024-11-30T12:00:00', '2024-11-30', '2024-02-30T00:00:00Z', 'now'])('refuses %j', (d) => expect(parseDateTime(d)).toBeNull());
});

describe('cursors', () => {
  const order: Ordering = { name: 'figures:PERIOD_END:DESC', direction: 'DESC', keys: [{ cast: 'date' }] };
  it('round-trips', () => {
    const cursor = encodeCursor(order, { values: ['2024-11-30'], id: 42 });
    expect(decodeCursor('after', cursor, order)).toEqual({ values: ['2024-11-30'], id: 42 });
  });
  it('keeps the format clients hold: base64url of [ordering, value, id]', () => {
    const cursor = Buffer.from(JSON.stringify([order.name, '2024-11-30', 42])).toString('base64url');
    expect(encodeCursor(order, { values: ['2024-11-30'], id: 42 })).toBe(cursor);
  });
  it('refuses a cursor of another ordering, or with a malformed key', () => {
    const other = encodeCursor({ name: 'figures:VALUE:ASC' }, { values: ['3.5'], id: 1 });
    expect(() => decodeCursor('after', other, order)).toThrow(/another ordering/);
    const bad = Buffer.from(JSON.stringify([order.name, 'not a date', 1])).toString('base64url');
    expect(() => decodeCursor('before', bad, order)).toThrow(/Argument "before".*malformed/);
    const badId = Buffer.from(JSON.stringify([order.name, '2024-01-01', 1.5])).toString('base64url');
    expect(() => decodeCursor('after', badId, order)).toThrow(/malformed/);
  });
  it('reads the page size and direction', () => {
    expect(pageRequest({}, order)).toMatchObject({ size: 20, limit: 21, backward: false });
    expect(pageRequest({ last: 5 }, order)).toMatchObject({ size: 5, backward: true });
    expect(pageRequest({ first: 100 }, order)).toMatchObject({ size: 100 });
    expect(() => pageRequest({ first: 101 }, order)).toThrow(/maximum page size of 100/);
  });
});
