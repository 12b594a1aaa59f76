import { isTimeZone, offsetSeconds } from './time-zone.js';

/** PostgreSQL's offsets of one zone at sample instants, in order. */
export interface ZoneSamples {
  instantsMs: number[];
  offsetsSeconds: number[];
}

/** What the check asks PostgreSQL (TrendQueryRepository answers it). */
export interface ZoneDatabase {
  zoneNames(): Promise<string[]>;
  zoneOffsetSamples(tz: string, firstMonth: string, lastMonth: string): Promise<ZoneSamples>;
}

/**
 * Where the runtime and the database may give a zone different offsets: strictly between two
 * samples on which they agree (±Infinity past the first or last sample).
 */
export interface Disagreement {
  afterMs: number;
  beforeMs: number;
}

/**
 * The sampled months: the 1st and the 15th of each, 00:00 UTC. Neither ICU nor PostgreSQL has a
 * zone whose offset changes between 1600 and 1800 (checked for all of them), and after 2100 both
 * repeat the zone's rules, so a disagreement at either end is taken to go on past it.
 */
export const SAMPLED_MONTHS = { first: '1800-01-01', last: '2100-12-01' } as const;

const EXPECTED = 'expected an IANA time zone such as "Europe/Moscow" or "Asia/Shanghai", or "UTC"';

/** The periods in which ICU's offset of `tz` differs from PostgreSQL's at the samples. */
export function disagreements(tz: string, samples: ZoneSamples): Disagreement[] {
  const found: Disagreement[] = [];
  let lastAgreeingMs = -Infinity;
  let open: Disagreement | null = null;
  for (let index = 0; index < samples.instantsMs.length; index += 1) {
    const instantMs = samples.instantsMs[index];
    if (offsetSeconds(tz, new Date(instantMs)) !== samples.offsetsSeconds[index]) {
      if (!open) found.push((open = { afterMs: lastAgreeingMs, beforeMs: Infinity }));
      continue;
    }
    if (open) open.beforeMs = instantMs;
    open = null;
    lastAgreeingMs = instantMs;
  }
  return found;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function describe(disagreement: Disagreement): string {
  const { afterMs, beforeMs } = disagreement;
  if (afterMs === -Infinity && beforeMs === Infinity) return 'at every date';
  if (afterMs === -Infinity) return `before ${day(beforeMs)}`;
  if (beforeMs === Infinity) return `after ${day(afterMs)}`;
  return `between ${day(afterMs)} and ${day(beforeMs)}`;
}

/**
 * Whether a trend can be bucketed in a zone over a period. The API reads a zone's offsets with the
 * runtime's ICU data (to choose the rollups) but PostgreSQL buckets with its own: where the two
 * disagree, buckets are silently wrong. They disagree on names only one of them knows, on names
 * PostgreSQL reads as abbreviations (CET is a fixed +1 to it, Brussels time to ICU), and on history
 * one of them keeps and the other links away (Tijuana 1953–1975). So a zone is compared at two
 * samples a month over three centuries, once, and refused only for periods that meet a disagreement.
 */
export class ZoneAgreement {
  private names: Promise<Map<string, string>> | null = null;
  // Keyed by PostgreSQL's spelling of the name, so at most one entry per zone it knows.
  private readonly zones = new Map<string, Promise<Disagreement[]>>();

  constructor(private readonly database: ZoneDatabase) {}

  /** Why a trend over [from, to) cannot be bucketed in `tz`, or null when it can. */
  async whyNot(tz: string, from: Date, to: Date): Promise<string | null> {
    if (!isTimeZone(tz)) return `${tz} is not a time zone; ${EXPECTED}`;
    const name = (await this.knownNames()).get(tz.toLowerCase());
    if (name === undefined) return `the database does not know the time zone ${tz}; ${EXPECTED}`;
    const met = (await this.disagreementsOf(name)).find(
      (disagreement) => from.getTime() < disagreement.beforeMs && to.getTime() > disagreement.afterMs,
    );
    if (!met) return null;
    return (
      `${tz} means different offsets to the database and to the runtime ${describe(met)}, ` +
      `which the requested period meets; ${EXPECTED}`
    );
  }

  private knownNames(): Promise<Map<string, string>> {
    this.names ??= this.database.zoneNames().then(
      (names) => new Map(names.map((name) => [name.toLowerCase(), name])),
      (error: unknown) => {
        this.names = null; // the next request tries again
        throw error;
      },
    );
    return this.names;
  }

  private disagreementsOf(name: string): Promise<Disagreement[]> {
    let found = this.zones.get(name);
    if (found) return found;
    found = this.database
      .zoneOffsetSamples(name, SAMPLED_MONTHS.first, SAMPLED_MONTHS.last)
      .then((samples) => disagreements(name, samples));
    found.catch(() => this.zones.delete(name)); // the next request tries again
    this.zones.set(name, found);
    return found;
  }
}
