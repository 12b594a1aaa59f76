import { anomaly, meanWithInterval, wilson } from './trend-stats.js';

describe('trend statistics', () => {
  it('gives the mean with a Student-t 95% interval from the sums', () => {
    const values = [0.2, 0.4, -0.1, 0.5];
    const sum = values.reduce((a, b) => a + b, 0);
    const sum2 = values.reduce((a, b) => a + b * b, 0);
    const { mean, ci95 } = meanWithInterval(values.length, sum, sum2);
    expect(mean).toBeCloseTo(0.25, 12);
    // s = 0.264575..., se = s/2, half = t(3) · se with t(3) = 3.182446 (it was 1.96: the defect)
    expect(ci95![0]).toBeCloseTo(0.25 - 3.182446305 * (0.2645751311 / 2), 8);
    expect(ci95![1]).toBeCloseTo(0.25 + 3.182446305 * (0.2645751311 / 2), 8);
    expect(meanWithInterval(0, 0, 0)).toEqual({ mean: null, ci95: null });
    expect(meanWithInterval(1, 0.3, 0.09)).toEqual({ mean: 0.3, ci95: null });
  });

  it('widens small buckets: n = 2, 10 and 1000', () => {
    // n values alternating ±0.1 around 0 (s from the sums), half = t(n − 1) · s/√n
    for (const [n, t] of [
      [2, 12.70620474],
      [10, 2.262157163],
      [1000, 1.962341461],
    ] as const) {
      const values = Array.from({ length: n }, (_, i) => (i % 2 ? -0.1 : 0.1));
      const sum = values.reduce((a, b) => a + b, 0);
      const sum2 = values.reduce((a, b) => a + b * b, 0);
      const mean = sum / n;
      const s = Math.sqrt((sum2 - n * mean * mean) / (n - 1));
      const { ci95 } = meanWithInterval(n, sum, sum2);
      expect(ci95![1]).toBeCloseTo(Math.min(1, mean + (t * s) / Math.sqrt(n)), 6);
      expect(ci95![0]).toBeCloseTo(Math.max(-1, mean - (t * s) / Math.sqrt(n)), 6);
    }
    // n = 2 far apart: the interval is clamped to [-1, 1]
    expect(meanWithInterval(2, 0, 2).ci95).toEqual([-1, 1]);
  });

  it('gives Wilson intervals that stay in [0, 1]', () => {
    // A textbook value: 8 of 10 → [0.4902, 0.9433]
    const { share, ci95 } = wilson(8, 10);
    expect(share).toBe(0.8);
    expect(ci95![0]).toBeCloseTo(0.4902, 4);
    expect(ci95![1]).toBeCloseTo(0.9433, 4);
    expect(wilson(0, 5).ci95![0]).toBe(0);
    expect(wilson(5, 5).ci95![1]).toBe(1);
    expect(wilson(0, 0)).toEqual({ share: null, ci95: null });
  });

  it('flags a point more than k standard deviations from its trailing baseline', () => {
    const baseline = [10, 12, 11, 9, 10, 11, 12];
    expect(anomaly(11, baseline, 3).flagged).toBe(false);
    const spike = anomaly(40, baseline, 3);
    expect(spike.flagged).toBe(true);
    expect(spike.z).toBeGreaterThan(3);
    expect(anomaly(40, [10, null], 3)).toMatchObject({ flagged: false, z: null });
    expect(anomaly(null, baseline, 3).flagged).toBe(false);
  });
});
