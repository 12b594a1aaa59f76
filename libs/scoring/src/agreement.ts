/** Inter-annotator agreement: Krippendorff's alpha for nominal labels. Pure. */

/** One unit (an article × lens): the labels its annotators gave; null or undefined for a missing value. */
export interface AgreementUnit {
  labels: readonly (string | number | null | undefined)[];
}

export interface Agreement {
  /** Krippendorff's alpha (nominal), 1 − D_o/D_e; null when undefined (see `reason`). */
  alpha: number | null;
  /** Pairable units: those with at least two labels. */
  units: number;
  /** Labels counted (n, the values in pairable units). */
  values: number;
  /** Most labels any pairable unit has. */
  annotators: number;
  reason?: 'no pairable units' | 'no expected disagreement: every label is the same value';
}

/**
 * Krippendorff's alpha for nominal data from the coincidence matrix (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"): units with fewer than two labels are left out; any number of
 * annotators per unit.
 */
export function krippendorffAlphaNominal(units: readonly AgreementUnit[]): Agreement {
  const coincidences = new Map<string, Map<string, number>>();
  const marginals = new Map<string, number>();
  let pairable = 0;
  let values = 0;
  let annotators = 0;
  for (const unit of units) {
    const labels = unit.labels.filter((l) => l !== null && l !== undefined).map(String);
    const m = labels.length;
    if (m < 2) continue;
    pairable += 1;
    values += m;
    annotators = Math.max(annotators, m);
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    for (const [c, nc] of counts) {
      marginals.set(c, (marginals.get(c) ?? 0) + nc);
      const row = coincidences.get(c) ?? new Map<string, number>();
      coincidences.set(c, row);
      for (const [k, nk] of counts) row.set(k, (row.get(k) ?? 0) + (nc * (c === k ? nk - 1 : nk)) / (m - 1));
    }
  }
  const base = { units: pairable, values, annotators };
  if (pairable === 0) return { alpha: null, ...base, reason: 'no pairable units' };
  let observed = 0;
  for (const [c, row] of coincidences) for (const [k, o] of row) if (c !== k) observed += o;
  let expected = 0;
  for (const [c, nc] of marginals) for (const [k, nk] of marginals) if (c !== k) expected += nc * nk;
  if (expected === 0)
    return { alpha: null, ...base, reason: 'no expected disagreement: every label is the same value' };
  // α = 1 − D_o/D_e = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k
  return { alpha: 1 - ((values - 1) * observed) / expected, ...base };
}
