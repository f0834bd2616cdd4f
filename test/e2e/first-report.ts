// The first report (NRC 2024) as fixture rows, until the seeded bundle lands on main.
import type { Db } from '../../src/db/client.js';
import { insertFactor, insertFigures, insertReport, regionIds } from '../helpers/fixtures.js';

export async function loadFirstReport(db: Db) {
  const ids = await regionIds(db);
  const report = await insertReport(db, {
    slug: 'nrc-2024-occupied-recruitment',
    title: "Recruitment of residents of Ukraine's occupied territories into the Russian army in 2024",
    publisher: 'National Resistance Center',
    sourceUrl: 'https://tv.112.ua/en/skilki-ukrainciv-iz-okupovanih-teritorij-vstupili-v-armiu-rf-u-2024-roci-zvit-centru-nacsprotivu-51116',
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
  });
  const jan = '2024-01-01';
  const nov = '2024-11-30';
  const f = (code: string, metric: 'PLANNED_RECRUITS' | 'CONTRACTS_SIGNED' | 'PLAN_FULFILMENT_PERCENT', end: string, best: number, qualifier: any, asStated: string, low: number | null, high: number | null) => ({
    reportId: report.id, regionId: ids[code]!, metric, periodStart: jan, periodEnd: end, best, qualifier, asStated, low, high,
  });
  await insertFigures(db, [
    f('UA-TOT', 'PLANNED_RECRUITS', '2024-12-31', 10400, 'EXACT', '10.4 thousand', 10350, 10450),
    f('UA-TOT', 'CONTRACTS_SIGNED', nov, 9600, 'EXACT', '9.6 thousand', 9550, 9650),
    f('UA-TOT', 'CONTRACTS_SIGNED', '2024-12-31', 10000, 'ALMOST', 'almost 10 thousand', 9500, 10000),
    f('UA-TOT', 'PLAN_FULFILMENT_PERCENT', nov, 93, 'APPROXIMATELY', 'approximately 93%', 83.7, 102.3),
    f('UA-23', 'CONTRACTS_SIGNED', nov, 330, 'MORE_THAN', 'over 330 people', 330, null),
    f('UA-23', 'PLAN_FULFILMENT_PERCENT', nov, 135, 'APPROXIMATELY', 'about 135% of the plan', 121.5, 148.5),
    f('UA-65', 'CONTRACTS_SIGNED', nov, 260, 'MORE_THAN', 'over 260 people', 260, null),
    f('UA-65', 'PLAN_FULFILMENT_PERCENT', nov, 105, 'APPROXIMATELY', 'about 105% of the plan', 100, 115.5),
    f('UA-14', 'CONTRACTS_SIGNED', nov, 3150, 'MORE_THAN', 'over 3150 people', 3150, null),
    f('UA-14', 'PLAN_FULFILMENT_PERCENT', nov, 105, 'APPROXIMATELY', 'about 105%', 100, 115.5),
    f('UA-43', 'PLAN_FULFILMENT_PERCENT', nov, 80, 'JUST_OVER', 'just over 80%', 80, 84),
  ]);
  await insertFactor(db, { slug: 'unemployment', title: 'High unemployment', category: 'UNEMPLOYMENT' }, { reportIds: [report.id] });
  await insertFactor(
    db,
    { slug: 'free-medicines-require-russian-passport', title: 'Free medicines only with a Russian passport', category: 'FORCED_PASSPORTIZATION', effectiveFrom: '2024-01-01', affectedGroups: ['people with diabetes'] },
    { reportIds: [report.id] },
  );
  return report;
}
