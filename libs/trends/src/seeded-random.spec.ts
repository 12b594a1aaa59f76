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
    for (let i = 0; i < 100_000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      deciles[Math.floor(value * 10)] += 1;
    }
    for (const count of deciles) expect(Math.abs(count - 10_000)).toBeLessThan(200);
    const seen = new Set(Array.from({ length: 1000 }, () => random.index(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
