import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_NLI_MODEL, BUILTIN_SENTIMENT_MODEL, generateBuiltinModels } from '../builtin/generate.js';
import type { Language, LensHypotheses } from '../../../lens/src/index.js';
import { loadModel, type LoadedModel, type ModelDtype } from '../model-loader.js';

/** The Russia–China lens in the shape of config/lenses.json, written out here so tests own their data. */
export const TEST_LENS: LensHypotheses = {
  stance: {
    supportive: {
      en: 'This text portrays the partnership between Russia and China positively.',
      ru: 'Этот текст изображает партнёрство России и Китая положительно.',
      zh: '本文正面地描述中俄伙伴关系。',
    },
    neutral: {
      en: 'This text portrays the partnership between Russia and China neutrally.',
      ru: 'Этот текст изображает партнёрство России и Китая нейтрально.',
      zh: '本文客观中立地描述中俄伙伴关系。',
    },
    critical: {
      en: 'This text portrays the partnership between Russia and China negatively.',
      ru: 'Этот текст изображает партнёрство России и Китая отрицательно.',
      zh: '本文负面地描述中俄伙伴关系。',
    },
  },
  framing: {
    cooperation: {
      en: 'This text reports cooperation between Russia and China.',
      ru: 'Этот текст сообщает о сотрудничестве России и Китая.',
      zh: '本文报道中俄之间的合作。',
    },
    conflict: {
      en: 'This text reports conflict between Russia and China.',
      ru: 'Этот текст сообщает о конфликте между Россией и Китаем.',
      zh: '本文报道中俄之间的冲突。',
    },
  },
};

export interface Headline {
  text: string;
  language: Language;
  stance: 'supportive' | 'neutral' | 'critical';
}

/** Headlines written for these tests (not from any outlet), four per language. */
export const HEADLINES: Headline[] = [
  { language: 'en', stance: 'supportive', text: 'Moscow and Beijing pledge deeper friendship' },
  { language: 'en', stance: 'supportive', text: 'Putin and Xi hail strategic partnership as trade booms' },
  { language: 'en', stance: 'neutral', text: 'Putin met Xi in Beijing on Tuesday' },
  { language: 'en', stance: 'critical', text: 'The alliance threatens global security' },
  { language: 'en', stance: 'critical', text: 'Sanctions strain the lopsided partnership as tensions grow' },
  { language: 'ru', stance: 'supportive', text: 'Москва и Пекин обещают углублять дружбу и сотрудничество' },
  { language: 'ru', stance: 'supportive', text: 'Россия и Китай укрепляют стратегическое партнёрство' },
  { language: 'ru', stance: 'neutral', text: 'Путин встретился с Си Цзиньпином в Пекине' },
  { language: 'ru', stance: 'critical', text: 'Санкции усиливают напряжённость между Москвой и Пекином' },
  { language: 'ru', stance: 'critical', text: 'Эксперты говорят об угрозе неравного партнёрства' },
  { language: 'zh', stance: 'supportive', text: '中俄友谊不断深化，双方携手合作' },
  { language: 'zh', stance: 'supportive', text: '习近平与普京赞扬中俄全面战略协作伙伴关系' },
  { language: 'zh', stance: 'neutral', text: '普京在北京会见习近平' },
  { language: 'zh', stance: 'critical', text: '中俄关系紧张，威胁地区安全' },
  { language: 'zh', stance: 'critical', text: '分析人士批评俄罗斯对中国的依赖' },
];

export interface BuiltinFixture {
  root: string;
  nli: LoadedModel<'zero-shot-classification'>;
  sentiment: LoadedModel<'text-classification'>;
  close(): Promise<void>;
}

/**
 * Generates the built-in models into a fresh temporary folder and loads them offline: the NLI model
 * in BERT's layout, or `nliModel` (BUILTIN_NLI_DEBERTA_MODEL: the same head in DeBERTa-v2's).
 */
export async function loadBuiltinFixture(
  dtype: ModelDtype = 'q8',
  nliModel = BUILTIN_NLI_MODEL,
): Promise<BuiltinFixture> {
  const root = await mkdtemp(join(tmpdir(), 'stancewatch-nlp-'));
  const models = join(root, 'models');
  await generateBuiltinModels(models);
  const common = { dtype, threads: 1, cacheDir: join(root, 'cache'), localModelPath: models, offline: true };
  const nli = await loadModel('zero-shot-classification', { ...common, modelId: nliModel });
  const sentiment = await loadModel('text-classification', { ...common, modelId: BUILTIN_SENTIMENT_MODEL });
  return {
    root: models,
    nli,
    sentiment,
    close: async () => {
      await nli.dispose();
      await sentiment.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}
