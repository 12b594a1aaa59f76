import { STANCE_LABELS } from './lens.js';
import { StanceClassifier, type TextScores } from './stance-classifier.js';
import { HEADLINES, loadBuiltinFixture, TEST_LENS, type BuiltinFixture } from './testing/fixtures.js';

describe('StanceClassifier on the built-in models', () => {
  let fixture: BuiltinFixture;
  let scores: TextScores[];

  beforeAll(async () => {
    fixture = await loadBuiltinFixture();
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
