/** Resolve `ref` against the bases in order (innermost first); null if it cannot be made an http(s) URL. */
export function absoluteUrl(ref: string | null | undefined, base: string | null | undefined): string | null {
  const value = ref?.trim();
  if (!value) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Resolve a possibly relative base (xml:base) against its parent base. */
export function resolveBase(ref: string | null | undefined, parent: string | null): string | null {
  const value = ref?.trim();
  if (!value) return parent;
  try {
    return new URL(value, parent ?? undefined).href;
  } catch {
    return parent;
  }
}

const TRACKING_PARAMS =
  /^(utm_\w+|fbclid|gclid|gclsrc|dclid|yclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt\.mc_id|ncid|cmpid|ito|at_medium|at_campaign|rss|from_rss|ref_src|spm)$/i;

/**
 * The URL two items share when they are the same article: no fragment, no tracking
 * parameters, no default port (URL drops it), lower-case host (URL does that), sorted query.
 */
export function canonicalUrl(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  parsed.hash = '';
  const kept = [...parsed.searchParams].filter(([key]) => !TRACKING_PARAMS.test(key));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  parsed.search = new URLSearchParams(kept).toString();
  return parsed.href;
}
