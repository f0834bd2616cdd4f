// Prepares a user's search text for PostgreSQL's websearch_to_tsquery. That function accepts any text
// (quotes, operators, emoji) without error; what it cannot take is a NUL character, and it gains nothing
// from megabytes of input, so both are dealt with here. Ukrainian words are reduced to a crude stem,
// because the database indexes Ukrainian unstemmed (the 'simple' configuration) and the search then
// matches each Cyrillic term as a prefix: "Запорізькій" is looked up as запорізьк:* and finds
// "Запорізька", "Херсон" finds "Херсонська". Pure: no database.

/** Longer input is cut here (in characters); no sensible query needs more. */
export const MAX_SEARCH_LENGTH = 500;

/** A stem shorter than this would match too much as a prefix, so endings are not cut below it. */
const MIN_STEM = 4;

// Case endings of Ukrainian nouns and adjectives, longest first so that the longest one is cut.
const UKRAINIAN_ENDINGS = [
  'ього', 'ьому', 'ами', 'ями', 'ові', 'еві', 'єві', 'ого', 'ому', 'ими', 'іми', 'ьої',
  'ій', 'ої', 'ою', 'ею', 'єю', 'ах', 'ях', 'ам', 'ям', 'ів', 'їв', 'ий', 'их', 'ім', 'им', 'ом', 'ем', 'єм',
  'а', 'я', 'у', 'ю', 'і', 'ї', 'е', 'є', 'о', 'и', 'ь', 'й',
];

const CYRILLIC_WORD = /[\p{Script=Cyrillic}]+/gu;
// NUL cannot be stored in PostgreSQL text; other control characters carry no meaning in a query.
const CONTROL = /[\p{Cc}\p{Cs}]/gu;

/** Cuts one case ending off a lower-cased Cyrillic word, keeping at least MIN_STEM letters. */
export function ukrainianStem(word: string): string {
  const lower = word.toLowerCase();
  for (const ending of UKRAINIAN_ENDINGS) {
    if (lower.endsWith(ending) && [...lower].length - [...ending].length >= MIN_STEM) {
      return lower.slice(0, lower.length - ending.length);
    }
  }
  return lower;
}

/**
 * The text to hand to websearch_to_tsquery: control characters replaced by spaces, cut to
 * MAX_SEARCH_LENGTH characters (never inside a surrogate pair), Cyrillic words stemmed. Returns ''
 * when nothing searchable is left.
 */
export function prepareSearchText(input: string): string {
  const chars = [...input.replace(CONTROL, ' ')];
  const cut = chars.length > MAX_SEARCH_LENGTH ? chars.slice(0, MAX_SEARCH_LENGTH).join('') : chars.join('');
  return cut.replace(CYRILLIC_WORD, (w) => ukrainianStem(w)).trim();
}
