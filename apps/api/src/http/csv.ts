/**
 * RFC 4180 CSV: CRLF line ends, every text field quoted with inner quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) gets a
 * leading single quote (OWASP's CSV-injection advice). Numbers the API computes are written as they
 * are, so a negative stance score stays a number.
 */
/** The UTF-8 byte-order mark: Excel reads a CSV as UTF-8 (not the Windows code page) only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/** The `bom` query parameter of the CSV responses (articles, trends). */
export const BOM_DESCRIPTION =
  'with Accept: text/csv, start the CSV with a UTF-8 byte-order mark, so that Excel opens Cyrillic and ' +
  'Chinese text right (without one it reads the Windows code page); default false';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return csvRows([header, ...rows]);
}

/** Rows without a header, each ending in CRLF: a long CSV written page by page after its header. */
export function csvRows(rows: CsvCell[][]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
