import { Prng } from '../libs/feedgen/src/index.js';

/** One synthetic feed of the trend archive. */
export interface ArchiveFeed {
  url: string;
  title: string;
  outlet: string;
  country: string;
  language: string;
  kind: 'state' | 'independent' | 'wire' | 'aggregator';
  /** How far the outlet leans: shifts P(supportive) against P(critical), in [-0.6, 0.6]. */
  bias: number;
}

// Outlets as they appear in the real list: state media with several language editions, wires,
// independents and aggregators, from Russia, China and elsewhere.
const OUTLETS: { outlet: string; country: string; kind: ArchiveFeed['kind']; languages: string[] }[] = [
  { outlet: 'TASS', country: 'RU', kind: 'state', languages: ['ru', 'en', 'zh'] },
  { outlet: 'RIA Novosti', country: 'RU', kind: 'state', languages: ['ru', 'en'] },
  { outlet: 'RT', country: 'RU', kind: 'state', languages: ['en', 'ru', 'es', 'de'] },
  { outlet: 'Kommersant', country: 'RU', kind: 'independent', languages: ['ru'] },
  { outlet: 'Meduza', country: 'LV', kind: 'independent', languages: ['ru', 'en'] },
  { outlet: 'Novaya Gazeta Europe', country: 'LV', kind: 'independent', languages: ['ru', 'en'] },
  { outlet: 'Xinhua', country: 'CN', kind: 'state', languages: ['zh', 'en', 'ru', 'fr'] },
  { outlet: 'CGTN', country: 'CN', kind: 'state', languages: ['en', 'ru', 'fr'] },
  { outlet: 'Global Times', country: 'CN', kind: 'state', languages: ['en', 'zh'] },
  { outlet: "People's Daily", country: 'CN', kind: 'state', languages: ['zh', 'en', 'ru'] },
  { outlet: 'Caixin', country: 'CN', kind: 'independent', languages: ['zh', 'en'] },
  { outlet: 'South China Morning Post', country: 'HK', kind: 'independent', languages: ['en'] },
  { outlet: 'Reuters', country: 'INT', kind: 'wire', languages: ['en', 'zh'] },
  { outlet: 'AP', country: 'US', kind: 'wire', languages: ['en'] },
  { outlet: 'AFP', country: 'FR', kind: 'wire', languages: ['fr', 'en'] },
  { outlet: 'Interfax', country: 'RU', kind: 'wire', languages: ['ru', 'en'] },
  { outlet: 'BBC', country: 'GB', kind: 'independent', languages: ['en', 'ru', 'zh'] },
  { outlet: 'Deutsche Welle', country: 'DE', kind: 'state', languages: ['de', 'en', 'ru', 'zh'] },
  { outlet: 'Nikkei Asia', country: 'JP', kind: 'independent', languages: ['en', 'ja'] },
  { outlet: 'The Hindu', country: 'IN', kind: 'independent', languages: ['en'] },
  { outlet: 'Kazinform', country: 'KZ', kind: 'state', languages: ['ru', 'en', 'kk'] },
  { outlet: 'Yonhap', country: 'KR', kind: 'wire', languages: ['en', 'ko', 'zh'] },
  { outlet: 'Google News', country: 'INT', kind: 'aggregator', languages: ['en', 'ru', 'zh'] },
  { outlet: 'Yandex News', country: 'RU', kind: 'aggregator', languages: ['ru'] },
  { outlet: 'NHK World', country: 'JP', kind: 'state', languages: ['en', 'ja', 'ru', 'zh'] },
];

/** 60 feeds over 25 outlets (a feed per language edition), each outlet with a seeded lean. */
export function archiveFeeds(seed: number): ArchiveFeed[] {
  const random = new Prng(seed);
  const feeds = OUTLETS.flatMap(({ outlet, country, kind, languages }) => {
    const bias = Math.round((random.next() * 1.2 - 0.6) * 1000) / 1000;
    return languages.map((language) => ({
      url: `https://${outlet.toLowerCase().replace(/[^a-z]+/g, '-')}.example/${language}/rss`,
      title: `${outlet} (${language})`,
      outlet,
      country,
      language,
      kind,
      bias,
    }));
  });
  if (feeds.length !== 60) throw new Error(`expected 60 archive feeds, made ${feeds.length}`);
  return feeds;
}
