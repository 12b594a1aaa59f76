import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BertTokenizer,
  DebertaV2Tokenizer,
  RobertaTokenizer,
  XLMRobertaTokenizer,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { BUILTIN_NLI_DEBERTA_MODEL, BUILTIN_NLI_MODEL } from './builtin/builtin-ids.js';
import { FRAMING_LABELS, STANCE_LABELS, type Language } from '../../lens/src/index.js';
import { PairEncoder, type ModelInputs } from './pair-encoding.js';
import { StanceClassifier, type TextScores } from './stance-classifier.js';
import { HEADLINES, loadBuiltinFixture, TEST_LENS, type BuiltinFixture } from './testing/fixtures.js';

// The same tests on the built-in NLI model in BERT's layout (WordPiece, token_type_ids) and in
// DeBERTa-v2's (SentencePiece Unigram, no token_type_ids input): the default model's family.
describe.each([
  ['BERT', BUILTIN_NLI_MODEL],
  ['DeBERTa-v2', BUILTIN_NLI_DEBERTA_MODEL],
])('StanceClassifier on the built-in models, NLI in the %s layout', (_family, nliModel) => {
  let fixture: BuiltinFixture;
  let scores: TextScores[];

  beforeAll(async () => {
    fixture = await loadBuiltinFixture('q8', nliModel);
    scores = await new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS).classify(HEADLINES);
  });
  afterAll(() => fixture.close());

  const scoresOf = (language: string, stance: string) =>
    HEADLINES.flatMap((h, i) => (h.language === language && h.stance === stance ? [scores[i]] : []));

  it.each(['en', 'ru', 'zh'])('orders %s headlines supportive > neutral > critical', (language) => {
    const supportive = scoresOf(language, 'supportive').map((s) => s.stance.score);
    const neutral = scoresOf(language, 'neutral').map((s) => s.stance.score);
    const critical = scoresOf(language, 'critical').map((s) => s.stance.score);
    expect(Math.min(...supportive)).toBeGreaterThan(Math.max(...neutral));
    expect(Math.min(...neutral)).toBeGreaterThan(Math.max(...critical));
    expect(scoresOf(language, 'supportive').every((s) => s.stance.label === 'supportive')).toBe(true);
    expect(scoresOf(language, 'critical').every((s) => s.stance.label === 'critical')).toBe(true);
    expect(scoresOf(language, 'neutral').every((s) => s.stance.label === 'neutral')).toBe(true);
  });

  it('keeps the hypotheses of texts longer than the model takes: the end of the text is cut instead', async () => {
    const filler = ' Officials from both capitals met again on Tuesday to review the agenda.'.repeat(40);
    const [supportive, critical] = await new StanceClassifier(
      fixture.nli,
      fixture.sentiment,
      TEST_LENS,
    ).classify([
      { text: `Moscow and Beijing pledge deeper friendship and partnership.${filler}`, language: 'en' },
      { text: `The alliance threatens global security, critics warn.${filler}`, language: 'en' },
    ]);
    for (const result of [supportive, critical]) {
      // Cut hypotheses would make every label equally likely.
      expect(
        Math.max(...Object.values(result.stance.probs)) - Math.min(...Object.values(result.stance.probs)),
      ).toBeGreaterThan(0.05);
    }
    expect(supportive.stance.score).toBeGreaterThan(critical.stance.score);
  });

  it.each(['en', 'ru', 'zh'])(
    'frames %s supportive headlines as more cooperative and gives them a warmer tone',
    (language) => {
      const supportive = scoresOf(language, 'supportive');
      const critical = scoresOf(language, 'critical');
      expect(Math.min(...supportive.map((s) => s.framing.score))).toBeGreaterThan(
        Math.max(...critical.map((s) => s.framing.score)),
      );
      expect(Math.min(...supportive.map((s) => s.sentiment.score))).toBeGreaterThan(0);
      expect(Math.max(...critical.map((s) => s.sentiment.score))).toBeLessThan(0);
    },
  );

  it('returns probabilities that sum to 1 and scores in [-1, 1]', () => {
    for (const s of scores) {
      expect(STANCE_LABELS.reduce((sum, l) => sum + s.stance.probs[l], 0)).toBeCloseTo(1, 6);
      expect(s.framing.probs.cooperation + s.framing.probs.conflict).toBeCloseTo(1, 6);
      expect(s.sentiment.probs.negative + s.sentiment.probs.neutral + s.sentiment.probs.positive).toBeCloseTo(
        1,
        6,
      );
      for (const score of [s.stance.score, s.framing.score, s.sentiment.score])
        expect(Math.abs(score)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same probabilities as the stock zero-shot pipeline (within 1e-4)', async () => {
    const classifier = new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS, { batchSize: 64 });
    const stock = await classifier.classifyWithStockPipeline(HEADLINES);
    const batched = await classifier.classify(HEADLINES);
    stock.forEach((expected, i) => {
      for (const label of STANCE_LABELS)
        expect(Math.abs(batched[i].stance.probs[label] - expected.stance.probs[label])).toBeLessThan(1e-4);
      expect(
        Math.abs(batched[i].framing.probs.cooperation - expected.framing.probs.cooperation),
      ).toBeLessThan(1e-4);
      expect(Math.abs(batched[i].sentiment.score - expected.sentiment.score)).toBeLessThan(1e-4);
      expect(batched[i].stance.label).toBe(expected.stance.label);
    });
  });

  /** Every probability the batched path reports is within 1e-4 of the stock pipeline's. */
  const expectSameScores = (batched: TextScores, stock: TextScores) => {
    for (const label of STANCE_LABELS)
      expect(Math.abs(batched.stance.probs[label] - stock.stance.probs[label])).toBeLessThan(1e-4);
    for (const label of FRAMING_LABELS)
      expect(Math.abs(batched.framing.probs[label] - stock.framing.probs[label])).toBeLessThan(1e-4);
    for (const label of ['negative', 'neutral', 'positive'] as const)
      expect(Math.abs(batched.sentiment.probs[label] - stock.sentiment.probs[label])).toBeLessThan(1e-4);
    expect(batched.stance.label).toBe(stock.stance.label);
  };

  const tokensOf = (text: string) =>
    fixture.nli.pipeline.tokenizer.encode(text, { add_special_tokens: false }).length;
  const longestHypothesis = (language: Language) =>
    Math.max(
      ...[
        ...STANCE_LABELS.map((label) => TEST_LENS.stance[label][language]),
        ...FRAMING_LABELS.map((label) => TEST_LENS.framing[label][language]),
      ].map(tokensOf),
    );

  /** Texts of a few sentences, of unlike lengths so that a batch is padded. */
  const ARTICLES: Record<Language, string[]> = {
    en: [
      'Moscow and Beijing pledge deeper friendship. Trade grows as the partnership deepens.',
      'Sanctions strain the lopsided partnership',
      'Putin met Xi in Beijing on Tuesday. Officials did not say what was agreed.',
    ],
    ru: [
      'Москва и Пекин обещают углублять дружбу. Лидеры подписали соглашения об энергетике и торговле и назвали партнёрство крепким как никогда.',
      'Эксперты говорят об угрозе неравного партнёрства',
      'Путин встретился с Си Цзиньпином в Пекине во вторник.',
    ],
    zh: [
      '中俄友谊不断深化。两国领导人签署了能源、贸易和安全领域的协议，称双方伙伴关系空前牢固。',
      '分析人士批评俄罗斯对中国的依赖',
      '普京周二在北京会见习近平。',
    ],
  };

  it.each(['en', 'ru', 'zh'] as const)(
    'gives the same stance, framing and sentiment as the stock pipelines on %s texts of several sentences',
    async (language) => {
      const classifier = new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS, { batchSize: 3 });
      const inputs = ARTICLES[language].map((text) => ({ text, language }));
      // Short enough that no pair is cut: the stock pipeline would cut the hypothesis (see below).
      const maxLength = Number(fixture.nli.pipeline.tokenizer.model_max_length);
      for (const { text } of inputs)
        expect(tokensOf(text) + longestHypothesis(language) + 3).toBeLessThanOrEqual(maxLength);
      const stock = await classifier.classifyWithStockPipeline(inputs);
      const batched = await classifier.classify(inputs);
      stock.forEach((expected, i) => expectSameScores(batched[i], expected));
    },
  );

  const FILLER: Record<Language, string> = {
    en: ' Officials from both capitals met again on Tuesday to review the agenda.',
    ru: ' Официальные лица обеих столиц снова встретились во вторник, чтобы обсудить повестку.',
    zh: '两国官员周二再次会面，审议议程。',
  };

  it.each(['en', 'ru', 'zh'] as const)(
    'scores a text longer than the model takes (%s) as the stock pipeline scores the part of it that fits beside the hypotheses',
    async (language) => {
      const { tokenizer } = fixture.nli.pipeline;
      const text = `${ARTICLES[language][0]}${FILLER[language].repeat(40)}`;
      const ids = tokenizer.encode(text, { add_special_tokens: false });
      // The built-in model frames a pair as [CLS] text [SEP] hypothesis [SEP].
      const fits = Number(tokenizer.model_max_length) - longestHypothesis(language) - 3;
      expect(ids.length).toBeGreaterThan(fits);
      const beginning = tokenizer.decode(ids.slice(0, fits), { skip_special_tokens: true });
      expect(tokenizer.encode(beginning, { add_special_tokens: false })).toEqual(ids.slice(0, fits));

      const classifier = new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS);
      const [batched] = await classifier.classify([{ text, language }]);
      const [stockOfBeginning] = await classifier.classifyWithStockPipeline([{ text: beginning, language }]);
      // Sentiment has no hypothesis to keep: both paths cut the whole text where the model ends.
      const [stockOfWhole] = await classifier.classifyWithStockPipeline([{ text, language }]);
      expectSameScores(batched, { ...stockOfBeginning, sentiment: stockOfWhole.sentiment });
    },
  );

  it('does not depend on how texts are grouped into batches', async () => {
    const one = await new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS, {
      batchSize: 1,
    }).classify(HEADLINES);
    one.forEach((s, i) => expect(Math.abs(s.stance.score - scores[i].stance.score)).toBeLessThan(1e-5));
  });

  it('picks the hypotheses by the language guessed from the script when none is given', async () => {
    const classifier = new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS);
    const texts = HEADLINES.map(({ text }) => ({ text }));
    const guessed = await classifier.classify(texts);
    guessed.forEach((s, i) => expect(s.stance.score).toBeCloseTo(scores[i].stance.score, 6));
  });
});

