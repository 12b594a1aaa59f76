/**
 * A seeded stream of uniform numbers (splitmix32) for the statistics the service publishes:
 * bootstrap intervals, simulations. It is its own and not the synthetic feeds' generator
 * (libs/feedgen), so that changing how test data is made never moves an interval a user has seen.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
  }

  /** An index in [0, length). */
  index(length: number): number {
    return Math.floor(this.next() * length);
  }

  /** A standard normal variate (Box–Muller). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A Gamma(shape, 1) variate (Marsaglia and Tsang 2000; shapes below 1 by the boost u^(1/shape)). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x ** 4) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A draw from the Dirichlet distribution with these parameters (all positive). */
  dirichlet(alpha: readonly number[]): number[] {
    const draws = alpha.map((a) => this.gamma(a));
    const total = draws.reduce((sum, x) => sum + x, 0);
    return draws.map((x) => x / total);
  }

  /** Counts of `n` draws over categories with these probabilities (summing to 1). */
  multinomial(n: number, probabilities: readonly number[]): number[] {
    const counts = probabilities.map(() => 0);
    for (let i = 0; i < n; i++) {
      let u = this.next();
      let k = 0;
      while (k < probabilities.length - 1 && u >= probabilities[k]) u -= probabilities[k++];
      counts[k] += 1;
    }
    return counts;
  }
}
