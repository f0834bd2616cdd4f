// Identifiers this API issues: global IDs of Relay nodes name one of NODE_TYPES and a database id, a
// positive PostgreSQL integer.

/** The Relay node types; a global ID of any other type was not issued here. */
export const NODE_TYPES: ReadonlySet<string> = new Set(['Region', 'Report', 'RecruitmentFigure', 'CoercionFactor', 'DatasetRelease']);

/** The largest PostgreSQL `integer`, the type of every id a client can name. */
export const MAX_DATABASE_ID = 2147483647;

/** A database id as text: a positive integer, no sign, no leading zero. */
const DATABASE_ID = /^[1-9]\d{0,9}$/;

/** The id `text` names, or null when it is not a database id this API could have issued. */
export function parseDatabaseId(text: string): number | null {
  if (!DATABASE_ID.test(text)) return null;
  const id = Number(text);
  return id <= MAX_DATABASE_ID ? id : null;
}
