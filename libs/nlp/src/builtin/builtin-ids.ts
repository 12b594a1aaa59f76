/** Folder names of the built-in models under the root given to the generator; also their model ids. */
export const BUILTIN_NLI_MODEL = 'stancewatch-builtin-nli';
export const BUILTIN_SENTIMENT_MODEL = 'stancewatch-builtin-sentiment';
