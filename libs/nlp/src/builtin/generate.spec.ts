import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { loadModel } from '../model-loader.js';
import {
  BUILTIN_NLI_DEBERTA_MODEL,
  BUILTIN_NLI_MODEL,
  BUILTIN_SENTIMENT_MODEL,
  ensureBuiltinModels,
  generateBuiltinModels,
} from './generate.js';
import { defaultDataDir } from './lexicon.js';

const { onnx } = onnxProto;
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

describe('the built-in models', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stancewatch-builtin-'));
    await generateBuiltinModels(join(root, 'a'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('are laid out as Hugging Face models with NLI and sentiment labels', async () => {
    const nli = await readJson(join(root, 'a', BUILTIN_NLI_MODEL, 'config.json'));
    expect(nli.model_type).toBe('bert');
    expect(nli.label2id).toEqual({ contradiction: 0, entailment: 1, neutral: 2 });
    expect(nli.id2label).toEqual({ 0: 'contradiction', 1: 'entailment', 2: 'neutral' });
    const sentiment = await readJson(join(root, 'a', BUILTIN_SENTIMENT_MODEL, 'config.json'));
    expect(Object.values(sentiment.id2label)).toEqual(['negative', 'neutral', 'positive']);

    const tokenizerConfig = await readJson(join(root, 'a', BUILTIN_NLI_MODEL, 'tokenizer_config.json'));
    expect(tokenizerConfig).toMatchObject({
      tokenizer_class: 'BertTokenizer',
      pad_token: '[PAD]',
      model_max_length: 128,
    });
    const tokenizer = await readJson(join(root, 'a', BUILTIN_NLI_MODEL, 'tokenizer.json'));
    expect(tokenizer.model.type).toBe('WordPiece');
    const vocab = tokenizer.model.vocab as Record<string, number>;
    for (const token of [
      '[PAD]',
      '[UNK]',
      'q',
      '##q',
      '7',
      '##7',
      'ж',
      '##ж',
      '中',
      '俄',
      'friendship',
      'дружб',
    ])
      expect(vocab).toHaveProperty([token]);
  });

  it('ship an ONNX graph (IR 8, opset 13) for fp32 and an int8 one for q8', async () => {
    for (const file of ['model.onnx', 'model_quantized.onnx']) {
      const model = onnx.ModelProto.decode(await readFile(join(root, 'a', BUILTIN_NLI_MODEL, 'onnx', file)));
      expect(Number(model.irVersion)).toBe(8);
      expect(Number(model.opsetImport[0].version)).toBe(13);
      expect(model.graph!.input!.map((i) => i.name)).toEqual([
        'input_ids',
        'attention_mask',
        'token_type_ids',
      ]);
      expect(model.graph!.output!.map((o) => o.name)).toEqual(['logits']);
    }
    const q8 = onnx.ModelProto.decode(
      await readFile(join(root, 'a', BUILTIN_NLI_MODEL, 'onnx', 'model_quantized.onnx')),
    );
    expect(q8.graph!.node!.some((n) => n.opType === 'DequantizeLinear')).toBe(true);
  });

  it("include the NLI model in DeBERTa-v2's layout: a SentencePiece Unigram tokenizer and no token_type_ids", async () => {
    const dir = join(root, 'a', BUILTIN_NLI_DEBERTA_MODEL);
    const config = await readJson(join(dir, 'config.json'));
    expect(config).toMatchObject({
      model_type: 'deberta-v2',
      architectures: ['DebertaV2ForSequenceClassification'],
      type_vocab_size: 0,
      label2id: { contradiction: 0, entailment: 1, neutral: 2 },
    });
    expect(await readJson(join(dir, 'tokenizer_config.json'))).toMatchObject({
      tokenizer_class: 'DebertaV2Tokenizer',
    });
    const tokenizer = await readJson(join(dir, 'tokenizer.json'));
    expect(tokenizer.model.type).toBe('Unigram');
    expect(tokenizer.pre_tokenizer.pretokenizers.at(-1)).toMatchObject({
      type: 'Metaspace',
      replacement: '▁',
    });
    const pieces = new Map((tokenizer.model.vocab as [string, number][]).map(([piece], id) => [piece, id]));
    for (const piece of ['[CLS]', '[SEP]', '[UNK]', '▁friendship', '▁дружб', 'а', '▁中', '俄', '▁,', '»'])
      expect([piece, pieces.has(piece)]).toEqual([piece, true]);
    expect(tokenizer.model.unk_id).toBe(pieces.get('[UNK]'));
    for (const file of ['model.onnx', 'model_quantized.onnx']) {
      const model = onnx.ModelProto.decode(await readFile(join(dir, 'onnx', file)));
      expect(model.graph!.input!.map((i) => i.name)).toEqual(['input_ids', 'attention_mask']);
      expect(model.graph!.node!.some((n) => n.opType === 'CumSum')).toBe(true);
    }

    const [bert, deberta] = await Promise.all(
      [BUILTIN_NLI_MODEL, BUILTIN_NLI_DEBERTA_MODEL].map((modelId) =>
        loadModel('zero-shot-classification', {
          modelId,
          dtype: 'fp32',
          threads: 1,
          cacheDir: join(root, 'cache'),
          localModelPath: join(root, 'a'),
          offline: true,
        }),
      ),
    );
    try {
      const text = 'Xi Jinping, Путин: «ёлки-палки» 2024 — 中俄全面战略协作伙伴关系 Zürich €5';
      const unigram = deberta.pipeline.tokenizer.tokenize(text);
      expect(unigram).not.toContain('[UNK]');
      // Piece for piece the WordPiece segmentation, with ▁ marking word starts instead of ## continuations.
      const asWordPiece = unigram.map((piece) => (piece.startsWith('▁') ? piece.slice(1) : `##${piece}`));
      const wordPieces = bert.pipeline.tokenizer
        .tokenize(text)
        .map((t) => (/^\p{Script=Han}$/u.test(t) ? null : t));
      expect(asWordPiece.filter((_, i) => wordPieces[i] !== null)).toEqual(
        wordPieces.filter((t) => t !== null),
      );
      const pair = deberta.pipeline.tokenizer('premise', { text_pair: 'hypothesis' }) as {
        input_ids: { data: BigInt64Array };
      };
      const ids = Array.from(pair.input_ids.data, Number);
      expect([ids[0], ids.filter((id) => id === pieces.get('[SEP]')).length]).toEqual([
        pieces.get('[CLS]'),
        2,
      ]);
      const labels = ['positively', 'negatively'];
      const template = {
        hypothesis_template: 'This text portrays the partnership between Russia and China {}.',
      };
      for (const headline of ['Moscow and Beijing pledge deeper friendship', '中俄关系紧张，威胁地区安全']) {
        const [a, b] = [
          await bert.pipeline(headline, labels, template),
          await deberta.pipeline(headline, labels, template),
        ];
        expect(b.labels).toEqual(a.labels);
        b.scores.forEach((score: number, i: number) => expect(score).toBeCloseTo(a.scores[i], 5));
      }
    } finally {
      await Promise.all([bert.dispose(), deberta.dispose()]);
    }
  });

  it('are generated byte for byte the same from the same data', async () => {
    await generateBuiltinModels(join(root, 'b'));
    for (const file of ['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      const [a, b] = await Promise.all(
        ['a', 'b'].map((dir) => readFile(join(root, dir, BUILTIN_NLI_MODEL, file))),
      );
      expect(a.equals(b)).toBe(true);
    }
  });

  it('are regenerated only when their data changes', async () => {
    const data = join(root, 'data');
    await cp(defaultDataDir(), data, { recursive: true });
    const models = join(root, 'ensured');
    expect((await ensureBuiltinModels(models, { dataDir: data })).generated).toBe(true);
    expect((await ensureBuiltinModels(models, { dataDir: data })).generated).toBe(false);
    const params = await readJson(join(data, 'builtin-model.json'));
    await writeFile(
      join(data, 'builtin-model.json'),
      JSON.stringify({ ...params, sharpness: params.sharpness + 1 }),
    );
    expect((await ensureBuiltinModels(models, { dataDir: data })).generated).toBe(true);
  });

  it('tokenize English, Russian and Chinese headlines without unknown words', async () => {
    const nli = await loadModel('zero-shot-classification', {
      modelId: BUILTIN_NLI_MODEL,
      dtype: 'fp32',
      threads: 1,
      cacheDir: join(root, 'cache'),
      localModelPath: join(root, 'a'),
      offline: true,
    });
    const text = 'Xi Jinping, Путин: «ёлки-палки» 2024 — 中俄全面战略协作伙伴关系 Zürich €5';
    const tokens = nli.pipeline.tokenizer.tokenize(text);
    expect(tokens).not.toContain('[UNK]');
    expect(tokens).toEqual(expect.arrayContaining(['中', '俄', '€', '##5']));
    const pair = nli.pipeline.tokenizer('premise', { text_pair: 'hypothesis' }) as {
      token_type_ids: { data: BigInt64Array };
    };
    expect(Array.from(pair.token_type_ids.data, Number)).toContain(1);
    await nli.dispose();
  });
});