/** Equal shape and values, and token_type_ids present in both or in neither. */
function expectSameInputs(built: ModelInputs, expected: ModelInputs): void {
  const plain = (inputs: ModelInputs) =>
    Object.fromEntries(
      Object.entries(inputs).map(([key, tensor]: [string, Tensor]) => [
        key,
        { type: tensor.type, dims: tensor.dims, data: Array.from(tensor.data as BigInt64Array, Number) },
      ]),
    );
  expect(plain(built)).toEqual(plain(expected));
}

describe('StanceClassifier scoring sentiment with the NLI model and tone hypotheses (SENTIMENT_MODEL=nli)', () => {
  let fixture: BuiltinFixture;

  beforeAll(async () => {
    fixture = await loadBuiltinFixture();
  });
  afterAll(() => fixture.close());

  it('reads the tone in every language from the same model, as the stock pipeline does', async () => {
    const classifier = new StanceClassifier(fixture.nli, null, TEST_LENS, { batchSize: 64 });
    expect(classifier.sentimentInfo.id).toBe(BUILTIN_NLI_MODEL);
    const batched = await classifier.classify(HEADLINES);
    const stock = await classifier.classifyWithStockPipeline(HEADLINES);
    stock.forEach((expected, i) => {
      for (const label of ['negative', 'neutral', 'positive'] as const)
        expect(Math.abs(batched[i].sentiment.probs[label] - expected.sentiment.probs[label])).toBeLessThan(
          1e-4,
        );
      for (const label of STANCE_LABELS)
        expect(Math.abs(batched[i].stance.probs[label] - expected.stance.probs[label])).toBeLessThan(1e-4);
    });
    for (const language of ['en', 'ru', 'zh'] as const) {
      const of = (stance: string) =>
        HEADLINES.flatMap((h, i) => (h.language === language && h.stance === stance ? [batched[i]] : []));
      expect(Math.min(...of('supportive').map((s) => s.sentiment.score))).toBeGreaterThan(
        Math.max(...of('critical').map((s) => s.sentiment.score)),
      );
    }
    // The lens's own figures do not change when the tone hypotheses join the batch.
    const apart = await new StanceClassifier(fixture.nli, fixture.sentiment, TEST_LENS).classify(HEADLINES);
    apart.forEach((scores, i) => {
      expect(batched[i].stance.probs.supportive).toBeCloseTo(scores.stance.probs.supportive, 6);
      expect(batched[i].framing.score).toBeCloseTo(scores.framing.score, 6);
    });
  });
});

