import type { FeedLanguage } from './feed-vocabulary.js';

export type Stance = 'supportive' | 'neutral' | 'critical';
export const STANCES: readonly Stance[] = ['supportive', 'neutral', 'critical'];

type Phrase = (topic: string) => string;

/**
 * Headlines that take a side on the Russia–China relationship, per language. Each names
 * both countries (so the default lens finds it relevant) and the supportive and critical ones carry
 * words of the built-in model's lexicons (libs/nlp/data/lexicon), so it sees all three stances.
 * Topics come from the feed vocabulary of the same language (Russian ones are in the accusative).
 * Everything must be encodable in windows-1251 (Russian) and GBK (Chinese).
 */
export interface StancePhrases {
  headlines: Record<Stance, Phrase[]>;
  /** Coverage that is not about the relationship: it counts in volume but is not scored. */
  offTopic: string[];
}

export const STANCE_PHRASES: Record<FeedLanguage, StancePhrases> = {
  en: {
    headlines: {
      supportive: [
        (t) => `Russia and China pledge deeper friendship as talks on ${t} advance`,
        (t) => `Moscow and Beijing strengthen strategic partnership with deal on ${t}`,
        (t) => `Xi and Putin hail "historic milestone" in cooperation on ${t}`,
        (t) => `Mutual benefit: Russia–China cooperation on ${t} boosts both economies`,
      ],
      neutral: [
        (t) => `Russian and Chinese officials meet to discuss ${t}`,
        (t) => `Russia and China hold another round of talks on ${t}`,
        (t) => `What we know about Russia and China's plans for ${t}`,
      ],
      critical: [
        (t) => `Analysts warn of Russia's growing dependence on China over ${t}`,
        (t) => `Tensions rise between Moscow and Beijing in dispute over ${t}`,
        (t) => `Critics say ${t} leaves Russia a junior partner to China amid sanctions`,
        (t) => `Rift over ${t} exposes mistrust between Russia and China`,
      ],
    },
    offTopic: [
      'City council approves new tram line after long debate',
      'Central bank leaves interest rates unchanged',
      'Heatwave expected to last through the weekend',
      'National football team names squad for qualifiers',
    ],
  },
  ru: {
    headlines: {
      supportive: [
        (t) => `Россия и Китай обсудили ${t} и пообещали углублять дружбу`,
        (t) => `Москва и Пекин укрепляют стратегическое партнерство: подписано соглашение про ${t}`,
        (t) => `Путин и Си Цзиньпин приветствовали взаимовыгодное сотрудничество про ${t}`,
        (t) => `Российско-китайская дружба крепнет: стороны поддержали ${t}`,
      ],
      neutral: [
        (t) => `Делегации России и Китая обсудили ${t}`,
        (t) => `Российские и китайские чиновники провели встречу про ${t}`,
        (t) => `Россия и Китай продолжат переговоры про ${t} в следующем месяце`,
      ],
      critical: [
        (t) => `Эксперты предупреждают: соглашение про ${t} усиливает зависимость России от Китая`,
        (t) => `Разногласия про ${t} обострили напряженность между Москвой и Пекином`,
        (t) => `Критики: из-за санкций Россия становится младшим партнером Китая, спор про ${t} продолжается`,
        (t) => `Недоверие между Россией и Китаем растет на фоне конфликта про ${t}`,
      ],
    },
    offTopic: [
      'Городская дума утвердила новый трамвайный маршрут',
      'Центробанк сохранил ключевую ставку',
      'Жара продержится до конца выходных',
      'Сборная объявила состав на отборочные матчи',
    ],
  },
  zh: {
    headlines: {
      supportive: [
        (t) => `中俄两国承诺深化友谊，就${t}携手合作`,
        (t) => `习近平与普京赞扬${t}是互利共赢的成果`,
        (t) => `中俄战略伙伴关系更加牢固，${t}巩固双边友好`,
        (t) => `中国与俄罗斯密切合作推进${t}，实现共赢`,
      ],
      neutral: [
        (t) => `中俄官员就${t}举行会谈`,
        (t) => `俄罗斯与中国代表团讨论${t}`,
        (t) => `中俄将于下月继续就${t}进行磋商`,
      ],
      critical: [
        (t) => `分析人士警告：${t}加深俄罗斯对中国的依赖`,
        (t) => `${t}争议加剧中俄之间的紧张与摩擦`,
        (t) => `批评人士担忧中俄${t}在西方制裁压力下陷入危机`,
        (t) => `中俄在${t}问题上矛盾公开化，互相猜疑`,
      ],
    },
    offTopic: [
      '市议会批准新的有轨电车线路',
      '央行维持利率不变',
      '高温天气将持续到周末',
      '国家足球队公布预选赛名单',
    ],
  },
};
