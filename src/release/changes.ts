// What changed between two data versions (a release and the one before it), record by record, from the
// row history alone: the records whose history has an entry that began or ended in between, each
// compared as it stood at both versions. A record edited and edited back is no change. Costs O(changes),
// and a page costs a page: the touched keys are few, and each is looked up by key.
//
// A report's publications count as part of the report, a coercion factor's links to reports and regions
// as part of the factor: the contract's records are Region, Report, CoercionFactor, RecruitmentFigure.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { named, rowsOf } from '../db/statements.js';
import { HISTORY_SCHEMA } from './history.js';
import { describeChange, type ChangeKind, type EntityType, type JsonRecord } from '../domain/change-summary.js';

const VOLATILE = `- 'version' - 'created_at' - 'updated_at' - 'search'`;

/** The record with key `key` (SQL) of `table` as jsonb as it stood at data version `at` (SQL), or null. */
function stateAt(table: string, key: string, at: string): string {
  return `coalesce(
    (select to_jsonb(x) - 'valid_from' from public.${table} x where x.id = (${key})::bigint and x.valid_from <= ${at}),
    (select to_jsonb(h) - 'valid_from' - 'valid_to' from ${HISTORY_SCHEMA}.${table} h
      where h.id = (${key})::bigint and h.valid_to > ${at} and h.valid_from <= ${at}))`;
}

/**
 * Keys (`key`, over a row h of the table) of `table` with a version that began or ended in (after,
 * upTo]: live rows begun then, superseded versions begun or ended then. By index, on valid_from and
 * valid_to.
 */
function touched(table: string, key: string): string {
  return `select ${key} as id from public.${table} h where h.valid_from > $after and h.valid_from <= $upto
    union all
    select ${key} as id from ${HISTORY_SCHEMA}.${table} h
      where (h.valid_from > $after and h.valid_from <= $upto) or (h.valid_to > $after and h.valid_to <= $upto)`;
}

interface EntitySpec {
  type: EntityType;
  table: string;
  /** keys touched, as `select id` statements (touched()) */
  touched: string[];
  /** the compared state, over the record's jsonb `s` at version `at` */
  state: (s: string, at: string) => string;
  /** what a summary needs beside the state (not compared), over the record's jsonb `s` at `at` */
  label?: (s: string, at: string) => string;
}

const ENTITIES: EntitySpec[] = [
  { type: 'Region', table: 'regions', touched: [touched('regions', 'h.id')], state: (s) => `(${s} ${VOLATILE})` },
  {
    type: 'Report',
    table: 'reports',
    touched: [
      touched('reports', 'h.id'),
      touched('report_publications', 'h.report_id'),
    ],
    state: (s, at) => `((${s} ${VOLATILE}) || jsonb_build_object('publications', coalesce((
      select jsonb_agg(to_jsonb(p) - 'id' - 'report_id' - 'created_at' - 'updated_at' order by p.url)
      from public.tot_release_report_publications(${at}) p where p.report_id = (${s}->>'id')::bigint), '[]'::jsonb)))`,
  },
  {
    type: 'CoercionFactor',
    table: 'coercion_factors',
    touched: [
      touched('coercion_factors', 'h.id'),
      touched('coercion_factor_reports', 'h.factor_id'),
      touched('coercion_factor_regions', 'h.factor_id'),
    ],
    state: (s, at) => `((${s} ${VOLATILE}) || jsonb_build_object(
      'reports', coalesce((select jsonb_agg(r.slug order by r.slug) from public.tot_release_coercion_factor_reports(${at}) l
        join public.tot_release_reports(${at}) r on r.id = l.report_id where l.factor_id = (${s}->>'id')::bigint), '[]'::jsonb),
      'regions', coalesce((select jsonb_agg(g.code order by g.code) from public.tot_release_coercion_factor_regions(${at}) l
        join public.tot_release_regions(${at}) g on g.id = l.region_id where l.factor_id = (${s}->>'id')::bigint), '[]'::jsonb)))`,
  },
  {
    type: 'RecruitmentFigure',
    table: 'recruitment_figures',
    touched: [touched('recruitment_figures', 'h.id')],
    state: (s) => `(${s} ${VOLATILE})`,
    label: (s, at) => `jsonb_build_object(
      'region_code', ${stateAt('regions', `${s}->>'region_id'`, at)}->>'code',
      'report_slug', ${stateAt('reports', `${s}->>'report_id'`, at)}->>'slug')`,
  },
];

export const ENTITY_ORDER: EntityType[] = ENTITIES.map((e) => e.type);

interface Versions {
  /** the previous release's data version (-1 before the first release: rows stamped 0 began before every release) */
  after: number;
  /** this release's data version */
  upTo: number;
}

/**
 * Replaces $after/$upto with the versions as literals: the planner then sees that `valid_from > after`
 * implies the `valid_from > 0` of the live tables' partial index (src/db/schema.ts), except before the
 * first release (-1), whose changes are every record anyway.
 */
function bind(text: string, v: Versions): SQL {
  return sql.raw(text.replace(/\$after|\$upto/g, (name) => `${Math.trunc(name === '$after' ? v.after : v.upTo)}::bigint`));
}

function changedKeys(e: EntitySpec, afterId: number): string {
  const at = (version: string) => e.state(stateAt(e.table, 't.id', version), version);
  return `with touched as (
      select distinct id from (${e.touched.join(' union all ')}) s where id > ${Math.trunc(afterId)})
    select t.id, b.state as before, a.state as after
      ${e.label ? `, ${e.label(stateAt(e.table, 't.id', '$after'), '$after')} as label_before, ${e.label(stateAt(e.table, 't.id', '$upto'), '$upto')} as label_after` : ''}
    from touched t
    cross join lateral (select ${at('$after')} as state) b
    cross join lateral (select ${at('$upto')} as state) a
    where b.state is distinct from a.state`;
}

function json(value: unknown): JsonRecord | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as JsonRecord;
}

export interface ReleaseChange {
  kind: ChangeKind;
  entityType: EntityType;
  id: number;
  summary: string;
}

export interface ChangeCursor {
  type: EntityType;
  id: number;
}

/** Up to `limit` changes after `cursor`, in the order Region, Report, CoercionFactor, RecruitmentFigure, then id. */
export async function changesPage(db: Db, versions: Versions, cursor: ChangeCursor | null, limit: number): Promise<ReleaseChange[]> {
  const out: ReleaseChange[] = [];
  const start = cursor ? ENTITY_ORDER.indexOf(cursor.type) : 0;
  for (let i = start; i < ENTITIES.length && out.length < limit; i++) {
    const e = ENTITIES[i]!;
    const afterId = cursor && i === start ? cursor.id : 0;
    const result = await db.execute(
      named('releaseChanges', bind(`${changedKeys(e, afterId)} order by t.id limit ${limit - out.length}`, versions)),
    );
    for (const row of rowsOf(result)) {
      const before = json(row.before);
      const after = json(row.after);
      const change = describeChange(e.type, before, after, json(row.label_before), json(row.label_after));
      out.push({ ...change, entityType: e.type, id: Number(row.id) });
    }
  }
  return out;
}

/** How many records changed. */
export async function changesCount(db: Db, versions: Versions): Promise<number> {
  let total = 0;
  for (const e of ENTITIES) {
    const [row] = rowsOf<{ n: string | number }>(await db.execute(named('releaseChangesCount', bind(`select count(*) as n from (${changedKeys(e, 0)}) c`, versions))));
    total += Number(row?.n ?? 0);
  }
  return total;
}
