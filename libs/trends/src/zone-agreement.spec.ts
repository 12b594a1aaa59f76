import { disagreements } from './zone-agreement.js';

const DAY = 86_400_000;
const days = (count: number) => Array.from({ length: count }, (_, index) => index * DAY);

describe('disagreements (where ICU and the database give a zone different offsets)', () => {
  it('bounds a run of differing samples by the agreeing samples around it', () => {
    const found = disagreements('UTC', { instantsMs: days(6), offsetsSeconds: [0, 0, 3600, 3600, 0, 0] });
    expect(found).toEqual([{ afterMs: DAY, beforeMs: 4 * DAY }]);
  });

  it('takes a disagreement at either end of the samples to go on past it', () => {
    const found = disagreements('UTC', { instantsMs: days(5), offsetsSeconds: [60, 0, 0, 0, -60] });
    expect(found).toEqual([
      { afterMs: -Infinity, beforeMs: DAY },
      { afterMs: 3 * DAY, beforeMs: Infinity },
    ]);
  });

  it('compares to the second: Moscow mean time was +2:30:17', () => {
    const at = Date.UTC(1850, 0, 1);
    expect(disagreements('Europe/Moscow', { instantsMs: [at], offsetsSeconds: [9017] })).toEqual([]);
    expect(disagreements('Europe/Moscow', { instantsMs: [at], offsetsSeconds: [9000] })).toHaveLength(1);
  });
});
