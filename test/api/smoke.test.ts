import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('server', () => {
  it('answers { __typename }', async () => {
    expect(await t.execute('{ __typename }')).toEqual({ __typename: 'Query' });
  });
  it('reads a region', async () => {
    const data = await t.execute('{ region(code: "UA-23") { code nameEn parent { code } } }');
    expect(data.region).toEqual({ code: 'UA-23', nameEn: 'Zaporizhzhia Oblast', parent: { code: 'UA-TOT' } });
  });
});
