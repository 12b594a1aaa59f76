import {
  VOCABULARY,
  type FeedItem,
  Prng,
  STANCE_PHRASES,
  STANCES,
  type Stance,
} from '../../feedgen/src/index.js';
import type { DemoOutlet } from './demo-catalogue.js';

const DAY_MS = 86_400_000;
export const HISTORY_DAYS = 28;
/** Live items a feed keeps listing (older ones drop off its end, as in a real feed). */
const LIVE_ITEMS_KEPT = 60;
const OFF_TOPIC_SHARE = 0.12;

/**
 * A story that dominates a few days: more items on one topic, tilted towards one stance. Topic
 * indexes point into the feed vocabulary, whose topics are in the same order in every language.
 */
interface Spike {
  occurs: (day: number) => boolean;
  topic: number;
  tilt: Stance;
  extraItems: number;
}

const SPIKES: Spike[] = [
  { occurs: (day) => day % 11 === 3 || day % 11 === 4, topic: 0, tilt: 'supportive', extraItems: 5 },
  { occurs: (day) => day % 13 === 8, topic: 5, tilt: 'critical', extraItems: 6 },
];

/**
 * The items an outlet's feed lists at `now`: a few a day over the last four weeks, more on spike
 * days, and one every minute or two since `liveSince` (the replay server's start). Every item is a
 * pure function of the outlet and its time slot, so runs of the demo list the same items under the
 * same links and a restarted demo adds nothing twice. Newest first.
 */
export function demoItems(outlet: DemoOutlet, now: Date, liveSince: Date): FeedItem[] {
  const items = [
    ...historyItems(outlet, now.getTime()),
    ...spikeItems(outlet, now.getTime()),
    ...liveItems(outlet, now.getTime(), liveSince.getTime()),
  ];
  return items.sort((a, b) => b.published.getTime() - a.published.getTime());
}

function historyItems(outlet: DemoOutlet, now: number): FeedItem[] {
  const slotMs = DAY_MS / outlet.itemsPerDay;
  const offset = seedOf(outlet.slug) % slotMs;
  const first = Math.ceil((now - HISTORY_DAYS * DAY_MS - offset) / slotMs);
  const last = Math.floor((now - offset) / slotMs);
  const items: FeedItem[] = [];
  for (let slot = first; slot <= last; slot += 1) {
    const jitter = new Prng(seedOf(`${outlet.slug}/jitter/${slot}`)).int(0, Math.floor(slotMs * 0.8));
    const published = offset + slot * slotMs + jitter;
    if (published <= now) items.push(makeItem(outlet, `h${slot}`, published));
  }
  return items;
}

function spikeItems(outlet: DemoOutlet, now: number): FeedItem[] {
  const items: FeedItem[] = [];
  const today = Math.floor(now / DAY_MS);
  for (let day = today - HISTORY_DAYS + 1; day <= today; day += 1) {
    for (const [index, spike] of SPIKES.entries()) {
      if (!spike.occurs(day)) continue;
      const count = Math.max(1, Math.round((spike.extraItems * outlet.itemsPerDay) / 4));
      for (let k = 0; k < count; k += 1) {
        const published = day * DAY_MS + ((k + 0.5) * DAY_MS) / count + (seedOf(outlet.slug) % 3_600_000);
        if (published > now) continue;
        items.push(makeItem(outlet, `s${index}-${day}-${k}`, published, spike));
      }
    }
  }
  return items;
}

function liveItems(outlet: DemoOutlet, now: number, since: number): FeedItem[] {
  // Each feed publishes every 60–120 s, at its own moment, so polls keep finding something new.
  const periodMs = (60 + (seedOf(outlet.slug) % 61)) * 1000;
  const first = Math.max(Math.ceil(since / periodMs), Math.floor(now / periodMs) - LIVE_ITEMS_KEPT + 1);
  const items: FeedItem[] = [];
  for (let slot = first; slot * periodMs <= now; slot += 1)
    items.push(makeItem(outlet, `l${periodMs / 1000}-${slot}`, slot * periodMs));
  return items;
}

function makeItem(outlet: DemoOutlet, key: string, publishedMs: number, spike?: Spike): FeedItem {
  const rng = new Prng(seedOf(`${outlet.slug}/${key}`));
  const words = VOCABULARY[outlet.language];
  const phrases = STANCE_PHRASES[outlet.language];
  const published = new Date(Math.floor(publishedMs / 1000) * 1000);
  const stance = pickStance(rng, outlet.lean, spike?.tilt);
  // The vocabulary's last topic is sanctions, which nobody praises.
  const topics = stance === 'critical' ? words.topics.length : words.topics.length - 1;
  const topic = words.topics[spike?.topic ?? rng.int(0, topics - 1)];
  const offTopic = !spike && rng.chance(OFF_TOPIC_SHARE);
  // The qualifier keeps titles of different outlets apart: shared titles are one story, and polls
  // of feeds that share stories take turns (title locks).
  const qualifier = rng.pick(words.qualifiers)(rng.int(2, 240));
  const title =
    (offTopic ? rng.pick(phrases.offTopic) : rng.pick(phrases.headlines[stance])(topic)) + qualifier;
  const day = published.toISOString().slice(0, 10).replace(/-/g, '/');
  const link = `https://${outlet.host}/${day}/${key}${rng.chance(0.3) ? '?utm_source=rss&utm_medium=feed' : ''}`;
  return {
    title,
    link,
    id: `${outlet.slug}-${key}`,
    permalink: rng.chance(0.3),
    published,
    author: rng.pick(words.authors),
    categories: Array.from({ length: rng.int(1, 2) }, () => rng.pick(words.categories)),
    // No lede: the built-in model reads at most 128 tokens of title and summary together, and with
    // more its hypotheses are cut off and it sees no stance at all.
    html: `<p><a href="${link.replace(/&/g, '&amp;')}">${words.readMore}&nbsp;&raquo;</a></p>`,
    asCdata: rng.chance(0.5),
  };
}

function pickStance(rng: Prng, lean: Record<Stance, number>, tilt?: Stance): Stance {
  const weights = STANCES.map((stance) => lean[stance] * (stance === tilt ? 4 : 1));
  let roll = rng.next() * weights.reduce((sum, w) => sum + w, 0);
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return STANCES[index];
  }
  return STANCES[STANCES.length - 1];
}

/** FNV-1a: a stable 32-bit seed from a string. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
