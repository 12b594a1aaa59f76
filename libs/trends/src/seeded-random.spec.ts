import { SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(new SeededRandom(seed)),
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('is uniform enough for resampling: every decile within 2% of a tenth of 100,000 draws, indices in range', () => {
    const random = new SeededRandom(0x5eed);
    const deciles = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = random.next();
      if (!(value >= 0 && value < 1)) outside += 1;
      else deciles[Math.floor(value * 10)] += 1;
    }
    expect(outside).toBe(0);
    for (const count of deciles) expect(Math.abs(count - 10_000)).toBeLessThan(200);
    const seen = new Set(Array.from({ length: 1000 }, () => random.index(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('SeededRandom distributions', () => {
  it('draws Gamma, Dirichlet and multinomial variates with the right means and variances', () => {
    const random = new SeededRandom(11);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = (xs: number[]) => {
      const m = mean(xs);
      return mean(xs.map((x) => (x - m) ** 2));
    };
    for (const shape of [0.5, 2.5, 20]) {
      const draws = Array.from({ length: 40_000 }, () => random.gamma(shape));
      expect(mean(draws)).toBeCloseTo(shape, shape < 1 ? 1 : 0);
      expect(variance(draws) / shape).toBeCloseTo(1, 1);
    }
    // Dirichlet(2, 3, 5): means a/Σa, the first's variance a₁(Σa − a₁)/(Σa²(Σa + 1)) = 2·8/(100·11).
    const dirichlet = Array.from({ length: 40_000 }, () => random.dirichlet([2, 3, 5]));
    expect(mean(dirichlet.map((d) => d[2]))).toBeCloseTo(0.5, 2);
    expect(variance(dirichlet.map((d) => d[0]))).toBeCloseTo(16 / 1100, 3);
    const counts = Array.from({ length: 4000 }, () => random.multinomial(50, [0.2, 0.3, 0.5]));
    expect(counts.every((c) => c[0] + c[1] + c[2] === 50)).toBe(true);
    expect(mean(counts.map((c) => c[1]))).toBeCloseTo(15, 0);
    expect(variance(counts.map((c) => c[1]))).toBeCloseTo(50 * 0.3 * 0.7, 0);
  });
});
