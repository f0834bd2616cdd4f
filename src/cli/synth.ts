// Fills a PostgreSQL database with synthetic data for benchmarks:
//   npm run db:synth -- --reports 5000 --figures 1000000 --factors 2000 --seed 1 --url postgres://.../tot_bench
// It refuses without --url (the embedded PGlite folder is never touched), refuses a database holding any
// report or factor that is not synthetic (slug prefix "synth-"), migrates, then generates every row in
// PostgreSQL with INSERT ... SELECT over generate_series. Every choice comes from hashint4extended(n, seed)
// rather than random(), so one seed always yields the same rows. A million figures load in about a minute.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../db/client.js';

export const SYNTH_PREFIX = 'synth-';

export interface SynthOptions {
  url: string;
  reports: number;
  figures: number;
  factors: number;
  seed: number;
}

const USAGE =
  'usage: npm run db:synth -- --url postgres://user@host:5432/dbname [--reports 5000] [--figures 1000000] [--factors 2000] [--seed 1]';

/** Months in the synthetic decade (2015-01 .. 2024-12) that periods end in. */
const MONTHS = 120;
/** Every reference region (the six, UA-TOT, the groups UA-SOUTH/UA-DONBAS/UA-CRIMEA, RU, RU-SMD) */
const REGIONS = 12;
/** Every metric of metric_definitions */
const METRICS = 10;

