// One line a reader understands for a record that changed between two releases, e.g.
// "UA-23 CONTRACTS_SIGNED 2024: over 330 -> about 330 (nrc-2024-occupied-recruitment)".
// Pure: takes the record as it stood before and after (database column names, as jsonb gives them).

export type EntityType = 'Region' | 'Report' | 'CoercionFactor' | 'RecruitmentFigure';
export type ChangeKind = 'ADDED' | 'CHANGED' | 'REMOVED';
export type JsonRecord = Record<string, unknown>;

const LAST_DAY = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A period as a reader says it: 2024, 2024-03, 2024-01..2024-11, or 2024-01-15..2024-11-30. */
export function periodLabel(start: string, end: string): string {
  const [ys, ms, ds] = start.split('-').map(Number) as [number, number, number];
  const [ye, me, de] = end.split('-').map(Number) as [number, number, number];
  const wholeMonths = ds === 1 && de === LAST_DAY(ye, me);
  if (wholeMonths && ms === 1 && me === 12) return ys === ye ? `${ys}` : `${ys}..${ye}`;
  if (wholeMonths) {
    const s = start.slice(0, 7);
    const e = end.slice(0, 7);
    return s === e ? s : `${s}..${e}`;
  }
  return start === end ? start : `${start}..${end}`;
}

/** Short enough to quote whole; longer text is cut with an ellipsis. */
function quote(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}]`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const one = text.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > 60 ? `${one.slice(0, 59)}…` : one);
}

function differing(before: JsonRecord, after: JsonRecord, skip: string[] = []): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !skip.includes(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).sort();
}

function fieldChanges(before: JsonRecord, after: JsonRecord, skip: string[] = []): string {
  return differing(before, after, skip)
    .map((k) => (k === 'publications' ? 'publications changed' : `${k} ${quote(before[k])} -> ${quote(after[k])}`))
    .join('; ');
}

function figureLabel(row: JsonRecord, label: JsonRecord | null): string {
  const region = String(label?.region_code ?? `region ${row.region_id}`);
  return `${region} ${row.metric} ${periodLabel(String(row.period_start), String(row.period_end))}`;
}

function reportRef(label: JsonRecord | null, row: JsonRecord): string {
  return String(label?.report_slug ?? `report ${row.report_id}`);
}

export function describeChange(
  type: EntityType,
  before: JsonRecord | null,
  after: JsonRecord | null,
  labelBefore: JsonRecord | null = null,
  labelAfter: JsonRecord | null = null,
): { kind: ChangeKind; summary: string } {
  const kind: ChangeKind = before === null ? 'ADDED' : after === null ? 'REMOVED' : 'CHANGED';
  const row = (after ?? before)!;
  if (type === 'RecruitmentFigure') {
    const label = after ? labelAfter : labelBefore;
    const where = figureLabel(row, label);
    if (kind === 'ADDED') return { kind, summary: `${where}: ${row.as_stated} added (${reportRef(label, row)})` };
    if (kind === 'REMOVED') return { kind, summary: `${where}: ${row.as_stated} removed (${reportRef(label, row)})` };
    const b = before!;
    const a = after!;
    // The identity as it stood before, so that a moved period or region reads as a move.
    const was = figureLabel(b, labelBefore ?? label);
    const parts: string[] = [];
    if (b.as_stated !== a.as_stated) parts.push(`${b.as_stated} -> ${a.as_stated}`);
    const value = ['best', 'low', 'high', 'qualifier'];
    const valueMoved = value.some((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
    if (valueMoved && b.as_stated === a.as_stated) parts.push(`value read as ${a.qualifier} ${a.best} (was ${b.qualifier} ${b.best})`);
    const where2 = figureLabel(a, labelAfter ?? label);
    if (where2 !== was) parts.push(`now ${where2}`);
    const rest = fieldChanges(b, a, ['as_stated', ...value, 'region_id', 'metric', 'period_start', 'period_end', 'report_id']);
    if (rest) parts.push(rest);
    if (b.report_id !== a.report_id) parts.push(`report ${reportRef(labelBefore, b)} -> ${reportRef(labelAfter, a)}`);
    return { kind, summary: `${was}: ${parts.join('; ') || 'changed'} (${reportRef(label, row)})` };
  }
  const name =
    type === 'Region' ? `region ${row.code}` : type === 'Report' ? `report ${row.slug}` : `coercion factor ${row.slug}`;
  if (kind === 'ADDED') return { kind, summary: `${name} added${row.title ? `: ${quote(row.title)}` : ''}` };
  if (kind === 'REMOVED') return { kind, summary: `${name} removed` };
  return { kind, summary: `${name}: ${fieldChanges(before!, after!, ['id']) || 'changed'}` };
}
