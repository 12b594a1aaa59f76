import iconv from 'iconv-lite';
import { guessCyrillicEncoding } from './cyrillic.js';

export type CharsetSource = 'bom' | 'http' | 'xml-declaration' | 'utf8' | 'fallback';

export interface DecodedFeed {
  text: string;
  /** The encoding actually used, as a lower-case label ('utf-8', 'windows-1251', 'gb18030' ...). */
  encoding: string;
  source: CharsetSource;
}

const BOMS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  // UTF-32 first: its little-endian BOM starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** First bytes of `<?` (or `<` + letter) in encodings that are not ASCII-compatible. */
const WIDE_SNIFFS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf-32be' },
  { bytes: [0x3c, 0x00], encoding: 'utf-16le' },
  { bytes: [0x00, 0x3c], encoding: 'utf-16be' },
];

/**
 * Labels that decode better as a superset: GB2312 and GBK text is valid GB18030, and
 * browsers treat ISO-8859-1/US-ASCII as windows-1252 because servers mislabel it so often.
 */
const SUPERSETS: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'euc-cn': 'gb18030',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1251: 'windows-1251',
  cp1252: 'windows-1252',
  utf8: 'utf-8',
};

const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|ibm\d+|cp\d+|x-mac-.*|macintosh)$/;

/**
 * Turn feed bytes into text. Order: byte-order mark, HTTP charset (RFC 3023: it beats the
 * declaration), XML declaration (or UTF-16/32 sniffed from the first bytes), valid UTF-8,
 * then a Cyrillic guess or windows-1252.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): DecodedFeed {
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  if (bom) {
    const text = decodeWith(bytes.subarray(bom.bytes.length), bom.encoding);
    return {
      text: bom.encoding === 'utf-8' ? undoDoubleEncoding(text) : text,
      encoding: bom.encoding,
      source: 'bom',
    };
  }

  const sniffed = WIDE_SNIFFS.find((s) => startsWith(bytes, s.bytes))?.encoding ?? null;
  const http = usableLabel(charsetFromContentType(contentType), sniffed);
  if (http) return declared(bytes, http, 'http');

  const declaration = usableLabel(xmlDeclarationEncoding(bytes, sniffed), sniffed);
  if (declaration) return declared(bytes, declaration, 'xml-declaration');
  if (sniffed) return { text: decodeWith(bytes, sniffed), encoding: sniffed, source: 'xml-declaration' };

  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: undoDoubleEncoding(utf8), encoding: 'utf-8', source: 'utf8' };

  const fallback = guessCyrillicEncoding(bytes) ?? 'windows-1252';
  return { text: decodeWith(bytes, fallback), encoding: fallback, source: 'fallback' };
}

/**
 * A declared single-byte charset loses to bytes that are valid, non-ASCII UTF-8: servers and
 * templates mislabel UTF-8 as ISO-8859-1/windows-125x far more often than Latin or Cyrillic
 * text happens to form valid multi-byte UTF-8 sequences (miniflux's policy; feedparser would
 * produce mojibake here).
 */
function declared(bytes: Uint8Array, encoding: string, source: CharsetSource): DecodedFeed {
  if (SINGLE_BYTE.test(encoding) && hasNonAscii(bytes)) {
    const utf8 = strictUtf8(bytes);
    if (utf8 !== null) return { text: undoDoubleEncoding(utf8), encoding: 'utf-8', source: 'utf8' };
  }
  const text = decodeWith(bytes, encoding);
  return { text: encoding === 'utf-8' ? undoDoubleEncoding(text) : text, encoding, source };
}

/**
 * Double-encoded UTF-8 ("ÐœÐ¾ÑÐºÐ²Ð°" for "Москва"): UTF-8 bytes once read as windows-1252 and
 * encoded again. When the text looks like that and turning it back yields valid UTF-8, use it.
 */
export function undoDoubleEncoding(text: string): string {
  const marks = text.match(
    /[ÃÂÐÑâ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2122]/g,
  );
  if (!marks) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Bytes 0x80–0x9F that windows-1252 leaves undefined survive as U+0080–U+009F.
    const byte = code <= 0xff ? code : CP1252_HIGH.indexOf(text[i]) + 0x80;
    if (byte < 0x80 && code > 0xff) return text;
    bytes[i] = byte;
  }
  return strictUtf8(bytes) ?? text;
}
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Normalise a label; null when iconv-lite cannot decode it or it contradicts the sniffed width. */
function usableLabel(label: string | null, sniffed: string | null): string | null {
  if (!label) return null;
  let name = label.trim().toLowerCase();
  name = SUPERSETS[name] ?? name;
  if (!iconv.encodingExists(name)) return null;
  const wide = /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(name);
  // A document that starts with plain ASCII '<' cannot be UTF-16/32, whatever its label says.
  if (wide !== (sniffed !== null)) return wide ? null : sniffed;
  if (wide && sniffed && !/(le|be)$/.test(name)) return sniffed;
  return name;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))/i.exec(contentType);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value ? value.trim() : null;
}

function xmlDeclarationEncoding(bytes: Uint8Array, sniffed: string | null): string | null {
  const head = sniffed
    ? decodeWith(bytes.subarray(0, 1024), sniffed)
    : Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const decl = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return decl ? decl[1] : null;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), encoding, {
    stripBOM: true,
  });
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}