describe('PairEncoder builds what the tokenizer builds from text', () => {
  let fixture: BuiltinFixture;
  let tokenizerJson: Record<string, unknown>;
  let tokenizerConfig: Record<string, unknown>;

  beforeAll(async () => {
    fixture = await loadBuiltinFixture();
    const read = async (file: string) =>
      JSON.parse(await readFile(join(fixture.root, BUILTIN_NLI_MODEL, file), 'utf8')) as Record<
        string,
        unknown
      >;
    tokenizerJson = await read('tokenizer.json');
    tokenizerConfig = await read('tokenizer_config.json');
  });
  afterAll(() => fixture.close());

  const LONG = 'Officials from both capitals met again on Tuesday to review the agenda. '.repeat(30);
  const PAIRS: [string, string][] = [
    [
      'Moscow and Beijing pledge deeper friendship',
      'This text reports cooperation between Russia and China.',
    ],
    ['Путин встретился с Си Цзиньпином в Пекине', 'Этот текст сообщает о конфликте между Россией и Китаем.'],
    ['中俄关系紧张，威胁地区安全', '本文负面地描述中俄伙伴关系。'],
    ['Sanctions', 'A hypothesis that is a good deal longer than the premise it is paired with.'],
    [LONG, 'This text reports conflict.'], // longer than the model takes: the tokenizer cuts the pair's end
  ];

  /** The built-in vocabulary under another family's special-token layout and tokenizer class. */
  const variants: Record<
    string,
    {
      make: (json: object, config: object) => PreTrainedTokenizer;
      post: (sep: number, cls: number) => object;
      specials: number;
      config?: object;
    }
  > = {
    'BERT, BertProcessing: [CLS] A [SEP] B [SEP] with token_type_ids': {
      make: (json, config) => new BertTokenizer(json, config),
      post: (sep, cls) => ({ type: 'BertProcessing', sep: ['[SEP]', sep], cls: ['[CLS]', cls] }),
      specials: 3,
    },
    'RoBERTa, RobertaProcessing: <s> A </s></s> B </s> without token_type_ids': {
      make: (json, config) => new RobertaTokenizer(json, config),
      post: (sep, cls) => ({ type: 'RobertaProcessing', sep: ['[SEP]', sep], cls: ['[CLS]', cls] }),
      specials: 4,
    },
    'XLM-R, a template of <s> A </s></s> B </s>, padded on the left': {
      make: (json, config) => new XLMRobertaTokenizer(json, config),
      post: (sep, cls) => ({
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
        },
      }),
      specials: 4,
      config: { padding_side: 'left' },
    },
    'DeBERTa-v2, a template of [CLS] A [SEP] B [SEP] with token_type_ids': {
      make: (json, config) => new DebertaV2Tokenizer(json, config),
      post: () => tokenizerJson.post_processor as object,
      specials: 3,
    },
  };

  it("reads the built-in tokenizer's pair layout and rebuilds its padded, truncated batches exactly", () => {
    const { tokenizer } = fixture.nli.pipeline;
    const encoder = PairEncoder.of(tokenizer);
    expect(encoder.assemblesPairs).toBe(true);
    expect(encoder.pairSpecials).toBe(3);
    const ids = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
    expectSameInputs(
      encoder.pairs(PAIRS.map(([a, b]) => [ids(a), ids(b)])),
      tokenizer(
        PAIRS.map(([a]) => a),
        { text_pair: PAIRS.map(([, b]) => b), padding: true, truncation: true },
      ) as ModelInputs,
    );
    // One probe pair alone, unpadded: the layout itself.
    const [premise, hypothesis] = PAIRS[0];
    expectSameInputs(
      encoder.pairs([[ids(premise), ids(hypothesis)]]),
      tokenizer(premise, { text_pair: hypothesis }) as ModelInputs,
    );
    expectSameInputs(
      encoder.singles(PAIRS.map(([a]) => ids(a))),
      tokenizer(
        PAIRS.map(([a]) => a),
        { padding: true, truncation: true },
      ) as ModelInputs,
    );
  });

  it.each(Object.keys(variants))('rebuilds the pairs and single texts of %s', (name) => {
    const variant = variants[name];
    const vocab = (tokenizerJson.model as { vocab: Record<string, number> }).vocab;
    const json = { ...tokenizerJson, post_processor: variant.post(vocab['[SEP]'], vocab['[CLS]']) };
    const tokenizer = variant.make(json, { ...tokenizerConfig, ...variant.config });
    const encoder = PairEncoder.of(tokenizer);
    expect(encoder.assemblesPairs).toBe(true);
    expect(encoder.pairSpecials).toBe(variant.specials);
    const ids = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
    expectSameInputs(
      encoder.pairs(PAIRS.map(([a, b]) => [ids(a), ids(b)])),
      tokenizer(
        PAIRS.map(([a]) => a),
        { text_pair: PAIRS.map(([, b]) => b), padding: true, truncation: true },
      ) as ModelInputs,
    );
    expectSameInputs(
      encoder.singles(PAIRS.map(([a]) => ids(a))),
      tokenizer(
        PAIRS.map(([a]) => a),
        { padding: true, truncation: true },
      ) as ModelInputs,
    );
  });
});
