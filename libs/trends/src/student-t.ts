/**
 * The 0.975 quantile of Student's t distribution (the multiplier of a two-sided 95% interval), for
 * any number of degrees of freedom ≥ 1. Pure, no dependency; accurate to better than 1e-8.
 *
 * - df 1 and 2 have closed forms: tan(π(p − ½)) and (2p − 1)/√(2p(1 − p)).
 * - Below CORNISH_FISHER_DF the two-sided probability P(|T| < t) is the finite trigonometric series
 *   of Abramowitz & Stegun 26.7.3 (odd df) and 26.7.4 (even df), and t is found by bisection on it.
 * - From CORNISH_FISHER_DF up, the Cornish-Fisher expansion of A&S 26.7.5 in powers of 1/df (four
 *   terms; the first omitted one is below 1e-10 there) around the normal quantile.
 */

/** Φ⁻¹(0.975), the normal quantile the expansion starts from and the limit as df → ∞. */
export const Z975 = 1.959963984540054;

/** From this many degrees of freedom up the expansion is used; below it, the exact series. */
export const CORNISH_FISHER_DF = 100;

const P = 0.975;
/** Two-sided coverage P(|T| < t) = 2p − 1. */
const COVERAGE = 2 * P - 1;

const cache = new Map<number, number>();

/** t₀.₉₇₅ with `df` degrees of freedom (an integer ≥ 1; Infinity gives the normal quantile). */
export function studentT975(df: number): number {
  if (!(df >= 1) || (Number.isFinite(df) && !Number.isInteger(df)))
    throw new RangeError(`studentT975: df must be an integer ≥ 1, got ${df}`);
  if (df === Infinity) return Z975;
  if (df === 1) return Math.tan(Math.PI * (P - 0.5));
  if (df === 2) return (2 * P - 1) / Math.sqrt(2 * P * (1 - P));
  if (df >= CORNISH_FISHER_DF) return cornishFisher975(df);
  let t = cache.get(df);
  if (t === undefined) cache.set(df, (t = bisect(df)));
  return t;
}

/** P(|T| < t) for T with `df` degrees of freedom (A&S 26.7.3–4): exact, in df/2 terms. */
export function studentTCoverage(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const sin = Math.sin(theta);
  const cos2 = Math.cos(theta) ** 2;
  if (df % 2 === 1) {
    if (df === 1) return (2 * theta) / Math.PI;
    // θ + sinθ·cosθ·(1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … up to cos^(df−3)θ)
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 3; k += 2) {
      term *= (k / (k + 1)) * cos2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + sin * Math.cos(theta) * sum);
  }
  // sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^(df−2)θ)
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= df - 3; k += 2) {
    term *= (k / (k + 1)) * cos2;
    sum += term;
  }
  return sin * sum;
}

/** Inverts the coverage by bisection: it rises monotonically in t; the root lies in (Z975, t₂]. */
function bisect(df: number): number {
  let low = Z975;
  let high = 4.302652729749464;
  for (let i = 0; i < 60 && high - low > 1e-13; i += 1) {
    const middle = (low + high) / 2;
    if (studentTCoverage(middle, df) < COVERAGE) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** A&S 26.7.5: t = x + g₁(x)/ν + g₂(x)/ν² + g₃(x)/ν³ + g₄(x)/ν⁴ with x the normal quantile. */
export function cornishFisher975(df: number): number {
  const x = Z975;
  const x2 = x * x;
  const g1 = (x * (x2 + 1)) / 4;
  const g2 = (x * ((5 * x2 + 16) * x2 + 3)) / 96;
  const g3 = (x * (((3 * x2 + 19) * x2 + 17) * x2 - 15)) / 384;
  const g4 = (x * ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945)) / 92160;
  return x + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}
