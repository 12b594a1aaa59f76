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
}
