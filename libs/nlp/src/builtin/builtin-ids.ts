/** Folder names of the built-in models under the root given to the generator; also their model ids. */
export const BUILTIN_NLI_MODEL = 'stancewatch-builtin-nli';
export const BUILTIN_SENTIMENT_MODEL = 'stancewatch-builtin-sentiment';
/** The NLI model again, in DeBERTa-v2's layout: a SentencePiece Unigram tokenizer and no token_type_ids input. */
export const BUILTIN_NLI_DEBERTA_MODEL = 'stancewatch-builtin-nli-deberta-v2';
