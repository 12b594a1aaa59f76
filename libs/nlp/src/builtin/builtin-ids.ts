/** Folder names of the built-in models under the root given to the generator; also their model ids. */
export const BUILTIN_NLI_MODEL = 'stancewatch-builtin-nli';
export const BUILTIN_SENTIMENT_MODEL = 'stancewatch-builtin-sentiment';
/** The NLI model again, in DeBERTa-v2's layout: a SentencePiece Unigram tokenizer and no token_type_ids input. */
export const BUILTIN_NLI_DEBERTA_MODEL = 'stancewatch-builtin-nli-deberta-v2';
/** The built-in sentence encoder (feature extraction): what `train --encoder builtin` embeds texts with. */
export const BUILTIN_ENCODER_MODEL = 'stancewatch-builtin-encoder';
/** The encoder's embedding width. */
export const ENCODER_DIMS = 128;
/** The encoder reads longer texts than the NLI models' 128 tokens: an article's title and summary, in characters. */
export const ENCODER_MAX_LENGTH = 512;
