import { countryCodeOfName } from './country-names.js';
import { gdeltSeenDate } from './dates.js';
import { entryOf, ImportFormatError, type ImportEntry, type Mapped } from './import-entry.js';
import { jsonArrayElements } from './json-array-elements.js';
import { languageCodeOfName } from './language-names.js';

/**
 * GDELT DOC 2.0 API, artlist mode, JSON: `{"articles": [{url, url_mobile, title, seendate,
 * socialimage, domain, language, sourcecountry}]}`. `seendate` is UTC in basic ISO form; `language`
 * and `sourcecountry` are English names, mapped to codes; `domain` is the outlet. Records are
 * numbered by their position in the list.
 */
export async function* gdeltDocEntries(text: AsyncIterable<string>): AsyncGenerator<ImportEntry> {
  try {
    for await (const element of jsonArrayElements(text)) {
      if ('reason' in element) yield { line: element.position, reason: element.reason };
      else yield entryOf(element.position, gdeltDocRecord(element.value));
    }
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new ImportFormatError(
        `not GDELT DOC artlist JSON: ${error.message}; expected {"articles": [...]}`,
      );
    throw error;
  }
}

/** One artlist article as an importer record. */
export function gdeltDocRecord(article: unknown): Mapped {
  if (typeof article !== 'object' || article === null || Array.isArray(article))
    return { reason: 'expected an article object' };
  const a = article as Record<string, unknown>;
  const value: Record<string, unknown> = { url: a.url, title: a.title, outlet: nonEmpty(a.domain) };
  if (typeof a.seendate !== 'string')
    return { reason: 'seendate: missing; expected GDELT\'s form such as "20250508T142000Z"' };
  const seen = gdeltSeenDate(a.seendate);
  if (!seen)
    return {
      reason: `seendate: expected GDELT's form such as "20250508T142000Z", found ${JSON.stringify(a.seendate)}`,
    };
  value.publishedAt = seen;
  const language = nonEmpty(a.language);
  if (language) {
    const code = languageCodeOfName(language);
    if (!code)
      return { reason: `language: ${JSON.stringify(language)} is not a language name stancewatch knows` };
    value.language = code;
  }
  const country = nonEmpty(a.sourcecountry);
  if (country) {
    const code = countryCodeOfName(country);
    if (!code)
      return { reason: `sourcecountry: ${JSON.stringify(country)} is not a country name stancewatch knows` };
    value.country = code;
  }
  return { value };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
