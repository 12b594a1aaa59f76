import { anomaly, meanWithInterval, wilson } from './trend-stats.js';

describe('trend statistics', () => {
  it('gives the mean with a normal 95% interval from the sums', () => {
    const values = [0.2, 0.4, -0.1, 0.5];
    const sum = values.reduce((a, b) => a + b, 0);
    const sum2 = values.reduce((a, b) => a + b * b, 0);
    const { mean, ci95 } = meanWithInterval(values.length, sum, sum2);
    expect(mean).toBeCloseTo(0.25, 12);
    // s = 0.264575..., se = s/2, half = 1.959964 · se
    expect(ci95![0]).toBeCloseTo(0.25 - 1.959964 * (0.2645751311 / 2), 8);
    expect(ci95![1]).toBeCloseTo(0.25 + 1.959964 * (0.2645751311 / 2), 8);
    expect(meanWithInterval(0, 0, 0)).toEqual({ mean: null, ci95: null });
    expect(meanWithInterval(1, 0.3, 0.09)).toEqual({ mean: 0.3, ci95: null });
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
