/** The part of rss-parser's internal helpers that run-rss-parser.ts replaces (the package ships no types for it). */
declare module 'rss-parser/lib/utils.js' {
  const utils: { getSnippet(html: string): string };
  export default utils;
}
