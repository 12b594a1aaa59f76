import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { defaultLens, loadLenses, parseLenses, type Lens } from '../lens.js';
import { findHits } from './find-hits.js';
import { RelevanceFilter } from './relevance-filter.js';
import { endingAtWordEnd } from './term-pattern.js';

const lensesFile = fileURLToPath(new URL('../../../../config/lenses.json', import.meta.url));

function russiaChina(): RelevanceFilter {
  const lens = defaultLens(loadLenses(lensesFile));
  if (!lens) throw new Error('config/lenses.json has no default lens');
  return new RelevanceFilter(lens);
}

function lensWith(relevance: unknown): Lens {
  const hypothesis = { en: 'This text is about it.' };
  const [lens] = parseLenses([
    {
      name: 'test',
      title: 'Test lens',
      default: true,
      relevance,
      stance: { supportive: hypothesis, neutral: hypothesis, critical: hypothesis },
      framing: { cooperation: hypothesis, conflict: hypothesis },
    },
  ]);
  return lens;
}

describe('RelevanceFilter with the default russia-china lens', () => {
  const filter = russiaChina();

  it.each([
    ['Putin meets Xi in Beijing', ['Putin', 'Xi', 'Beijing']],
    [
      'Russia, China vow deeper energy ties as Power of Siberia 2 talks stall',
      ['Russia', 'China', 'Power of Siberia'],
    ],
    ['Kremlin says Xi Jinping to visit Moscow in May', ['Kremlin', 'Xi Jinping', 'Moscow']],
    ['Sino-Russian trade hits record high', ['Sino-Russian']],
    ['Lavrov heads to SCO foreign ministers’ meeting', ['Lavrov', 'SCO']],
    ['Analysis: the limits of the "no-limits" partnership', ['no limits partnership']],
    ['Россия и Китай подписали соглашение', ['Росси*', 'Китай*']],
    ['Путин провёл переговоры с Си Цзиньпином в Кремле', ['Путин*', 'Си Цзиньпин*', 'Кремл*']],
    ['«Газпром» и CNPC обсудили «Силу Сибири 2»', ['Газпром*', 'CNPC', 'Сил* Сибири']],
    ['Сила Сибири 2', ['Сил* Сибири']],
    ['Российско-китайские отношения вышли на новый уровень', ['российско-китайск*']],
    ['Товарооборот с Китаем вырос, сообщил Мишустин', ['Китаем', 'Мишустин*']],
    ['中俄关系', ['中俄']],
    ['习近平同普京举行会谈', ['习近平', '普京']],
    ['俄外长拉夫罗夫将出席上合组织会议', ['俄', '拉夫罗夫', '上合组织']],
    ['習近平與普丁在莫斯科會面', ['習近平', '普丁', '莫斯科']],
    ['普京出席SCO峰会', ['普京', 'SCO']],
  ])('finds %j relevant', (text, terms) => {
    expect(filter.match(text)).toEqual({ relevant: true, terms });
  });

  it.each([
    ['Chinese rocket lands', ['Chinese']],
    ['Russian ballet in Paris', ['Russian*']],
    ['Xi’an museum welcomes Russian tourists', ['Russian*']],
    ['Louis XI and the court of Moscow', ['Moscow']],
    ['BRICS summit opens in Johannesburg', []],
    ['Цены на нефть выросли', []],
    ['Путин наградил учителей', ['Путин*']],
    ['其中，中心', []],
    ['会议中心举行了活动', []],
    ['其中俄罗斯占三成', ['俄罗斯']],
    ['白俄罗斯总统访问中国', ['中国']],
    ['俄亥俄州的中国留学生', ['中国']],
    ['北京时间3月5日，俄罗斯选手夺冠', ['俄罗斯']],
  ])('finds %j not relevant', (text, terms) => {
    expect(filter.match(text)).toEqual({ relevant: false, terms });
  });

  it('reads full-width Latin, ё and invisible soft hyphens the way a reader does', () => {
    expect(filter.match('ＳＣＯ summit opens').relevant).toBe(true);
    expect(filter.match('Кремлёвский источник: Пекин доволен').terms).toEqual(['Кремл*', 'Пекин*']);
    expect(filter.match('Рос\u00ADсия и Ки\u00ADтай').relevant).toBe(true);
    expect(filter.match('Пу\u0301тин прие\u0301хал в Кита\u0301й').terms).toEqual(['Путин*', 'Китай*']);
  });

  it('locates its hits in the text as given, where normalising changed lengths before them', () => {
    const text = 'Рос\u00ADсия и Пу\u0301тин, ＳＣＯ, Кремлёвский';
    const shown = filter.positions(text).map(({ start, end, term }) => [text.slice(start, end), term]);
    expect(shown).toEqual([
      ['Рос\u00ADсия', 'Росси*'],
      ['Пу\u0301тин', 'Путин*'],
      ['ＳＣＯ', 'SCO'],
      ['Кремлёвский', 'Кремл*'],
    ]);
    expect(filter.positions('Xi Jinping meets Putin').map((p) => [p.start, p.end, p.group])).toEqual([
      [0, 10, 'sideB'],
      [17, 22, 'sideA'],
    ]);
  });

  it('lists each term once, in order of first appearance', () => {
    expect(filter.match('China and Russia: Russia needs China').terms).toEqual(['China', 'Russia']);
  });
});

