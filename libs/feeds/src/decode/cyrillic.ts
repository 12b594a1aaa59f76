/**
 * Undeclared, non-UTF-8 Russian text is windows-1251 or KOI8-R. Both put Cyrillic letters in
 * 0xC0–0xFF but swap the cases: windows-1251 has lower case in 0xE0–0xFF, KOI8-R upper case.
 * Running text is mostly lower case, so the busier half tells them apart.
 */
export function guessCyrillicEncoding(bytes: Uint8Array): 'windows-1251' | 'koi8-r' | null {
  let asciiLetters = 0;
  let lowHalf = 0; // 0xC0–0xDF
  let highHalf = 0; // 0xE0–0xFF
  for (const b of bytes) {
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) asciiLetters++;
    else if (b >= 0xe0) highHalf++;
    else if (b >= 0xc0) lowHalf++;
  }
  const cyrillic = lowHalf + highHalf;
  // Markup is ASCII, so compare against the letters outside tags only roughly: Latin-1 text
  // with accents has a few high bytes per hundred letters, Russian text has mostly high bytes.
  if (cyrillic < 8 || cyrillic < asciiLetters * 0.25) return null;
  return highHalf >= lowHalf ? 'windows-1251' : 'koi8-r';
}
