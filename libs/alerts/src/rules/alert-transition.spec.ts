import { nextTransition, type AlertState } from './alert-transition.js';

const RULE = { repeatIntervalMinutes: 60, cooldownMinutes: 30 };
const at = (minute: number) => new Date(Date.UTC(2025, 4, 8, 12, minute));
const state = (overrides: Partial<AlertState>): AlertState => ({
  fingerprint: 'rule-1',
  ruleId: 1,
  status: 'firing',
  firstFiredAt: at(0),
  lastSentAt: at(0),
  resolvedAt: null,
  lastChangeAt: at(0),
  lastEvaluatedAt: at(0),
  ...overrides,
});

describe('nextTransition (fire once, repeat after the interval, resolve, cool down)', () => {
  it('fires the first time the condition holds, and stays quiet while it does not', () => {
    expect(nextTransition(null, true, at(0), RULE)).toEqual({ kind: 'fire', repeat: false });
    expect(nextTransition(null, false, at(0), RULE)).toEqual({ kind: 'none', reason: 'quiet' });
  });

  it('sends a firing alert again only once the repeat interval has passed since it was last sent', () => {
    const firing = state({ lastSentAt: at(0), lastEvaluatedAt: at(0) });
    expect(nextTransition(firing, true, at(59), RULE)).toEqual({ kind: 'none', reason: 'still-firing' });
    expect(nextTransition(firing, true, at(60), RULE)).toEqual({ kind: 'fire', repeat: true });
  });

  it('resolves a firing alert as soon as its condition no longer holds', () => {
    expect(nextTransition(state({}), false, at(5), RULE)).toEqual({ kind: 'resolve' });
  });

  it('does not fire again within the cool-down after a resolve, and does after it', () => {
    const resolved = state({ status: 'resolved', resolvedAt: at(10), lastEvaluatedAt: at(10) });
    expect(nextTransition(resolved, true, at(39), RULE)).toEqual({ kind: 'none', reason: 'cooling-down' });
    expect(nextTransition(resolved, true, at(40), RULE)).toEqual({ kind: 'fire', repeat: false });
    expect(nextTransition(resolved, false, at(15), RULE)).toEqual({ kind: 'none', reason: 'quiet' });
  });

  it('ignores an evaluation for an instant before one already applied (a late job), whatever it found', () => {
    const applied = state({ lastEvaluatedAt: at(20) });
    expect(nextTransition(applied, false, at(19), RULE)).toEqual({ kind: 'none', reason: 'stale' });
    expect(nextTransition({ ...applied, status: 'resolved' }, true, at(19), RULE)).toEqual({
      kind: 'none',
      reason: 'stale',
    });
  });
});
