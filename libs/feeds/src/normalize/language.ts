/** 'en-US' → 'en', 'RU_ru' → 'ru', 'zh-Hans-CN' → 'zh'; null when it does not look like a language tag. */
export function normalizeLanguage(tag: string | null | undefined): string | null {
  const primary = tag
    ?.trim()
    .toLowerCase()
    .split(/[-_\s]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/** The language a text's script implies for this project's languages: Cyrillic → ru, Han → zh, Latin → en. */
export function languageFromScript(value: string | null | undefined): string | null {
  if (!value) return null;
  const counts = {
    ru: value.match(/\p{Script=Cyrillic}/gu)?.length ?? 0,
    zh: value.match(/\p{Script=Han}/gu)?.length ?? 0,
    en: value.match(/\p{Script=Latin}/gu)?.length ?? 0,
  };
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  // Han characters carry a word each; two of them say more than two Latin letters.
  const needed = best === 'zh' ? 2 : 4;
  // Another script dominating (Devanagari, Arabic ...) means none of ours.
  const letters = value.match(/\p{L}/gu)?.length ?? 0;
  return count >= needed && count * 2 >= letters ? best : null;
}
