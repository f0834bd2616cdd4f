// Cells a spreadsheet would run as a formula, neutralised as OWASP recommends ("CSV Injection"): a text
// cell that starts with =, +, -, @, a tab or a carriage return (or their full-width forms, which some
// spreadsheets accept too) gets a leading apostrophe, so that Excel, LibreOffice and Google Sheets show
// it as text. The check is made on the value exactly as stored, and a cell whose first non-blank
// character is one of them is neutralised too: a spreadsheet that trims on import must not turn
// "\t=1+1" or " =1+1" into "=1+1". Only text cells are touched: numbers stay numbers (-5 is a number).
// Quoting of commas, quotes and line breaks is the CSV writer's job (RFC 4180).
//
// The rule is stated once, as two sets of characters: the JavaScript test below and the SQL of the
// PostgreSQL COPY export (src/export/copy.ts) are both made from them, and test/export-copy.test.ts
// checks that they agree on a corpus of tricky cells.

/** Characters that start a formula. */
export const FORMULA_CHARS = '=+-@\uFF1D\uFF0B\uFF0D\uFF20';

/**
 * Blanks a spreadsheet may trim before it reads a cell: JavaScript's `\s` (white space and line
 * terminators), which includes the no-break and ideographic spaces. Tab and carriage return are among them.
 */
export const BLANKS = '\t\n\u000b\u000c\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** A cell starting with one of these is neutralised whatever follows. */
export const ALWAYS_NEUTRALISED = '\t\r';

const escapeClass = (chars: string) => [...chars].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

const FORMULA_START = new RegExp(`^[${escapeClass(BLANKS)}]*[${escapeClass(FORMULA_CHARS)}]|^[${escapeClass(ALWAYS_NEUTRALISED)}]`);

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
