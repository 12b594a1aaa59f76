/**
 * Words for generated feeds about Russia–China relations, per language. Everything here must be
 * encodable in the legacy charset of its language (windows-1251 for Russian, GBK for Chinese).
 */
export type FeedLanguage = 'en' | 'ru' | 'zh';

export interface Vocabulary {
  outlets: { name: string; host: string }[];
  actors: string[];
  topics: string[];
  headlines: ((a: string, b: string, topic: string) => string)[];
  /** Appended to headlines, so that two outlets rarely write the same one by chance. */
  qualifiers: ((n: number) => string)[];
  sentences: ((a: string, b: string, topic: string) => string)[];
  authors: string[];
  categories: string[];
  readMore: string;
  /** The offset a local outlet writes its RFC 822 dates in. */
  zone: { label: string; minutes: number };
}

export const VOCABULARY: Record<FeedLanguage, Vocabulary> = {
  en: {
    outlets: [
      { name: 'Eurasia Desk', host: 'eurasia-desk.example.org' },
      { name: 'Northern Dragon Review', host: 'ndr.example.net' },
      { name: 'Pacific Ledger', host: 'pacific-ledger.example.com' },
      { name: 'Steppe Wire', host: 'steppe-wire.example.org' },
    ],
    actors: [
      'Vladimir Putin',
      'Xi Jinping',
      'Sergei Lavrov',
      'Wang Yi',
      'Gazprom',
      'CNPC',
      'the Kremlin',
      'Beijing',
      'Moscow',
      'Rosneft',
    ],
    topics: [
      'the Power of Siberia 2 pipeline',
      'yuan-rouble settlement',
      'Arctic shipping on the Northern Sea Route',
      'the SCO summit',
      'a BRICS payment system',
      'joint naval drills',
      'grain exports',
      'sanctions compliance & secondary tariffs',
    ],
    headlines: [
      (a, b, t) => `${a} and ${b} discuss ${t}`,
      (a, b, t) => `${a} says talks with ${b} on ${t} are "constructive"`,
      (a, b, t) => `Analysis: what ${t} means for ${a} — and for ${b}`,
      (a, b, t) => `${a} signs deal with ${b} on ${t}`,
    ],
    qualifiers: [
      (n) => ` as trade reaches $${n} billion`,
      (n) => ` after ${n} hours of talks`,
      (n) => ` ahead of round ${n}`,
      (n) => `, with ${n} projects on the table`,
    ],
    sentences: [
      (a, b, t) =>
        `${a} told reporters that ${t} would be settled "within months", according to people familiar with the talks.`,
      (a, b, t) =>
        `Officials in ${b} declined to comment on ${t}, citing the sensitivity of the negotiations with ${a}.`,
      (a, b, t) =>
        `Trade between Russia & China reached a record last year, and ${t} is expected to add to it, ${a} said.`,
      (a, b, t) =>
        `Critics warn that ${t} leaves ${b} dependent on ${a} at a time of tightening Western sanctions.`,
    ],
    authors: ['Mei Lin', 'Pavel Orlov', 'Anna Whitfield', "James O'Connor", 'Li Wei'],
    categories: ['Russia', 'China', 'Energy', 'Diplomacy', 'Trade', 'Security'],
    readMore: 'Read more',
    zone: { label: 'GMT', minutes: 0 },
  },
  ru: {
    outlets: [
      { name: 'Восточный вестник', host: 'vostok-vestnik.example.ru' },
      { name: 'Евразийское обозрение', host: 'eurasia-review.example.ru' },
      { name: 'Дальневосточные известия', host: 'dv-izvestia.example.ru' },
    ],
    actors: [
      'Владимир Путин',
      'Си Цзиньпин',
      'Сергей Лавров',
      'Ван И',
      '«Газпром»',
      'Кремль',
      'Пекин',
      'Москва',
      '«Роснефть»',
    ],
    topics: [
      'газопровод «Сила Сибири — 2»',
      'расчёты в рублях и юанях',
      'Северный морской путь',
      'саммит ШОС',
      'платёжную систему БРИКС',
      'совместные военно-морские учения',
      'экспорт зерна',
      'вторичные санкции',
    ],
    headlines: [
      (a, b, t) => `${a} и ${b} обсудили ${t}`,
      (a, b, t) => `${a}: переговоры с ${b} про ${t} идут «конструктивно»`,
      (a, b, t) => `Что ${t} значит для ${a} — и для ${b}`,
      (a, b, t) => `${a} подписал соглашение с ${b} про ${t}`,
    ],
    qualifiers: [
      (n) => ` при товарообороте ${n} млрд долларов`,
      (n) => ` после ${n} часов переговоров`,
      (n) => ` перед ${n}-м раундом`,
      (n) => `: на столе ${n} проектов`,
    ],
    sentences: [
      (a, b, t) => `${a} заявил журналистам, что вопрос про ${t} будет решён «в ближайшие месяцы».`,
      (a, b, t) => `В ${b} отказались комментировать ${t}, сославшись на деликатность переговоров.`,
      (a, b, t) =>
        `Товарооборот России и Китая в прошлом году достиг рекорда, и ${t} должен его увеличить, сказал ${a}.`,
      (a, b, t) => `Критики предупреждают, что ${t} усиливает зависимость от ${a} на фоне западных санкций.`,
    ],
    authors: ['Павел Орлов', 'Анна Смирнова', 'Игорь Ким', 'Мария Волкова'],
    categories: ['Россия', 'Китай', 'Энергетика', 'Дипломатия', 'Торговля', 'Безопасность'],
    readMore: 'Читать далее',
    zone: { label: '+0300', minutes: 180 },
  },
  zh: {
    outlets: [
      { name: '欧亚观察', host: 'ouya-guancha.example.cn' },
      { name: '北方时报', host: 'beifang-shibao.example.cn' },
      { name: '丝路财经', host: 'silu-caijing.example.cn' },
    ],
    actors: [
      '普京',
      '习近平',
      '拉夫罗夫',
      '王毅',
      '俄罗斯天然气工业股份公司',
      '克里姆林宫',
      '北京',
      '莫斯科',
      '中国石油',
    ],
    topics: [
      '西伯利亚力量2号管道',
      '人民币与卢布结算',
      '北方海航道',
      '上合组织峰会',
      '金砖国家支付体系',
      '中俄联合海上演习',
      '粮食出口',
      '二级制裁',
    ],
    headlines: [
      (a, b, t) => `${a}与${b}讨论${t}`,
      (a, b, t) => `${a}称与${b}就${t}的会谈“富有建设性”`,
      (a, b, t) => `分析：${t}对${a}和${b}意味着什么`,
      (a, b, t) => `${a}与${b}签署${t}协议`,
    ],
    qualifiers: [
      (n) => `，贸易额达${n}亿美元`,
      (n) => `，经过${n}小时会谈`,
      (n) => `，第${n}轮谈判前夕`,
      (n) => `，涉及${n}个项目`,
    ],
    sentences: [
      (a, b, t) => `${a}对记者表示，${t}问题将在“几个月内”解决。`,
      (a, b, t) => `${b}方面以谈判敏感为由，拒绝就${t}置评。`,
      (a, b, t) => `去年中俄贸易额创下新高，${a}表示，${t}有望进一步推动双边贸易。`,
      (a, b, t) => `批评人士警告，在西方制裁收紧之际，${t}加深了${b}对${a}的依赖。`,
    ],
    authors: ['李伟', '王芳', '张明', '陈静'],
    categories: ['俄罗斯', '中国', '能源', '外交', '贸易', '安全'],
    readMore: '阅读全文',
    zone: { label: '+0800', minutes: 480 },
  },
};
