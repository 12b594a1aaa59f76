/**
 * The user and password part of every URL in a text. The authority ends at the first `/`, `?`, `#` or
 * white space and its userinfo at the last `@` before that (as WHATWG URL parses it), so a password
 * holding an `@` is hidden whole, not cut at its first `@`.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

/**
 * `text` with the credentials of every URL in it replaced by `***` (a feed URL may carry a publisher's
 * user and password; read routes are open to anonymous callers by default, and logs are read by many).
 * `urls` are URLs the text may quote as given, before URL parsing percent-encoded them: a password with
 * a space in it (`https://reader:two words@host/`) is found by its whole URL, which no pattern can.
 */
export function withoutCredentials(text: string, urls: readonly string[] = []): string {
  let out = text;
  for (const url of urls) {
    const hidden = urlWithoutCredentials(url);
    if (hidden !== url) out = out.split(url).join(hidden);
  }
  return out.replace(USERINFO, '$1***@');
}

/**
 * One URL without its user and password (`https://***@host/path`), or as given when it has none.
 * Parsed, not matched, so that whatever the parser takes for userinfo is what disappears.
 */
export function urlWithoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(USERINFO, '$1***@');
  }
  if (parsed.username === '' && parsed.password === '') return url;
  return `${parsed.protocol}//***@${parsed.host}${parsed.pathname}${parsed.search}${parsed.hash}`;
}
