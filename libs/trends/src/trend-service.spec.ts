import { chooseSource } from './trend-service.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('chooseSource (which rollups can answer a trend exactly)', () => {
  it('uses the daily rollups for days in UTC, Moscow and Beijing time', () => {
    expect(chooseSource('day', 'UTC', day('2025-01-01'), day('2025-12-31'))).toEqual({
      kind: 'daily',
      offsetMinutes: 0,
    });
    expect(chooseSource('week', 'Europe/Moscow', day('2025-01-01'), day('2025-12-31'))).toEqual({
      kind: 'daily',
      offsetMinutes: 180,
    });
    expect(chooseSource('month', 'Asia/Shanghai', day('2025-01-01'), day('2025-12-31'))).toEqual({
      kind: 'daily',
      offsetMinutes: 480,
    });
  });

  it('composes hours from the hourly rollups for hourly buckets and for other whole-hour zones', () => {
    expect(chooseSource('hour', 'UTC', day('2025-05-01'), day('2025-05-02'))).toEqual({ kind: 'hourly' });
    expect(chooseSource('day', 'Asia/Tokyo', day('2025-05-01'), day('2025-05-31'))).toEqual({
      kind: 'hourly',
    });
    // New York changes its offset within the range: still whole hours, so hourly rollups.
    expect(chooseSource('day', 'America/New_York', day('2025-01-01'), day('2025-12-31'))).toEqual({
      kind: 'hourly',
    });
  });

  it('falls back to the raw scores in a zone that is not a whole number of hours from UTC', () => {
    expect(chooseSource('day', 'Asia/Kolkata', day('2025-01-01'), day('2025-02-01'))).toEqual({
      kind: 'raw',
    });
    expect(chooseSource('hour', 'Asia/Kathmandu', day('2025-01-01'), day('2025-01-02'))).toEqual({
      kind: 'raw',
    });
  });
});