export function parseSynthArgs(argv: string[]): SynthOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    values[m[1]!] = value;
  }
  for (const key of Object.keys(values)) {
    if (!['url', 'reports', 'figures', 'factors', 'seed'].includes(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  }
  if (!values.url) throw new Error(`--url is required: synthetic data only goes into a PostgreSQL database named explicitly\n${USAGE}`);
  if (!/^postgres(ql)?:\/\/.+\/[^/?]+/.test(values.url)) throw new Error(`--url must be a postgres:// URL naming a database\n${USAGE}`);
  const int = (name: string, fallback: number, min: number) => {
    const raw = values[name];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}; got ${raw}`);
    return n;
  };
  const options = {
    url: values.url,
    reports: int('reports', 5000, 1),
    figures: int('figures', 1_000_000, 0),
    factors: int('factors', 2000, 0),
    seed: int('seed', 1, 0),
  };
  // Each (report, region, metric) states one figure per period, and periods of one such triple end in
  // different months: at most MONTHS of them.
  const maxFigures = options.reports * REGIONS * METRICS * MONTHS;
  if (options.figures > maxFigures) {
    throw new Error(`--figures ${options.figures} needs more reports: ${options.reports} reports hold at most ${maxFigures} distinct figures`);
  }
  return options;
}

/** The database named by the URL, created on its server when missing. */
async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as ok from pg_database where datname = ${name}`;
    if (!row) await admin.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

export async function synthesize(options: SynthOptions, log: (line: string) => void = () => {}) {
  await ensureDatabase(options.url);
  const database = await openDatabase({ url: options.url, poolSize: 1 });
  await database.migrate();
  await database.close();

  const sql = postgres(options.url, { max: 1, onnotice: () => {} });
  const started = Date.now();
  const step = async (label: string, run: () => Promise<unknown>) => {
    const t = Date.now();
    await run();
    log(`${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  };
  try {
    const [foreign] = await sql`
      select (select count(*) from reports where slug not like ${`${SYNTH_PREFIX}%`})::int as reports,
             (select count(*) from coercion_factors where slug not like ${`${SYNTH_PREFIX}%`})::int as factors`;
    if (foreign!.reports > 0 || foreign!.factors > 0) {
      throw new Error(
        `refusing: this database holds ${foreign!.reports} reports and ${foreign!.factors} factors that are not synthetic (slug not starting with "${SYNTH_PREFIX}"). Point --url at a database of its own.`,
      );
    }
    const { seed } = options;
    // h(n, k): a deterministic, well-mixed non-negative bigint for row n and purpose k.
    const h = (n: string, k: number) => `abs(hashint4extended(${n}, ${seed * 1000 + k}))`;

    await sql.begin(async (tx) => {
      await tx.unsafe(`set local maintenance_work_mem = '256MB'`);
      await step('cleared earlier synthetic rows', () =>
        tx.unsafe(`truncate figure_variants, recruitment_figures, coercion_factor_reports, coercion_factor_regions, report_publications,
                   coercion_factors, reports restart identity`),
      );

      await step(`${options.reports} reports`, () =>
        tx.unsafe(`
          insert into reports (slug, title, publisher, published_on, source_url, language, period_start, period_end, summary, note,
                               source_kind, speaker, published_on_precision)
          select slug, title, publisher,
                 case when precision = 'MONTH' then date_trunc('month', published_on)::date else published_on end,
                 source_url, language, period_start, period_end, summary, note, source_kind::source_kind, speaker,
                 precision::date_precision
          from (
          select '${SYNTH_PREFIX}' || n as slug,
                 (array['Recruitment in the occupied territories', 'Mobilisation pressure report', 'Contract service campaign',
                        'Monitoring of forced conscription', 'Occupation administration recruitment plans'])[1 + ${h('n', 1)} % 5]
                   || ' no. ' || n as title,
                 (array['National Resistance Center', 'Center for Civil Liberties', 'ZMINA Human Rights Centre',
                        'Main Intelligence Directorate', 'Ukrainska Pravda', 'Suspilne', 'Crimean Human Rights Group',
                        'Eastern Human Rights Group'])[1 + ${h('n', 2)} % 8] as publisher,
                 (date '2015-02-01' + ((n * 120 / ${options.reports}) * interval '1 month') + (${h('n', 3)} % 28) * interval '1 day')::date as published_on,
                 'https://example.org/synth/' || n as source_url,
                 (array['en', 'uk', 'uk', 'ru'])[1 + ${h('n', 4)} % 4] as language,
                 date '2015-01-01' + ((n * 120 / ${options.reports}) * interval '1 month') - interval '1 year' as period_start,
                 date '2015-01-01' + ((n * 120 / ${options.reports}) * interval '1 month') - interval '1 day' as period_end,
                 'Synthetic summary ' || n || ': contracts signed and recruitment plans in '
                   || (array['Donetsk', 'Luhansk', 'Zaporizhzhia', 'Kherson', 'Crimea', 'Sevastopol'])[1 + ${h('n', 5)} % 6]
                   || ', with payments to recruits and pressure on the unemployed.' as summary,
                 case when ${h('n', 6)} % 4 = 0 then 'Synthetic note.' end as note,
                 (enum_range(null::source_kind))[1 + ${h('n', 8)} % 7] as source_kind,
                 case when ${h('n', 9)} % 3 = 0 then 'Synthetic speaker ' || n end as speaker,
                 case when ${h('n', 10)} % 5 = 0 then 'MONTH' else 'DAY' end as precision
          from generate_series(1, ${options.reports}) as n) as r`),
      );

      await step('report publications', () =>
        tx.unsafe(`
          insert into report_publications (report_id, outlet, url, published_on, language)
          select r.id, o.outlet, 'https://' || o.outlet || '/synth/' || r.id, r.published_on, r.language
          from reports r
          cross join lateral (values ('sprotyv.mod.gov.ua', 0), ('suspilne.media', 1)) as o(outlet, k)
          where o.k = 0 or ${h('r.id', 7)} % 2 = 0`),
      );

      // Figure k belongs to report k % R; j = k / R picks its region, metric and period slot p, so each
      // (report, region, metric) holds slots 0, 1, 2, ... whose periods end in different months
      // (p * 7 mod 120 is a bijection on 0..119), which keeps the identity unique index satisfied.
      // Periods end around the report's anchor month and are a month, a quarter, year-to-date, a year
      // or several years long; values depend on the metric; qualifiers follow deriveBounds' rules.
      await step(`${options.figures} recruitment figures`, () =>
        tx.unsafe(`
          insert into recruitment_figures (report_id, region_id, metric, unit, period_kind, period_start, period_start_precision,
                                           period_end, period_end_precision, period_as_stated,
                                           best, low, high, qualifier, as_stated, attributed_to, quote, quote_en, note)
          select report_id, region_id, metric, unit::unit, period_kind::period_kind, period_start,
                 case when period_start = date_trunc('year', period_start) and ${h('k', 40)} % 4 = 0 then 'YEAR'
                      when ${h('k', 41)} % 4 = 0 then 'MONTH' else 'DAY' end::date_precision,
                 period_end, case when ${h('k', 42)} % 5 = 0 then 'MONTH' else 'DAY' end::date_precision,
                 period_as_stated, best,
                 case q when 'EXACT' then best when 'APPROXIMATELY' then round((best * 0.9)::numeric, 1)
                        when 'MORE_THAN' then best when 'JUST_OVER' then best when 'AT_LEAST' then best
                        when 'ALMOST' then round((best * 0.95)::numeric, 1) when 'LESS_THAN' then 0 when 'AT_MOST' then 0
                        else floor(best * 0.9) end,
                 case q when 'EXACT' then best when 'APPROXIMATELY' then round((best * 1.1)::numeric, 1)
                        when 'MORE_THAN' then null when 'JUST_OVER' then round((best * 1.05)::numeric, 1)
                        when 'AT_LEAST' then null when 'ALMOST' then best when 'LESS_THAN' then best when 'AT_MOST' then best
                        else ceil(best * 1.1) end,
                 q::qualifier,
                 case q when 'EXACT' then '' when 'APPROXIMATELY' then 'about ' when 'MORE_THAN' then 'over '
                        when 'JUST_OVER' then 'just over ' when 'AT_LEAST' then 'at least ' when 'ALMOST' then 'almost '
                        when 'LESS_THAN' then 'under ' when 'AT_MOST' then 'up to ' else floor(best * 0.9) || ' to ' end
                   || case q when 'RANGE' then ceil(best * 1.1)::text else best::text end
                   || case when unit = 'PERCENT' then '%' when unit = 'RUB' then ' roubles' when unit = 'USD' then ' dollars' else '' end,
                 case when ${h('k', 43)} % 10 = 0 then 'Synthetic attribution ' || k end,
                 case when ${h('k', 44)} % 3 = 0 then 'Синтетична цитата ' || k end,
                 case when ${h('k', 44)} % 3 = 0 then 'Synthetic quote ' || k end,
                 case when ${h('k', 18)} % 50 = 0 then 'Synthetic reading note.' end
          from (
            select k, report_id, region_id, metric, unit, period_start, period_end,
                   case when kind_of = 'COUNT' and ${h('k', 45)} % 5 = 0 then 'CUMULATIVE'
                        when metric in ('SHARE_OF_PERSONNEL_PERCENT', 'PAYMENT_AMOUNT') then 'SNAPSHOT' else 'FLOW' end as period_kind,
                   case kind when 2 then 'first ' || extract(month from period_end) || ' months of ' || extract(year from period_end)
                             when 4 then extract(year from period_start) || '-' || extract(year from period_end) end as period_as_stated,
                   case kind_of when 'PLAN' then ((100 + ${h('k', 11)} % 2000) * 10)::float8
                                when 'COUNT' then (10 + ${h('k', 12)} % 15000)::float8
                                when 'AMOUNT' then ((100 + ${h('k', 17)} % 400) * 1000)::float8
                                else (20 + (${h('k', 13)} % 1300) / 10.0)::float8 end as best,
                   (array['EXACT', 'EXACT', 'EXACT', 'EXACT', 'EXACT', 'EXACT', 'EXACT', 'APPROXIMATELY', 'APPROXIMATELY',
                          'APPROXIMATELY', 'APPROXIMATELY', 'MORE_THAN', 'MORE_THAN', 'JUST_OVER', 'AT_LEAST', 'ALMOST',
                          'LESS_THAN', 'AT_MOST', 'RANGE', 'RANGE'])[1 + ${h('k', 14)} % 20] as q
            from (
              select k, report_id, region_id, metric, kind_of,
                     case when metric = 'PAYMENT_AMOUNT' and ${h('k', 46)} % 4 = 0 then 'USD' else default_unit::text end as unit,
                     kind, period_end,
                     case kind when 0 then date_trunc('month', period_end)::date
                               when 1 then (date_trunc('month', period_end) - interval '2 months')::date
                               when 2 then date_trunc('year', period_end)::date
                               when 3 then (date_trunc('month', period_end) - interval '11 months')::date
                               else (date_trunc('year', period_end) - (1 + ${h('k', 16)} % 3) * interval '1 year')::date
                     end as period_start
              from (
                select k,
                       ids.reports[1 + k % ${options.reports}] as report_id,
                       ids.regions[1 + (k / ${options.reports}) % ${REGIONS}] as region_id,
                       ids.metrics[1 + (k / ${options.reports} / ${REGIONS}) % ${METRICS}] as metric,
                       (date '2015-01-01'
                          + ((((k % ${options.reports}) * ${MONTHS} / ${options.reports}) + (k / ${options.reports} / ${REGIONS * METRICS}) * 7) % ${MONTHS} + 1) * interval '1 month'
                          - interval '1 day')::date as period_end,
                       (array[0, 0, 0, 0, 1, 1, 2, 2, 3, 4])[1 + ${h('k', 15)} % 10] as kind
                from generate_series(0, ${options.figures - 1}) as k,
                     (select (select array_agg(id order by id) from reports) as reports,
                             (select array_agg(id order by code) from regions) as regions,
                             (select array_agg(metric order by position) from metric_definitions) as metrics) as ids
              ) as slots
              join lateral (select d.kind::text as kind_of, d.default_unit from metric_definitions d where d.metric = slots.metric) as dk on true
            ) as periods
          ) as figures`),
      );

      // Relays that word a figure differently: a variant on about one figure in 30 of the reports with a
      // second publication, a tenth higher or lower, as Interfax's "5,638" against "5 368".
      await step('figure variants', () =>
        tx.unsafe(`
          insert into figure_variants (figure_id, report_id, publication_id, best, low, high, qualifier, as_stated, period_as_stated)
          select f.id, f.report_id, p.id, v.best, v.best, v.best, 'EXACT', v.best::text,
                 case when ${h('f.id', 47)} % 2 = 0 then 'as the relay words the period' end
          from recruitment_figures f
          join report_publications p on p.report_id = f.report_id and p.outlet = 'suspilne.media'
          cross join lateral (select round(f.best * (case when ${h('f.id', 48)} % 2 = 0 then 1.1 else 0.9 end))::float8 as best) v
          where ${h('f.id', 49)} % 30 = 0`),
      );

      await step(`${options.factors} coercion factors`, () =>
        tx.unsafe(`
          insert into coercion_factors (slug, title, description, category, effective_from, affected_groups, note)
          select '${SYNTH_PREFIX}factor-' || n,
                 (array['Payments to contract recruits', 'Dismissal from work', 'Passport required for medicine',
                        'Recruitment posters in schools', 'Debt relief for enlistment'])[1 + ${h('n', 21)} % 5] || ' ' || n,
                 'Synthetic description of coercion factor ' || n || ': how residents are pushed into signing contracts.',
                 (enum_range(null::coercion_category))[1 + ${h('n', 22)} % 10],
                 case when ${h('n', 23)} % 3 > 0 then date '2015-01-01' + (${h('n', 24)} % 3650) * interval '1 day' end,
                 case ${h('n', 25)} % 4 when 0 then array['people with diabetes'] when 1 then array['unemployed men', 'students']
                                        when 2 then array['pensioners'] else '{}'::text[] end,
                 case when ${h('n', 26)} % 5 = 0 then 'Synthetic note.' end
          from generate_series(1, ${options.factors}) as n`),
      );

      await step('factor links', async () => {
        await tx.unsafe(`
          insert into coercion_factor_reports (factor_id, report_id)
          select f.id, ids.reports[1 + ${h('f.id * 8 + s', 31)} % ${options.reports}]
          from coercion_factors f cross join generate_series(0, 1 + (${h('f.id', 32)} % 4)::int) as s,
               (select array_agg(id order by id) as reports from reports) as ids
          on conflict do nothing`);
        await tx.unsafe(`
          insert into coercion_factor_regions (factor_id, region_id)
          select f.id, ids.regions[1 + ${h('f.id * 8 + s', 33)} % ${REGIONS}]
          from coercion_factors f cross join generate_series(1, (${h('f.id', 34)} % 3)::int) as s,
               (select array_agg(id order by code) as regions from regions) as ids
          on conflict do nothing`);
      });
    });

    // Outside the transaction: VACUUM sets the visibility map, so index-only scans work as in production.
    await step('vacuum analyze', () => sql.unsafe('vacuum (analyze) reports, report_publications, recruitment_figures, figure_variants, coercion_factors, coercion_factor_reports, coercion_factor_regions, regions, metric_definitions, metric_units, region_memberships'));
    const [counts] = await sql`
      select (select count(*) from reports)::int as reports, (select count(*) from recruitment_figures)::int as figures,
             (select count(*) from figure_variants)::int as variants,
             (select count(*) from coercion_factors)::int as factors,
             (select count(*) from coercion_factor_reports)::int as "factorReports",
             (select count(*) from coercion_factor_regions)::int as "factorRegions"`;
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    return counts;
  } finally {
    await sql.end();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  let options: SynthOptions;
  try {
    options = parseSynthArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  synthesize(options, (line) => console.log(line)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
