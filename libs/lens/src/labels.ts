/** Languages the lenses carry hypotheses for. */
export const LANGUAGES = ['en', 'ru', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export type PerLanguage = Record<Language, string>;

export const STANCE_LABELS = ['supportive', 'neutral', 'critical'] as const;
export type StanceLabel = (typeof STANCE_LABELS)[number];
export const FRAMING_LABELS = ['cooperation', 'conflict'] as const;
export type FramingLabel = (typeof FRAMING_LABELS)[number];
export const TONE_LABELS = ['negative', 'neutral', 'positive'] as const;
export type ToneLabel = (typeof TONE_LABELS)[number];

/**
 * The tone hypotheses with which an NLI model scores sentiment (SENTIMENT_MODEL=nli): the same
 * instrument as stance and framing, in each text's own language. Tone belongs to no lens.
 */
export const TONE_HYPOTHESES: Record<ToneLabel, PerLanguage> = {
  negative: {
    en: 'The tone of this text is negative.',
    ru: 'Тон этого текста отрицательный.',
    zh: '本文的语气是负面的。',
  },
  neutral: {
    en: 'The tone of this text is neutral.',
    ru: 'Тон этого текста нейтральный.',
    zh: '本文的语气是客观中立的。',
  },
  positive: {
    en: 'The tone of this text is positive.',
    ru: 'Тон этого текста положительный.',
    zh: '本文的语气是正面的。',
  },
};

/** The hypotheses of a lens, as kept in config/lenses.json: one sentence per label and language. */
export interface LensHypotheses {
  stance: Record<StanceLabel, PerLanguage>;
  framing: Record<FramingLabel, PerLanguage>;
}

/**
 * A language guess from the script alone, for texts that come without one: Han characters mean
 * Chinese, Cyrillic means Russian, anything else gets the English hypotheses.
 */
export function guessLanguage(text: string): Language {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  // A Han character carries about a word, a letter a fraction of one.
  if (han * 3 >= Math.max(cyrillic, latin) && han > 0) return 'zh';
  if (cyrillic > latin) return 'ru';
  return 'en';
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language whose hypotheses score a text: its own when the lenses carry it; English when it is
 * declared another language or unknown (the multilingual model reads the text, the English hypotheses
 * ask the question, and the article keeps its own language, so breakdowns show it as such); guessed
 * from the script when the text declares none.
 */
export function hypothesisLanguage(language: string | null | undefined, text: string): Language {
  if (!language) return guessLanguage(text);
  return isLanguage(language) ? language : 'en';
}

/** Whether a text needs the multilingual model: every text not known (or, undeclared, guessed) to be English. */
export function needsMultilingualModel(language: string | null | undefined, text: string): boolean {
  return language ? language !== 'en' : guessLanguage(text) !== 'en';
}

type PartialHypotheses<L extends string> = Record<L, Partial<PerLanguage> & { en: string }>;

/** A lens as configured may lack a translation: the English hypothesis stands in for it. */
export function completeHypotheses(lens: {
  stance: PartialHypotheses<StanceLabel>;
  framing: PartialHypotheses<FramingLabel>;
}): LensHypotheses {
  const complete = <L extends string>(axis: PartialHypotheses<L>) =>
    Object.fromEntries(
      Object.entries<Partial<PerLanguage> & { en: string }>(axis).map(([label, byLanguage]) => [
        label,
        Object.fromEntries(LANGUAGES.map((language) => [language, byLanguage[language] ?? byLanguage.en])),
      ]),
    ) as Record<L, PerLanguage>;
  return { stance: complete(lens.stance), framing: complete(lens.framing) };
}
