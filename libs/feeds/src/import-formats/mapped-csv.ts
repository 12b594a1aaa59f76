import { csvRows, headerIndex } from './csv-reader.js';
import { entryOf, ImportFormatError, type ImportEntry, type Mapped } from './import-entry.js';

/**
 * Any CSV with a header: `--map url=link,title=headline,publishedAt=date` names the column that
 * holds each of the importer's fields; a field not mapped is read from the column of its own name
 * (`url`, `title`, `publishedAt` …), so a CSV in stancewatch's own names needs no map. Values go to
 * the importer as they are: its checks (an ISO date with a zone, an http(s) URL) report bad rows.
 */
export const MAPPABLE_FIELDS = [
  'url',
  'title',
  'summary',
  'publishedAt',
  'outlet',
  'language',
  'country',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type FieldMap = Partial<Record<MappableField, string>>;

/** `url=link,title=headline` → { url: 'link', title: 'headline' }; a bad map says what to write. */
export function parseFieldMap(text: string): FieldMap {
  const map: FieldMap = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [field, column, ...rest] = pair.split('=').map((p) => p.trim());
    if (!column || rest.length)
      throw new ImportFormatError(
        `--map: "${pair}" is not field=column; write e.g. --map url=link,title=headline`,
      );
    const known = MAPPABLE_FIELDS.find((f) => f.toLowerCase() === field.toLowerCase());
    if (!known)
      throw new ImportFormatError(
        `--map: "${field}" is not a field; map one of ${MAPPABLE_FIELDS.join(', ')}`,
      );
    map[known] = column;
  }
  return map;
}

export async function* mappedCsvEntries(
  text: AsyncIterable<string>,
  map: FieldMap = {},
): AsyncGenerator<ImportEntry> {
  let columns: Map<MappableField, number> | null = null;
  for await (const row of csvRows(text)) {
    if ('error' in row) yield { line: row.line, reason: row.error };
    else if (columns === null) columns = mappedColumns(row.fields, map);
    else yield entryOf(row.line, mappedRecord(columns, row.fields));
  }
}

/** Where each field is in the header; a mapped column missing from it, or no URL column, fails the file. */
export function mappedColumns(header: string[], map: FieldMap): Map<MappableField, number> {
  const index = headerIndex(header);
  const columns = new Map<MappableField, number>();
  for (const field of MAPPABLE_FIELDS) {
    const name = (map[field] ?? field).trim().toLowerCase();
    const at = index.get(name);
    if (at !== undefined) columns.set(field, at);
    else if (map[field])
      throw new ImportFormatError(
        `--map: column "${map[field]}" is not in the header (${header.slice(0, 20).join(', ')})`,
      );
  }
  const unmapped = (['url', 'title', 'publishedAt'] as const).filter((field) => !columns.has(field));
  if (unmapped.length)
    throw new ImportFormatError(
      `the CSV has no column for ${unmapped.join(', ')}; name them with --map, e.g. --map url=link,title=headline,publishedAt=date`,
    );
  return columns;
}

function mappedRecord(columns: Map<MappableField, number>, fields: string[]): Mapped {
  const value: Record<string, unknown> = {};
  for (const [field, at] of columns) {
    const cell = fields[at]?.trim();
    // An empty optional cell is no value; an empty required one is reported as missing by the importer.
    if (cell) value[field] = cell;
  }
  return { value };
}
