import { cornishFisher975, studentT975, studentTCoverage } from './student-t.js';

describe('studentT975', () => {
  it('matches published 0.975 quantiles of t (R qt(0.975, df), 9 digits)', () => {
    for (const [df, t] of [
      [1, 12.70620474],
      [2, 4.30265273],
      [3, 3.182446305],
      [4, 2.776445105],
      [5, 2.570581836],
      [9, 2.262157163],
      [10, 2.228138852],
      [30, 2.042272456],
      [100, 1.983971519],
      [999, 1.962341461],
      [1000, 1.962339081],
    ] as const)
      expect(Math.abs(studentT975(df) - t)).toBeLessThan(1e-8);
    expect(studentT975(1e9)).toBeCloseTo(1.959963985, 8);
    expect(studentT975(Infinity)).toBeCloseTo(1.959963984540054, 12);
  });

  it('gives coverage 0.95 on the exact series, and the expansion agrees with it from df 100 on', () => {
    for (const df of [3, 7, 20, 64, 99]) expect(studentTCoverage(studentT975(df), df)).toBeCloseTo(0.95, 12);
    for (const df of [100, 150, 400])
      expect(studentTCoverage(cornishFisher975(df), df)).toBeCloseTo(0.95, 10);
  });

  it('refuses degrees of freedom below 1 or fractional', () => {
    expect(() => studentT975(0)).toThrow(RangeError);
    expect(() => studentT975(2.5)).toThrow(RangeError);
  });
});