describe('RelevanceFilter term syntax', () => {
  it('matches whole words only, with "*" standing for any further letters', () => {
    const filter = new RelevanceFilter(
      lensWith({ sideA: { en: ['Rus*'] }, sideB: { en: ['Han'] }, bilateral: { en: ['Pact of Rus*'] } }),
    );
    expect(filter.match('Russians meet Han officials').relevant).toBe(true);
    expect(filter.match('Russians meet Hanoi officials')).toEqual({ relevant: false, terms: ['Rus*'] });
    expect(filter.match('Prussia meets Han')).toEqual({ relevant: false, terms: ['Han'] });
    expect(filter.match('Prussia and Russia meet Han')).toEqual({ relevant: true, terms: ['Rus*', 'Han'] });
    expect(filter.match('Pact-of-Russia signed')).toEqual({ relevant: true, terms: ['Pact of Rus*'] });
  });

  it('honours case-sensitive terms and ignores case elsewhere', () => {
    const filter = new RelevanceFilter(
      lensWith({
        sideA: { en: ['moscow'] },
        sideB: { en: [{ term: 'Xi', caseSensitive: true }] },
        bilateral: { en: ['zz'] },
      }),
    );
    expect(filter.match('MOSCOW welcomes Xi').relevant).toBe(true);
    expect(filter.match('MOSCOW welcomes XI')).toEqual({ relevant: false, terms: ['moscow'] });
  });

  it('never counts a term inside one of its exception phrases, wherever the term sits in the phrase', () => {
    const filter = new RelevanceFilter(
      lensWith({
        sideA: { zh: [{ term: '俄', except: ['俄亥俄'] }] },
        sideB: { zh: ['美国'] },
        bilateral: { zh: ['无'] },
      }),
    );
    expect(filter.match('俄亥俄州在美国').terms).toEqual(['美国']);
    expect(filter.match('俄军与美国').relevant).toBe(true);
  });

  it('prefers the longer term where two overlap', () => {
    const filter = new RelevanceFilter(
      lensWith({
        sideA: { en: ['Putin'] },
        sideB: { en: ['Xi Jinping', { term: 'Xi', caseSensitive: true }] },
        bilateral: { en: ['zz'] },
      }),
    );
    expect(filter.match('Xi Jinping greets Putin; Xi smiles').terms).toEqual(['Xi Jinping', 'Putin', 'Xi']);
  });
});

