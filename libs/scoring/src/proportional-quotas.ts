/** How many of a sample each stratum gets under proportional allocation. Pure. */

export interface Stratum {
  key: string;
  /** Units in the stratum that may be drawn. */
  eligible: number;
}

/**
 * Splits a sample of `n` over strata in proportion to their size, by largest remainder (Hamilton):
 * each stratum gets the whole part of n·size/total, and the units left go to the largest fractional
 * parts, ties to the larger stratum and then by key, so the same strata always get the same quotas.
 * A stratum never gets more than it has; n at or above the total takes everything.
 */
export function proportionalQuotas(strata: readonly Stratum[], n: number): Map<string, number> {
  const total = strata.reduce((sum, stratum) => sum + stratum.eligible, 0);
  if (n >= total) return new Map(strata.map((stratum) => [stratum.key, stratum.eligible]));
  const shares = strata.map((stratum) => {
    const exact = (n * stratum.eligible) / total;
    return { ...stratum, quota: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = n - shares.reduce((sum, share) => sum + share.quota, 0);
  const byRemainder = [...shares].sort(
    (a, b) => b.remainder - a.remainder || b.eligible - a.eligible || a.key.localeCompare(b.key),
  );
  for (const share of byRemainder) {
    if (left === 0) break;
    share.quota += 1;
    left -= 1;
  }
  return new Map(shares.map((share) => [share.key, share.quota]));
}
