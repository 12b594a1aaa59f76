import { proportionalQuotas } from './proportional-quotas.js';

describe('proportionalQuotas', () => {
  it('gives each stratum the whole part of its share and the units left to the largest remainders', () => {
    // 9·10/34 = 2.65 and 9·24/34 = 6.35: floors 2 and 6, the unit left to the larger remainder.
    const quotas = proportionalQuotas(
      [
        { key: 'independent', eligible: 10 },
        { key: 'state', eligible: 24 },
      ],
      9,
    );
    expect(Object.fromEntries(quotas)).toEqual({ independent: 3, state: 6 });
  });

  it('breaks equal remainders toward the larger stratum, then by key, so the same strata get the same quotas', () => {
    // 9·26/36 = 6.5 and 9·10/36 = 2.5.
    expect(
      Object.fromEntries(
        proportionalQuotas(
          [
            { key: 'b', eligible: 10 },
            { key: 'a', eligible: 26 },
          ],
          9,
        ),
      ),
    ).toEqual({ b: 2, a: 7 });
    expect(
      Object.fromEntries(
        proportionalQuotas(
          [
            { key: 'y', eligible: 5 },
            { key: 'x', eligible: 5 },
          ],
          3,
        ),
      ),
    ).toEqual({ y: 1, x: 2 });
  });

  it('adds up to n, never gives a stratum more than it has, and takes everything when n is the total or more', () => {
    const strata = [
      { key: 'en', eligible: 1 },
      { key: 'ru', eligible: 2 },
      { key: 'zh', eligible: 97 },
    ];
    for (let n = 0; n <= 100; n++) {
      const quotas = proportionalQuotas(strata, n);
      expect([n, [...quotas.values()].reduce((a, b) => a + b, 0)]).toEqual([n, n]);
      for (const stratum of strata) expect(quotas.get(stratum.key)!).toBeLessThanOrEqual(stratum.eligible);
    }
    expect(Object.fromEntries(proportionalQuotas(strata, 500))).toEqual({ en: 1, ru: 2, zh: 97 });
    expect(proportionalQuotas([], 10).size).toBe(0);
  });
});
