// Cells a spreadsheet would run as a formula, neutralised as OWASP recommends ("CSV Injection"): a text
// cell that starts with =, +, -, @, a tab or a carriage return (or their full-width forms, which some
// spreadsheets accept too) gets a leading apostrophe, so that Excel, LibreOffice and Google Sheets show
// it as text. The check is made on the value exactly as stored, and a cell whose first non-blank
// character is one of them is neutralised too: a spreadsheet that trims on import must not turn
// "\t=1+1" or " =1+1" into "=1+1". Only text cells are touched: numbers stay numbers (-5 is a number).
// Quoting of commas, quotes and line breaks is the CSV writer's job (RFC 4180).

const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
