import {
  VOCABULARY,
  type FeedLanguage,
  feedBytes,
  feedMimeType,
  htmlEntities,
  type FeedItem,
  Prng,
  STANCE_PHRASES,
  STANCES,
} from '../libs/feedgen/src/index.js';
import type { HostedFeed } from './conditional-feed-host.js';

const LANGUAGES: FeedLanguage[] = ['en', 'en', 'ru', 'zh'];
// A feed document keeps its newest items only, as real ones do.
const KEEP = 20;
const ITEM_KEY = /\/bench-item-(\d+)$/;

/** Whether the lens the benchmark watches finds a headline relevant. */
export type Relevant = (headline: string) => boolean;

// Some stock phrases name neither country (the topic alone is not enough for the lens); they are redrawn.
const DRAWS = 50;

/**
 * A feed that gains items while the benchmark runs: RSS 2.0 in UTF-8, every item a headline about
 * Russia and China that takes a side and that `relevant` accepts, so the API lists it and the model
 * scores it. Seeded: the same index gives the same outlet, language and wording.
 */
export class GrowingFeed {
  readonly language: FeedLanguage;
  readonly path: string;
  private readonly rng: Prng;
  private readonly outlet: { name: string; host: string };
  private items: FeedItem[] = [];

  constructor(
    readonly index: number,
    seed: number,
    private readonly relevant: Relevant,
  ) {
    this.rng = new Prng(seed + index);
    this.language = LANGUAGES[index % LANGUAGES.length];
    const outlets = VOCABULARY[this.language].outlets;
    this.outlet = outlets[index % outlets.length];
    this.path = `growing-${index}-${this.language}.rss`;
  }

  /** Adds an item published at `published`; `key` names it in its link (see itemKey). */
  add(key: string, published: Date): void {
    this.items = [this.item(key, published), ...this.items].slice(0, KEEP);
  }

  document(): HostedFeed {
    const bytes = feedBytes({
      outlet: { name: `${this.outlet.name} ${this.index}`, host: this.outlet.host },
      language: this.language,
      encoding: 'utf-8',
      format: 'rss',
      items: this.items,
      index: this.index,
    });
    return { bytes, contentType: `${feedMimeType('rss')}; charset=utf-8` };
  }

  private item(key: string, published: Date): FeedItem {
    const v = VOCABULARY[this.language];
    const { topic, title } = this.headline();
    // The first two actors of every vocabulary are the two leaders.
    const [a, b] = v.actors;
    const link = `https://${this.outlet.host}/bench/${this.index}/bench-item-${key}`;
    return {
      title,
      link,
      id: `${this.outlet.host}-${this.index}-${key}`,
      permalink: true,
      published,
      author: this.rng.pick(v.authors),
      categories: [this.rng.pick(v.categories)],
      html: `<p>${htmlEntities(this.rng.pick(v.sentences)(a, b, topic))}</p>`,
      asCdata: this.rng.chance(0.5),
    };
  }

  private headline(): { topic: string; title: string } {
    const phrases = STANCE_PHRASES[this.language].headlines;
    for (let draw = 0; draw < DRAWS; draw += 1) {
      const topic = this.rng.pick(VOCABULARY[this.language].topics);
      const title = this.rng.pick(phrases[this.rng.pick(STANCES)])(topic);
      if (this.relevant(title)) return { topic, title };
    }
    throw new Error(`no relevant ${this.language} headline in ${DRAWS} draws: is the lens the default one?`);
  }
}

/** The key a GrowingFeed item carries in its link, read back from an article's URL. */
export function itemKey(url: string): string | null {
  return ITEM_KEY.exec(url)?.[1] ?? null;
}
