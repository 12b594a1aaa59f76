/** Where one alert (fingerprint) stands between evaluations. */
export interface AlertState {
  fingerprint: string;
  ruleId: number;
  status: 'firing' | 'resolved';
  firstFiredAt: Date;
  lastSentAt: Date;
  resolvedAt: Date | null;
  lastChangeAt: Date;
  lastEvaluatedAt: Date;
}

export type Transition =
  | { kind: 'fire'; repeat: boolean }
  | { kind: 'resolve' }
  | { kind: 'none'; reason: 'quiet' | 'still-firing' | 'cooling-down' | 'stale' };

const MINUTE = 60_000;

/**
 * The Alertmanager rules: an alert fires once; while its condition holds it is sent again only after the
 * repeat interval; when the condition clears it is resolved; after a resolve it cannot fire again until
 * the cool-down has passed, so a metric hovering at the threshold does not flap.
 */
export function nextTransition(
  state: AlertState | null,
  holds: boolean,
  now: Date,
  rule: { repeatIntervalMinutes: number; cooldownMinutes: number },
): Transition {
  // An evaluation for an earlier instant than one already applied (a slow, late job) must not undo it.
  if (state && now.getTime() < state.lastEvaluatedAt.getTime()) return { kind: 'none', reason: 'stale' };
  if (state?.status === 'firing') {
    if (!holds) return { kind: 'resolve' };
    const due = state.lastSentAt.getTime() + rule.repeatIntervalMinutes * MINUTE;
    return now.getTime() >= due ? { kind: 'fire', repeat: true } : { kind: 'none', reason: 'still-firing' };
  }
  if (!holds) return { kind: 'none', reason: 'quiet' };
  if (state?.resolvedAt && now.getTime() < state.resolvedAt.getTime() + rule.cooldownMinutes * MINUTE)
    return { kind: 'none', reason: 'cooling-down' };
  return { kind: 'fire', repeat: false };
}