describe('a lens term that matches empty text', () => {
  it('is refused by the lens file and by the filter, naming the lens and the term', () => {
    expect(() =>
      lensWith({ sideA: { en: ['*'] }, sideB: { en: ['China'] }, bilateral: { en: ['Sino-Russian'] } }),
    ).toThrow(/relevance\.sideA\.en\[0\]\.term": expected a term with at least one letter or digit/);
    // A lens built in code skips the file's schema: the filter refuses it instead of hanging on a text.
    const lens = lensWith({
      sideA: { en: ['Russia'] },
      sideB: { en: ['China'] },
      bilateral: { en: ['Sino-Russian'] },
    });
    const empty = { term: '*', caseSensitive: false, except: [] };
    const built: Lens = { ...lens, relevance: { ...lens.relevance, sideA: { en: [empty] } } };
    expect(() => new RelevanceFilter(built)).toThrow(
      'lens "test": the term "*" matches empty text; give it at least one letter or digit outside "*"',
    );
  });
});

// Terms that look like something but leave nothing to find once normalised: a full-width asterisk is a "*",
// zero-width characters vanish, and spaces separate words without being one.
const NOTHING_TO_FIND: Array<[string, string]> = [
  ['a full-width asterisk', '＊'],
  ['a full-width asterisk and a space', '＊ '],
  ['a zero-width space', '\u200B'],
  ['a zero-width non-joiner', '\u200C'],
  ['a zero-width joiner', '\u200D'],
  ['a byte-order mark between word joiners', '\u2060\uFEFF\u2060'],
  ['a word joiner', '\u2060'],
  ['every zero-width character', '\u200B\u200C\u200D\uFEFF\u2060'],
  ['"*" between zero-width spaces', '\u200B*\u200B'],
  ['"*" after a word joiner', '\u2060*'],
  ['a full-width asterisk after a zero-width joiner', '\u200D＊'],
  ['a soft hyphen and an asterisk', '\u00AD*'],
  ['quotes and dashes', '"–"'],
];

describe('a term with nothing to find once normalised', () => {
  const relevance = (term: unknown) => ({
    sideA: { en: ['Russia', term] },
    sideB: { en: ['China'] },
    bilateral: { en: ['Sino-Russian'] },
  });

  it.each(NOTHING_TO_FIND)('is refused at load: %s', (_, term) => {
    expect(() => lensWith(relevance(term))).toThrow(
      `lens "test" field "relevance.sideA.en[1].term": expected a term with at least one letter or digit, got "`,
    );
  });

  it('is shown in the error with what a reader cannot see written out', () => {
    expect(() => lensWith(relevance('\u200B*\u200B'))).toThrow('got "\\u{200B}*\\u{200B}"');
    expect(() => lensWith(relevance('\u200C\uFEFF\u200D'))).toThrow('got "\\u{200C}\\u{FEFF}\\u{200D}"');
  });

  it.each(['   ', '\u3000', '\t\n', ' \uFEFF '])('is refused at load when it is white space: %j', (term) => {
    expect(() => lensWith(relevance(term))).toThrow(
      'lens "test" field "relevance.sideA.en[1].term": expected a non-empty term',
    );
  });

  it.each([...NOTHING_TO_FIND, ['white space', ' \u3000 ']])(
    'is refused by the filter in a lens built in code: %s',
    (_, text) => {
      const lens = lensWith(relevance('Moscow'));
      const term = { term: text, caseSensitive: false, except: [] };
      const built: Lens = { ...lens, relevance: { ...lens.relevance, sideA: { en: [term] } } };
      expect(() => new RelevanceFilter(built)).toThrow(
        /^lens "test": the term ".*"(?: matches empty text|: expected a term with at least one letter or digit)/s,
      );
    },
  );

  it('takes a full-width asterisk closing a word for the wildcard it reads as, and refuses it elsewhere', () => {
    const filter = new RelevanceFilter(
      lensWith({ sideA: { ru: ['Росси＊'] }, sideB: { ru: ['Китай'] }, bilateral: { en: ['zz'] } }),
    );
    expect(filter.match('Россия и Китай')).toEqual({ relevant: true, terms: ['Росси＊', 'Китай'] });
    expect(() =>
      lensWith({ sideA: { ru: ['Ро＊ия'] }, sideB: { ru: ['Китай'] }, bilateral: { en: ['zz'] } }),
    ).toThrow('field "relevance.sideA.ru[0].term": a "*" may only end a word');
  });
});

describe('the relevance scan', () => {
  // A watchdog ends the call if the scan loops for ever, so that the test fails instead of hanging.
  const within = <T>(ms: number, work: () => T): T =>
    vm.runInNewContext('work()', { work }, { timeout: ms }) as T;

  it('steps past an empty match instead of looping on it, and still finds the terms after it', () => {
    const matcher = {
      // A term that matches empty text, as no lens can hold any more: it must not stop the scan.
      regex: new RegExp(endingAtWordEnd('(Russia)|(x*)'), 'giu'),
      wholeWords: true,
      terms: [
        { term: 'Russia', group: 'sideA' as const },
        { term: 'x*', group: 'sideB' as const },
      ],
    };
    const hits = within(5_000, () => findHits(matcher, 'Russia 🇷🇺 and x, then Russia'));
    expect(hits.map((hit) => [hit.term.term, hit.start, hit.end])).toEqual([
      ['Russia', 0, 6],
      ['x*', 16, 17],
      ['Russia', 24, 30],
    ]);
  });
});
