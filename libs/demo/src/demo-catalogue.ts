import type { FeedKind } from '../../feeds/src/index.js';
import type { FeedLanguage, FeedEncoding, Stance } from '../../feedgen/src/index.js';

/** How a broken demo feed misbehaves, so feed health has errors to show. */
export type Breakage = 'html-page' | 'server-error' | 'timeout';

/** One outlet of the demo: fictional, modelled on a kind of real outlet, its name ending in "(demo)". */
export interface DemoOutlet {
  /** Path-safe and stable: the feed is served at /feeds/<slug>.xml. */
  slug: string;
  outlet: string;
  /** The outlet's own (fictional) web host, used in article links. */
  host: string;
  country: string;
  language: FeedLanguage;
  kind: FeedKind;
  format: 'rss' | 'atom';
  encoding: FeedEncoding;
  /** Whether Content-Type names the charset; when not, only the XML declaration does, as many CMSs do. */
  charsetInHeader: boolean;
  /** Relative weights of supportive, neutral and critical coverage. */
  lean: Record<Stance, number>;
  itemsPerDay: number;
  breakage?: Breakage;
}

const STATE = { supportive: 6, neutral: 3, critical: 1 };
const INDEPENDENT = { supportive: 2, neutral: 4, critical: 4 };
const INTERNATIONAL = { supportive: 1.5, neutral: 4.5, critical: 4 };

type Entry = Omit<DemoOutlet, 'slug' | 'host' | 'charsetInHeader'> & { charsetInHeader?: boolean };

const entry = (slug: string, fields: Entry): DemoOutlet => ({
  slug,
  host: `${slug}.demo.invalid`,
  charsetInHeader: true,
  ...fields,
});

