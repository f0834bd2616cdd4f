// Bad bundles: every one stops with the file, the JSON path and the problem, and writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyBundle } from '../../src/bundles/apply.js';
import { BundleError, parseBundle, validateBundle, type BundleProblem } from '../../src/bundles/load.js';
import { findJsonSyntaxError } from '../../src/bundles/json-syntax.js';
import { seedBundles } from '../../src/bundles/seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BUNDLES_DIR, clearBundleData, firstBundleJson, snapshot, tempBundleDir, type BundleDir } from '../helpers/bundles.js';

let database: TestDatabase;
let tmp: BundleDir;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await clearBundleData(database.db);
  tmp?.remove();
  tmp = tempBundleDir();
});

async function seedError(dir: string): Promise<BundleError> {
  try {
    await seedBundles(database.db, dir);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('expected the seed to fail');
}

type Edit = (bundle: any) => void;
const cases: { name: string; edit: Edit | string; path: string; problem: RegExp }[] = [
  {
    name: 'bad JSON',
    edit: '{\n  "report": {\n    "slug": "x",\n  }\n}',
    path: '(root)',
    problem: /^not valid JSON at line 4, column 3/,
  },
  {
    name: 'an unknown key',
    edit: (b) => (b.figures[3].value.qualifer = 'APPROXIMATELY'),
    path: 'figures[3].value.qualifer',
    problem: /^unknown key "qualifer"$/,
  },
  {
    name: 'an unknown key at the top',
    edit: (b) => (b.factors = []),
    path: 'factors',
    problem: /^unknown key "factors"$/,
  },
  {
    name: 'a date that is not in the calendar',
    edit: (b) => (b.figures[2].periodEnd = '2024-11-31'),
    path: 'figures[2].periodEnd',
    problem: /real calendar date/,
  },
  {
    name: 'a date in another format',
    edit: (b) => (b.report.periodStart = '01.01.2024'),
    path: 'report.periodStart',
    problem: /YYYY-MM-DD/,
  },
  {
    name: 'a bad qualifier',
    edit: (b) => (b.figures[3].value.qualifier = 'ABOUT'),
    path: 'figures[3].value.qualifier',
    problem: /must be one of EXACT, APPROXIMATELY, MORE_THAN/,
  },
  {
    name: 'a bad metric',
    edit: (b) => (b.figures[0].metric = 'RECRUITS'),
    path: 'figures[0].metric',
    problem: /must be one of PLANNED_RECRUITS/,
  },
  {
    name: 'an unknown region code',
    edit: (b) => (b.figures[4].regionCode = 'UA-99'),
    path: 'figures[4].regionCode',
    problem: /unknown region code UA-99 \(known: RU, RU-SMD, UA-09, UA-14/,
  },
  {
    name: "an unknown region code in a factor's regions",
    edit: (b) => (b.coercionFactors[1].regionCodes = ['UA-23', 'UA-77']),
    path: 'coercionFactors[1].regionCodes[1]',
    problem: /unknown region code UA-77/,
  },
  {
    name: 'a duplicate figure',
    edit: (b) => b.figures.push({ ...b.figures[1], note: 'the same identity again' }),
    path: 'figures[11]',
    problem: /duplicates figures\[1\]: one value per region, metric, unit and period/,
  },
  {
    name: 'low > best',
    edit: (b) => (b.figures[0].value.low = 20000),
    path: 'figures[0].value.low',
    problem: /low \(20000\) must not be greater than best \(10400\)/,
  },
  {
    name: 'high < best',
    edit: (b) => (b.figures[5].value.high = 100),
    path: 'figures[5].value.high',
    problem: /high \(100\) must not be less than best \(135\)/,
  },
  {
    name: 'a negative count',
    edit: (b) => (b.figures[4].value.best = -330),
    path: 'figures[4].value.best',
    problem: /must not be negative/,
  },
  {
    name: 'a RANGE without its ends',
    edit: (b) => (b.figures[4].value = { best: 330, qualifier: 'RANGE', asStated: '300 to 400', high: 400 }),
    path: 'figures[4].value.low',
    problem: /a RANGE needs an explicit low/,
  },
  {
    name: 'a period that ends before it starts',
    edit: (b) => (b.figures[1].periodStart = '2024-12-01'),
    path: 'figures[1].periodEnd',
    problem: /periodEnd 2024-11-30 is before periodStart 2024-12-01/,
  },
  {
    name: 'a slug that is not kebab-case',
    edit: (b) => (b.report.slug = 'NRC 2024'),
    path: 'report.slug',
    problem: /kebab-case/,
  },
  {
    name: 'a missing field',
    edit: (b) => delete b.figures[6].value.asStated,
    path: 'figures[6].value.asStated',
    problem: /expected string/,
  },
  {
    name: 'an empty wording',
    edit: (b) => (b.figures[6].value.asStated = '   '),
    path: 'figures[6].value.asStated',
    problem: /must not be empty/,
  },
  {
    name: 'a duplicate factor slug',
    edit: (b) => b.coercionFactors.push({ ...b.coercionFactors[0] }),
    path: 'coercionFactors[6].slug',
    problem: /same slug as coercionFactors\[0\]/,
  },
  {
    name: 'a precision on a one-sided qualifier',
    edit: (b) => (b.figures[4].value.precision = 10),
    path: 'figures[4].value.precision',
    problem: /only to EXACT and APPROXIMATELY/,
  },
];

describe('a bad bundle stops the seed with file, JSON path and problem, and writes nothing', () => {
  for (const c of cases) {
    it(c.name, async () => {
      // A good bundle sorts first in the folder: it is not written either.
      tmp.write('a-good.json', { ...firstBundleJson(), report: { ...firstBundleJson().report, slug: 'a-good-report' } });
      let content: unknown;
      if (typeof c.edit === 'string') content = c.edit;
      else {
        content = firstBundleJson();
        c.edit(content);
      }
      const file = tmp.write('bad.json', content);
      const before = await snapshot(database.db);

      const error = await seedError(tmp.dir);
      expect(error.problems).toContainEqual<BundleProblem>({ file, path: c.path, problem: expect.stringMatching(c.problem) });
      expect(error.problems.every((p) => p.file === file)).toBe(true);
      expect(error.message).toContain(`${file}: ${c.path}: `);
      expect(await snapshot(database.db)).toEqual(before);
      expect(before.reports).toEqual([]);
    });
  }

  it('lists every problem of a file at once', async () => {
    const bundle = firstBundleJson();
    bundle.figures[0].value.qualifier = 'ABOUT';
    bundle.figures[2].periodEnd = '2024-02-30';
    bundle.report.extra = true;
    const file = tmp.write('bad.json', bundle);
    const error = await seedError(tmp.dir);
    expect(error.problems.map((p) => p.path).sort()).toEqual(['figures[0].value.qualifier', 'figures[2].periodEnd', 'report.extra']);
    expect(error.problems.every((p) => p.file === file)).toBe(true);
  });

  it('refuses two files for one report, and a shared factor described two ways', async () => {
    tmp.write('a.json', firstBundleJson());
    const other = firstBundleJson();
    other.coercionFactors[0].title = 'Another title';
    const second = tmp.write('b.json', other);
    const error = await seedError(tmp.dir);
    expect(error.problems).toEqual([
      { file: second, path: 'report.slug', problem: expect.stringMatching(/report nrc-2024-occupied-recruitment is also in .*a\.json/) },
      { file: second, path: 'coercionFactors[0]', problem: expect.stringMatching(/described differently in .*a\.json/) },
    ]);
    expect((await snapshot(database.db)).reports).toEqual([]);
  });

  it('a bad edit of a seeded bundle leaves its rows as they were', async () => {
    tmp.write('nrc.json', firstBundleJson());
    await seedBundles(database.db, tmp.dir);
    const before = await snapshot(database.db);
    const edited = firstBundleJson();
    edited.figures.pop();
    edited.figures[0].value.low = 99999;
    tmp.write('nrc.json', edited);
    await seedError(tmp.dir);
    expect(await snapshot(database.db)).toEqual(before);
  });
});

describe('applyBundle on its own', () => {
  it('refuses an unknown region before writing anything', async () => {
    // Validated by the format only, as the import mutation would, without the region check.
    const json = firstBundleJson();
    json.figures[9].regionCode = 'UA-98';
    const bundle = validateBundle('import', json);
    const before = await snapshot(database.db);
    const error = await database.db
      .transaction((tx) => applyBundle(tx, bundle, { source: 'import' }))
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).problems).toEqual([
      { file: 'import', path: 'figures[9].regionCode', problem: expect.stringMatching(/unknown region code UA-98/) },
    ]);
    expect(await snapshot(database.db)).toEqual(before);
  });
});

describe('parseBundle', () => {
  it('names the file in a JSON syntax error with line and column', () => {
    expect(() => parseBundle('x.json', '{\n  "report": nope\n}')).toThrow(/^x\.json: \(root\): not valid JSON at line 2, column 13/);
  });
  it('finds a syntax error exactly where JSON.parse finds the text invalid', () => {
    const texts = ['{}', '[1,2]', '{"a":1,}', '[1 2]', '01', '{"a":1} x', '"\\u12"', '-', '1.5e+3', '', ' ', '{"a":"x\ny"}',
      '{"a":[true,false,null,"\\n",-0.5e-3,{}]}', "{'a':1}", '[,]', '{"a"}', 'nul', '"\\q"', '[1,]', '\ufeff{}'];
    for (const text of texts) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findJsonSyntaxError(text) === null, JSON.stringify(text)).toBe(valid || text === '\ufeff{}');
    }
  });
  it('accepts the committed bundles', async () => {
    const { loadBundleDir } = await import('../../src/bundles/load.js');
    const loaded = await loadBundleDir(database.db, BUNDLES_DIR);
    expect(loaded.length).toBeGreaterThan(0);
  });
});
