/** The user and password part of every http(s) URL in a text. */
const USERINFO = /\b(https?:\/\/)[^\s/?#@]*@/gi;

/**
 * `text` with the credentials of every http(s) URL in it replaced by `***` (a feed URL may carry a
 * publisher's user and password; read routes are open to anonymous callers by default).
 */
export function withoutCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