/** Twenty outlets that work and three that do not. Changing a slug changes its feed's URL. */
export const DEMO_OUTLETS: DemoOutlet[] = [
  // Russian state media: TASS-, RIA-, Rossiyskaya Gazeta- and RT-like.
  entry('rta-ru', {
    outlet: 'Russian Telegraph Agency (demo)',
    country: 'RU',
    language: 'ru',
    kind: 'wire',
    format: 'rss',
    encoding: 'windows-1251',
    lean: STATE,
    itemsPerDay: 5,
  }),
  entry('rta-en', {
    outlet: 'Russian Telegraph Agency (demo)',
    country: 'RU',
    language: 'en',
    kind: 'wire',
    format: 'rss',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 4,
  }),
  entry('novosti-ru', {
    outlet: 'Novosti Information Agency (demo)',
    country: 'RU',
    language: 'ru',
    kind: 'state',
    format: 'rss',
    encoding: 'windows-1251',
    charsetInHeader: false,
    lean: STATE,
    itemsPerDay: 5,
  }),
  entry('gazeta-ru', {
    outlet: 'Government Gazette (demo)',
    country: 'RU',
    language: 'ru',
    kind: 'state',
    format: 'atom',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 3,
  }),
  entry('russia-now-en', {
    outlet: 'Russia Now (demo)',
    country: 'RU',
    language: 'en',
    kind: 'state',
    format: 'rss',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 4,
  }),
  // Chinese state media: Xinhua-, Global Times- and People's Daily-like.
  entry('new-china-zh', {
    outlet: 'New China News Agency (demo)',
    country: 'CN',
    language: 'zh',
    kind: 'wire',
    format: 'rss',
    encoding: 'gbk',
    lean: STATE,
    itemsPerDay: 5,
  }),
  entry('new-china-en', {
    outlet: 'New China News Agency (demo)',
    country: 'CN',
    language: 'en',
    kind: 'wire',
    format: 'atom',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 4,
  }),
  entry('global-herald-en', {
    outlet: 'Global Herald (demo)',
    country: 'CN',
    language: 'en',
    kind: 'state',
    format: 'rss',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 4,
  }),
  entry('global-herald-zh', {
    outlet: 'Global Herald (demo)',
    country: 'CN',
    language: 'zh',
    kind: 'state',
    format: 'rss',
    encoding: 'gbk',
    charsetInHeader: false,
    lean: STATE,
    itemsPerDay: 4,
  }),
  entry('peoples-courier-zh', {
    outlet: "People's Courier (demo)",
    country: 'CN',
    language: 'zh',
    kind: 'state',
    format: 'atom',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 3,
  }),
  // Independent outlets in and around both countries.
  entry('riga-dispatch-ru', {
    outlet: 'Riga Dispatch (demo)',
    country: 'LV',
    language: 'ru',
    kind: 'independent',
    format: 'rss',
    encoding: 'utf-8',
    lean: INDEPENDENT,
    itemsPerDay: 3,
  }),
  entry('novaya-ru', {
    outlet: 'Novaya Vremya (demo)',
    country: 'RU',
    language: 'ru',
    kind: 'independent',
    format: 'rss',
    encoding: 'windows-1251',
    lean: INDEPENDENT,
    itemsPerDay: 3,
  }),
  entry('harbour-press-en', {
    outlet: 'Harbour Free Press (demo)',
    country: 'HK',
    language: 'en',
    kind: 'independent',
    format: 'atom',
    encoding: 'utf-8',
    lean: INDEPENDENT,
    itemsPerDay: 3,
  }),
  entry('taipei-observer-zh', {
    outlet: 'Taipei Observer (demo)',
    country: 'TW',
    language: 'zh',
    kind: 'independent',
    format: 'rss',
    encoding: 'utf-8',
    lean: INDEPENDENT,
    itemsPerDay: 3,
  }),
  // International outlets and wires.
  entry('global-wire-en', {
    outlet: 'Global Wire Service (demo)',
    country: 'GB',
    language: 'en',
    kind: 'wire',
    format: 'rss',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 5,
  }),
  entry('atlantic-press-en', {
    outlet: 'Atlantic Press Agency (demo)',
    country: 'FR',
    language: 'en',
    kind: 'wire',
    format: 'atom',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 5,
  }),
  entry('eurasia-monitor-en', {
    outlet: 'Eurasia Monitor (demo)',
    country: 'US',
    language: 'en',
    kind: 'independent',
    format: 'rss',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 3,
  }),
  entry('world-service-ru', {
    outlet: 'World Service Russian (demo)',
    country: 'GB',
    language: 'ru',
    kind: 'independent',
    format: 'rss',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 3,
  }),
  entry('world-service-zh', {
    outlet: 'World Service Chinese (demo)',
    country: 'GB',
    language: 'zh',
    kind: 'independent',
    format: 'atom',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 3,
  }),
  entry('pacific-review-en', {
    outlet: 'Pacific Review (demo)',
    country: 'AU',
    language: 'en',
    kind: 'independent',
    format: 'rss',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 2,
  }),
  // Broken on purpose.
  entry('evening-moscow-ru', {
    outlet: 'Evening Moscow (demo)',
    country: 'RU',
    language: 'ru',
    kind: 'state',
    format: 'rss',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 3,
    breakage: 'html-page',
  }),
  entry('far-east-business-en', {
    outlet: 'Far East Business Daily (demo)',
    country: 'SG',
    language: 'en',
    kind: 'independent',
    format: 'rss',
    encoding: 'utf-8',
    lean: INTERNATIONAL,
    itemsPerDay: 3,
    breakage: 'server-error',
  }),
  entry('silk-road-times-zh', {
    outlet: 'Silk Road Times (demo)',
    country: 'CN',
    language: 'zh',
    kind: 'state',
    format: 'rss',
    encoding: 'utf-8',
    lean: STATE,
    itemsPerDay: 3,
    breakage: 'timeout',
  }),
];

/** The path the replay server serves an outlet's feed at. */
export function demoFeedPath(outlet: DemoOutlet): string {
  return `/feeds/${outlet.slug}.xml`;
}
