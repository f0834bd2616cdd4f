// Derived reads (summaries, data-quality issues, search) hold no figure in their answer, so the response
// cache must still drop them when a figure changes: an edit is seen at once, not after the cache's TTL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.js';
import { loadFirstReport } from '../helpers/analytics-fixture.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let editor: string;
beforeAll(async () => {
  t = await createTestApp({ RESPONSE_CACHE_ENABLED: 'true' });
  await loadFirstReport(t.database.db);
  editor = (await createToken(t.database.db, { name: 'Analytics cache test', role: 'EDITOR' })).token;
});
afterAll(() => t.close());

const READ = `{
  recruitmentSummaries(year: 2024, regionCodes: ["UA-23"]) { impliedPlannedRecruits { best } }
  dataQualityIssues(year: 2024) { kind }
  search(query: "Zaporizhzhia") { totalCount }
}`;

describe('derived reads and the response cache', () => {
  it('see a deleted figure at once', async () => {
    const before = await t.execute(READ);
    expect(before.recruitmentSummaries[0].impliedPlannedRecruits.best).toBe(244.4); // 330 / 1.35, to 4 digits
    expect(await t.execute(READ)).toEqual(before);
    t.database.statements.length = 0;
    await t.execute(READ);
    expect(t.database.statements).toEqual([]); // served from the cache

    const figures = await t.execute(`{ recruitmentFigures(filter: { regionCodes: ["UA-23"], metrics: [PLAN_FULFILMENT_PERCENT] }) { edges { node { id version } } } }`);
    const { id, version } = figures.recruitmentFigures.edges[0].node;
    const res = await t.post(`mutation ($input: DeleteRecruitmentFigureInput!) { deleteRecruitmentFigure(input: $input) { __typename } }`, {
      input: { id, expectedVersion: version },
    }, { authorization: `Bearer ${editor}` });
    expect(res.errors).toBeUndefined();

    const after = await t.execute(READ);
    expect(after.recruitmentSummaries[0].impliedPlannedRecruits).toBeNull();
  });
});
