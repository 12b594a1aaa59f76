/**
 * What a format reader yields for each record of its input, numbered as the user would find it (the
 * line of a text file, the position in a JSON array): an importer record, a rejection with why, or a
 * record passed over on purpose (a GKG row from outside the web, which has no URL to import).
 */
export type ImportEntry =
  { line: number; value: unknown } | { line: number; reason: string } | { line: number; skipped: string };

/** The value of a record mapped from a foreign format, or why it cannot be one. */
export type Mapped = { value: Record<string, unknown> } | { reason: string };

export function entryOf(line: number, mapped: Mapped): ImportEntry {
  return 'value' in mapped ? { line, value: mapped.value } : { line, reason: mapped.reason };
}

/** A whole file the chosen format cannot read at all (one line, saying what was expected). */
export class ImportFormatError extends Error {}
