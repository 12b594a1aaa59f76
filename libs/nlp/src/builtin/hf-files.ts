import { SPECIAL_TOKENS, SUBWORD_PREFIX, WORD_START, type Vocabulary } from './vocabulary.js';

/** Label sets of the two built-in models; the NLI one follows nli-deberta-v3-xsmall's layout. */
export const NLI_LABELS = ['contradiction', 'entailment', 'neutral'] as const;
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;

const special = (vocab: Vocabulary, token: string) => {
  const id = vocab.tokens.indexOf(token);
  if (id < 0) throw new Error(`special token ${token} missing from the vocabulary`);
  return id;
};

/** The two tokenizer families the built-in models come in: BERT's WordPiece, and DeBERTa-v2's SentencePiece Unigram. */
export type ModelFamily = 'bert' | 'deberta-v2';

/** What the tokenizers of both families share: the special tokens and `[CLS] A [SEP] B [SEP]`. */
function sharedTokenizerParts(vocab: Vocabulary) {
  const cls = special(vocab, '[CLS]');
  const sep = special(vocab, '[SEP]');
  const piece = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const mark = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: special(vocab, content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    post_processor: {
      type: 'TemplateProcessing',
      single: [mark('[CLS]', 0), piece('A', 0), mark('[SEP]', 0)],
      pair: [mark('[CLS]', 0), piece('A', 0), mark('[SEP]', 0), piece('B', 1), mark('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
      },
    },
  };
}

/** Lower-casing with accents stripped, as the lexicons are written (normalizeToken). */
const normalizer = (splitHan: boolean) => ({
  type: 'BertNormalizer',
  clean_text: true,
  handle_chinese_chars: splitHan,
  strip_accents: null,
  lowercase: true,
});

/** A BERT WordPiece tokenizer.json (Hugging Face `tokenizers` format), lower-casing, accents stripped. */
export function tokenizerJson(vocab: Vocabulary): object {
  return {
    ...sharedTokenizerParts(vocab),
    normalizer: normalizer(true),
    pre_tokenizer: { type: 'BertPreTokenizer' },
    decoder: { type: 'WordPiece', prefix: SUBWORD_PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: SUBWORD_PREFIX,
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.tokens.map((token, id) => [token, id])),
    },
  };
}

/**
 * A DeBERTa-v2 tokenizer.json: a SentencePiece Unigram model behind a Metaspace pre-tokenizer (spaces
 * become ▁, each section starts with one), punctuation isolated first as BERT's pre-tokenizer does.
 * Every piece scores the same, so Viterbi takes the segmentation with the fewest pieces: a word of
 * the lexicon is one piece, as it is one WordPiece token.
 */
export function unigramTokenizerJson(pieces: Vocabulary): object {
  const metaspace = { replacement: WORD_START, prepend_scheme: 'always', split: false };
  return {
    ...sharedTokenizerParts(pieces),
    normalizer: normalizer(false),
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'WhitespaceSplit' },
        { type: 'Punctuation', behavior: 'Isolated' },
        { type: 'Metaspace', ...metaspace },
      ],
    },
    decoder: { type: 'Metaspace', ...metaspace },
    model: {
      type: 'Unigram',
      unk_id: special(pieces, '[UNK]'),
      byte_fallback: false,
      vocab: pieces.tokens.map((piece) => [piece, -1]),
    },
  };
}

const TOKENIZER_CLASS: Record<ModelFamily, string> = {
  bert: 'BertTokenizer',
  'deberta-v2': 'DebertaV2Tokenizer',
};

export function tokenizerConfigJson(modelMaxLength: number, family: ModelFamily = 'bert'): object {
  return {
    tokenizer_class: TOKENIZER_CLASS[family],
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: modelMaxLength,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
}

export function specialTokensMapJson(): object {
  return {
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}

export interface ModelConfigMeta {
  name: string;
  labels: readonly string[];
  vocabSize: number;
  hiddenSize: number;
  modelMaxLength: number;
  description: string;
  contentHash: string;
}

const ARCHITECTURE: Record<ModelFamily, string> = {
  bert: 'BertForSequenceClassification',
  'deberta-v2': 'DebertaV2ForSequenceClassification',
};

/** config.json: a BERT or DeBERTa-v2 sequence classifier as far as Transformers.js is concerned. */
export function modelConfigJson(meta: ModelConfigMeta, family: ModelFamily = 'bert'): object {
  return {
    _name_or_path: meta.name,
    architectures: [ARCHITECTURE[family]],
    model_type: family,
    id2label: Object.fromEntries(meta.labels.map((label, id) => [String(id), label])),
    label2id: Object.fromEntries(meta.labels.map((label, id) => [label, id])),
    vocab_size: meta.vocabSize,
    hidden_size: meta.hiddenSize,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    max_position_embeddings: meta.modelMaxLength,
    // DeBERTa-v2 models such as mDeBERTa have no token types: their ONNX graphs take no token_type_ids.
    type_vocab_size: family === 'bert' ? 2 : 0,
    pad_token_id: 0,
    problem_type: 'single_label_classification',
    stancewatch: {
      builtin: true,
      description: meta.description,
      content_hash: meta.contentHash,
      weights: { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' },
    },
  };
}

/** config.json of the built-in encoder: a BERT model without a head, for the feature-extraction pipeline. */
export function encoderConfigJson(meta: Omit<ModelConfigMeta, 'labels'>): object {
  return {
    _name_or_path: meta.name,
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: meta.vocabSize,
    hidden_size: meta.hiddenSize,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    max_position_embeddings: meta.modelMaxLength,
    type_vocab_size: 2,
    pad_token_id: 0,
    stancewatch: {
      builtin: true,
      task: 'feature-extraction',
      description: meta.description,
      content_hash: meta.contentHash,
      weights: { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' },
    },
  };
}
