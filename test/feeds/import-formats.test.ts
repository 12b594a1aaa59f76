import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { createApi } from '../../apps/api/src/create-api.js';
import type { AppConfig } from '../../libs/config/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { stancewatch } from '../support/run-cli.js';
import { testConfig, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';
import { testQueue, removeQueues } from '../support/worker-fixture.js';
import { zipOf } from '../support/zip-file.js';

/** A GDELT DOC 2.0 artlist response, in the shape the API documents (format=json, mode=artlist). */
const GDELT_DOC = JSON.stringify({
  articles: [
    {
      url: 'https://www.rt.com/russia/620001-putin-xi-talks/',
      url_mobile: 'https://www.rt.com/russia/620001-putin-xi-talks/amp/',
      title: 'Putin and Xi agree to deepen strategic partnership',
      seendate: '20250508T142000Z',
      socialimage: 'https://mf.b37mrtl.ru/files/2025.05/article/681c.jpg',
      domain: 'rt.com',
      language: 'English',
      sourcecountry: 'Russia',
    },
    {
      url: 'https://www.scmp.com/news/china/diplomacy/article/3309001/xi-moscow',
      url_mobile: '',
      title: 'Xi arrives in Moscow for Victory Day parade',
      seendate: '20250507T093000Z',
      socialimage: '',
      domain: 'scmp.com',
      language: 'English',
      sourcecountry: 'Hong Kong',
    },
    {
      url: 'https://www.rt.com/sport/620002-football/',
      url_mobile: '',
      title: 'Football results',
      seendate: '20250508T150000Z',
      socialimage: '',
      domain: 'rt.com',
      language: 'Russian',
      sourcecountry: 'United Kingdom',
    },
    {
      url: 'https://www.jornada.com.mx/2025/05/08/mundo/rusia-china',
      url_mobile: '',
      title: 'Rusia y China firman acuerdos',
      seendate: '2025-05-08 14:20',
      socialimage: '',
      domain: 'jornada.com.mx',
      language: 'Spanish',
      sourcecountry: 'Mexico',
    },
    {
      url: 'https://example.tv/1',
      url_mobile: '',
      title: 'Russia and China',
      seendate: '20250508T142000Z',
      socialimage: '',
      domain: 'example.tv',
      language: 'Klingon',
      sourcecountry: 'Russia',
    },
  ],
});

/** A GKG 2.1 row: 27 tab-separated columns, as the codebook lists them. */
function gkgRow(fields: {
  id: string;
  date: string;
  collection?: string;
  source: string;
  document: string;
  tone?: string;
  translation?: string;
  extras?: string;
}): string {
  return [
    fields.id, // GKGRECORDID
    fields.date, // V2.1DATE
    fields.collection ?? '1', // V2SOURCECOLLECTIONIDENTIFIER (1 = WEB)
    fields.source, // V2SOURCECOMMONNAME
    fields.document, // V2DOCUMENTIDENTIFIER
    '', // V1COUNTS
    '', // V2.1COUNTS
    'TAX_FNCACT;TAX_FNCACT_PRESIDENT;LEADER;', // V1THEMES
    'LEADER,112;TAX_FNCACT_PRESIDENT,101;', // V2ENHANCEDTHEMES
    '1#Russia#RS#RS#60#100#RS;1#China#CH#CH#35#105#CH', // V1LOCATIONS
    '1#Russia#RS#RS##60#100#RS#210;1#China#CH#CH##35#105#CH#1070', // V2ENHANCEDLOCATIONS
    'vladimir putin;xi jinping', // V1PERSONS
    'Vladimir Putin,7;Xi Jinping,22', // V2ENHANCEDPERSONS
    'kremlin', // V1ORGANIZATIONS
    'Kremlin,40', // V2ENHANCEDORGANIZATIONS
    fields.tone ?? '2.35294117647059,3.92156862745098,1.56862745098039,5.49019607843137,22.1,0.3,640', // V1.5TONE
    '', // V2.1ENHANCEDDATES
    'wc:640,c1.1:2,c12.1:40,c12.10:61', // V2GCAM
    'https://tass.com/img/1.jpg', // V2.1SHARINGIMAGE
    '', // V2.1RELATEDIMAGES
    '', // V2.1SOCIALIMAGEEMBEDS
    '', // V2.1SOCIALVIDEOEMBEDS
    '', // V2.1QUOTATIONS
    'Vladimir Putin,7;Xi Jinping,22', // V2.1ALLNAMES
    '', // V2.1AMOUNTS
    fields.translation ?? '', // V2.1TRANSLATIONINFO
    fields.extras ?? '', // V2EXTRASXML
  ].join('\t');
}

const GKG = [
  gkgRow({
    id: '20250508143000-0',
    date: '20250508143000',
    source: 'tass.com',
    document: 'https://tass.com/politics/1946001',
    extras:
      '<PAGE_TITLE>Putin, Xi hold talks in Moscow &amp; sign joint statement</PAGE_TITLE><PAGE_AUTHORS>TASS</PAGE_AUTHORS>',
  }),
  gkgRow({
    id: '20250508143000-1',
    date: '20250508143000',
    source: 'tass.com',
    document: 'https://tass.com/sport/1946002',
    tone: '-4.1,1.2,5.3,6.5,20.0,0.0,300',
    extras: '<PAGE_TITLE>Hockey: the final</PAGE_TITLE>',
  }),
  // A citation-only record: no web page, so no URL to import. Skipped and counted.
  gkgRow({
    id: '20250508143000-2',
    date: '20250508143000',
    collection: '2',
    source: 'Foreign Affairs',
    document: 'Smith, J. (2025). Russia and China. Foreign Affairs 104(3)',
  }),
  gkgRow({
    id: '20250508143000-T3',
    date: '20250508143000',
    source: 'ria.ru',
    document: 'https://ria.ru/20250508/si-1.html',
    translation: 'srclc:rus;eng:GT-RUS 1.0',
    extras: '<PAGE_TITLE>Путин и Си Цзиньпин подписали заявление</PAGE_TITLE>',
  }),
  // Bad rows, by line: a truncated row, a bad date, no page title.
  gkgRow({ id: 'x', date: '20250508143000', source: 'a', document: 'https://a.example/1' })
    .split('\t')
    .slice(0, 20)
    .join('\t'),
  gkgRow({ id: '20250508143000-5', date: '2025-05-08', source: 'a', document: 'https://a.example/2' }),
  gkgRow({ id: '20250508143000-6', date: '20250508143000', source: 'a', document: 'https://a.example/3' }),
].join('\n');

/** A Media Cloud story CSV as search.mediacloud.org writes it: CRLF, quoted titles, a BOM. */
const MEDIA_CLOUD =
  '\uFEFF' +
  [
    'id,indexed_date,language,media_name,media_url,publish_date,title,url',
    '8d9c1e2f,2025-05-08 14:32:10.123456,en,globaltimes.cn,globaltimes.cn,2025-05-08,"China, Russia vow to ""jointly safeguard"" order",https://www.globaltimes.cn/page/202505/1333001.shtml',
    'a1b2c3d4,2025-05-09T08:01:00,ru,ria.ru,ria.ru,,"Путин и Си Цзиньпин\r\nобсудили сотрудничество",https://ria.ru/20250509/1.html',
    'ffff0001,2025-05-09 09:00:00,en,globaltimes.cn,globaltimes.cn,last week,Bad date,https://www.globaltimes.cn/page/202505/1333002.shtml',
    `ffff0002,2025-05-09 09:00:00,en,globaltimes.cn,globaltimes.cn,2025-05-09,"${'x'.repeat(1_100_000)}",https://www.globaltimes.cn/page/202505/1333003.shtml`,
    'ffff0003,2025-05-09 09:00:00,zh,globaltimes.cn,globaltimes.cn,2025-05-09,俄中关系,https://www.globaltimes.cn/page/202505/1333004.shtml',
  ].join('\r\n') +
  '\r\n';

/** The legacy v2 API's story list: other column names and order, collect_date for indexed_date. */
const MEDIA_CLOUD_V2 = [
  'stories_id,publish_date,title,url,language,ap_syndicated,themes,media_id,media_name,media_url,collect_date',
  '1953000001,2019-06-05 12:00:00,Xi visits Moscow,https://www.themoscowtimes.com/2019/06/05/xi-a1,en,False,,1707,themoscowtimes.com,https://www.themoscowtimes.com,2019-06-05 13:01:02.5',
].join('\n');

describe('importing the real export formats', () => {
  let target: TestDatabase;
  let config: AppConfig;
  let env: Record<string, string>;
  let classifyQueue: Queue;
  let dir: string;

  beforeAll(async () => {
    target = await createTestDatabase();
    config = testConfig(target.url);
    env = testEnvironment(target.url, { QUEUE_PREFIX: config.queuePrefix });
    classifyQueue = testQueue(config, QueueName.Classify);
    dir = mkdtempSync(join(tmpdir(), 'stancewatch-formats-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await removeQueues(classifyQueue);
    await target.drop();
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const importJson = async (args: string[]) => {
    const run = await stancewatch(['import', ...args, '--json'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };
  const article = async (url: string) =>
    (
      await target.db.query<Record<string, unknown>>(
        `SELECT a.title, a.language, a.published_at, a.published_at_source, a.gdelt_tone, a.is_relevant,
           f.url AS feed_url, f.country AS feed_country, f.language AS feed_language
         FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.canonical_url = $1`,
        [url],
      )
    )[0];

  it('imports a GDELT DOC artlist: codes from English names, the domain as outlet, disagreements counted', async () => {
    const path = file('artlist.json', GDELT_DOC);
    const result = await importJson(['--file', path]);
    expect(result).toMatchObject({ received: 5, imported: 3, duplicates: 0, relevant: 2 });
    expect(result.rejected).toEqual([
      {
        line: 4,
        reason: expect.stringMatching(/^seendate: expected GDELT's form such as "20250508T142000Z"/),
      },
      { line: 5, reason: 'language: "Klingon" is not a language name stancewatch knows' },
    ]);
    // rt.com: the first record said Russia and English; the third says United Kingdom and Russian.
    expect(result.disagreements).toEqual(
      expect.arrayContaining([
        { outlet: 'rt.com', field: 'country', kept: 'RU', count: 1 },
        { outlet: 'rt.com', field: 'language', kept: 'en', count: 1 },
      ]),
    );
    expect(result.disagreements).toHaveLength(2);
    const rt = await article('https://www.rt.com/russia/620001-putin-xi-talks/');
    expect(rt).toMatchObject({
      feed_url: 'import:rt.com',
      feed_country: 'RU',
      feed_language: 'en',
      language: 'en',
      published_at_source: 'published',
      gdelt_tone: null,
      is_relevant: true,
    });
    expect((rt.published_at as Date).toISOString()).toBe('2025-05-08T14:20:00.000Z');
    // The article keeps its own language; only the outlet's feed keeps the first.
    expect(await article('https://www.rt.com/sport/620002-football/')).toMatchObject({
      language: 'ru',
      feed_country: 'RU',
    });
    expect(
      await article('https://www.scmp.com/news/china/diplomacy/article/3309001/xi-moscow'),
    ).toMatchObject({
      feed_country: 'HK',
    });

    // Again: nothing twice, and the text report says so, with the disagreements.
    const again = await stancewatch(['import', '--file', path], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^imported 0, duplicates 3, relevant 0, rejected 2 of 5 line\(s\)/);
    expect(again.stdout).toMatch(
      /rt\.com: 1 record\(s\) gave another country than RU, which the outlet keeps/,
    );
    expect(again.stdout).toMatch(/line 5: language: "Klingon"/);
  });

  it('imports GKG 2.1 rows, plain or zipped: URL, date, outlet, page title and tone; non-web rows skipped', async () => {
    const result = await importJson(['--file', file('20250508143000.gkg.csv', GKG + '\n')]);
    expect(result).toMatchObject({ received: 7, imported: 3, skipped: 1, duplicates: 0, relevant: 2 });
    expect(result.rejected).toEqual([
      { line: 5, reason: 'expected 27 tab-separated GKG 2.1 columns, found 20' },
      { line: 6, reason: 'V2.1DATE: expected YYYYMMDDHHMMSS such as 20250508142000, found "2025-05-08"' },
      { line: 7, reason: expect.stringMatching(/^title: missing/) },
    ]);
    const tass = await article('https://tass.com/politics/1946001');
    expect(tass).toMatchObject({
      title: 'Putin, Xi hold talks in Moscow & sign joint statement',
      feed_url: 'import:tass.com',
      gdelt_tone: 2.35294117647059,
      is_relevant: true,
    });
    expect((tass.published_at as Date).toISOString()).toBe('2025-05-08T14:30:00.000Z');
    expect(await article('https://tass.com/sport/1946002')).toMatchObject({
      gdelt_tone: -4.1,
      is_relevant: false,
    });
    // The translingual stream's source language; relevance on the (Russian) title.
    expect(await article('https://ria.ru/20250508/si-1.html')).toMatchObject({
      language: 'ru',
      is_relevant: true,
    });

    // GDELT ships the same file as .gkg.csv.zip: the same rows, read unzipped, import nothing twice;
    // a new row in it is imported.
    const more = gkgRow({
      id: '20250508144500-0',
      date: '20250508144500',
      source: 'tass.com',
      document: 'https://tass.com/politics/1946010',
      extras: '<PAGE_TITLE>Lavrov and Wang Yi meet</PAGE_TITLE>',
    });
    const zipped = file(
      '20250508144500.gkg.csv.zip',
      zipOf([{ name: '20250508144500.gkg.csv', content: Buffer.from(GKG + '\n' + more + '\n') }]),
    );
    const fromZip = await importJson(['--file', zipped]);
    expect(fromZip).toMatchObject({ received: 8, imported: 1, duplicates: 3, skipped: 1 });
    expect(await article('https://tass.com/politics/1946010')).toMatchObject({
      title: 'Lavrov and Wang Yi meet',
    });

    const twoFiles = file(
      'two.zip',
      zipOf([
        { name: 'a.csv', content: Buffer.from(GKG) },
        { name: 'b.csv', content: Buffer.from(GKG) },
      ]),
    );
    const refused = await stancewatch(['import', '--file', twoFiles], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/two\.zip: the archive holds 2 files \(a\.csv, b\.csv\); expected one/);
  });

  it('imports a Media Cloud story CSV: a date alone is that day, none falls back to indexed_date, said so', async () => {
    const result = await importJson(['--file', file('mediacloud.csv', MEDIA_CLOUD)]);
    expect(result).toMatchObject({ received: 5, imported: 3, duplicates: 0 });
    expect(result.rejected).toEqual([
      { line: 5, reason: 'publish_date: expected a date such as 2025-05-08, found "last week"' },
      { line: 6, reason: expect.stringMatching(/^longer than 1,000,000 characters/) },
    ]);
    // globaltimes.cn said en first, then zh: the feed keeps en and counts one disagreement.
    expect(result.disagreements).toEqual([
      { outlet: 'globaltimes.cn', field: 'language', kept: 'en', count: 1 },
    ]);
    const gt = await article('https://www.globaltimes.cn/page/202505/1333001.shtml');
    expect(gt).toMatchObject({
      title: 'China, Russia vow to "jointly safeguard" order',
      feed_url: 'import:globaltimes.cn',
      published_at_source: 'published',
    });
    expect((gt.published_at as Date).toISOString()).toBe('2025-05-08T00:00:00.000Z');
    // The quoted title spanned two lines (so the next record is line 5, not 4).
    const ria = await article('https://ria.ru/20250509/1.html');
    expect(ria).toMatchObject({
      title: 'Путин и Си Цзиньпин обсудили сотрудничество',
      published_at_source: 'indexed',
    });
    expect((ria.published_at as Date).toISOString()).toBe('2025-05-09T08:01:00.000Z');

    const legacy = await importJson(['--file', file('v2.csv', MEDIA_CLOUD_V2)]);
    expect(legacy).toMatchObject({ received: 1, imported: 1, rejected: [] });
    const mt = await article('https://www.themoscowtimes.com/2019/06/05/xi-a1');
    expect((mt.published_at as Date).toISOString()).toBe('2019-06-05T12:00:00.000Z');
    expect(mt).toMatchObject({ feed_url: 'import:themoscowtimes.com', published_at_source: 'published' });
  });

  it('imports any CSV with --map, and says in one line what is wrong with a file it cannot read', async () => {
    const csv = file(
      'sheet.csv',
      [
        'link,headline,date,source',
        'https://www.reuters.com/world/china/xi-putin-2025-05-08/,"Xi, Putin hail ties",2025-05-08T12:00:00Z,Reuters',
        'https://www.reuters.com/world/2/,Weather,2025-05-08T12:00:00Z,Reuters',
        'not-a-url,Russia and China,2025-05-08T12:00:00Z,Reuters',
      ].join('\n'),
    );
    const mapped = await importJson([
      '--file',
      csv,
      '--map',
      'url=link,title=headline,publishedAt=date,outlet=source',
    ]);
    expect(mapped).toMatchObject({ received: 3, imported: 2, relevant: 1 });
    expect(mapped.rejected).toEqual([
      { line: 4, reason: expect.stringMatching(/^url: expected an http\(s\) URL/) },
    ]);
    expect(await article('https://www.reuters.com/world/china/xi-putin-2025-05-08/')).toMatchObject({
      title: 'Xi, Putin hail ties',
      feed_url: 'import:Reuters',
    });

    const wrongColumn = await stancewatch(['import', '--file', csv, '--map', 'url=href'], env);
    expect(wrongColumn.code).toBe(1);
    expect(wrongColumn.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrongColumn.stderr).toMatch(
      /--map: column "href" is not in the header \(link, headline, date, source\)/,
    );

    const mapOnGkg = await stancewatch(
      ['import', '--file', file('rows.gkg.csv', GKG), '--map', 'url=link'],
      env,
    );
    expect(mapOnGkg.code).toBe(1);
    expect(mapOnGkg.stderr).toMatch(/--map is for a CSV with a header; this file reads as gdelt-gkg/);
    const badFormat = await stancewatch(['import', '--file', csv, '--format', 'xml'], env);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(
      /Allowed choices are auto, jsonl, gdelt-doc, gdelt-gkg, mediacloud-csv, csv/,
    );

    const unknown = await stancewatch(
      ['import', '--file', file('notes.txt', 'just some notes\nand more\n')],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(
      /notes\.txt: cannot tell the format: expected JSON Lines .* GDELT GKG 2\.1 .* --format/,
    );

    const limited = await stancewatch(
      ['import', '--file', file('limit.json', 'Please limit requests to one every 5 seconds')],
      env,
    );
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/GDELT's rate-limit message, not an export/);

    // An explicit format wins over detection: the artlist read as JSON Lines is one record without a URL.
    const forced = await stancewatch(
      ['import', '--file', file('forced.json', GDELT_DOC), '--format', 'jsonl', '--json'],
      env,
    );
    expect(forced.code).toBe(1);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      received: 1,
      imported: 0,
      rejected: [{ line: 1, reason: expect.stringMatching(/^url: missing/) }],
    });
  });
});

describe('importing the real export formats through the API', () => {
  const ADMIN_KEY = 'test-admin-key-0123456789';
  let target: TestDatabase;
  let app: INestApplication;
  let base: string;
  let classifyQueue: Queue;

  beforeAll(async () => {
    target = await createTestDatabase();
    const config = testConfig(target.url, { ADMIN_API_KEY: ADMIN_KEY });
    app = await createApi(config);
    base = await listenLocally(app);
    classifyQueue = testQueue(config, QueueName.Classify);
  });

  afterAll(async () => {
    await app.close();
    await removeQueues(classifyQueue);
    await target.drop();
  });

  const post = (body: string | Buffer, contentType: string, query = '', key: string | null = ADMIN_KEY) =>
    fetch(`${base}/api/v1/articles/import${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
  const ok = async (response: Response): Promise<any> => {
    const body = await response.json();
    expect({ status: response.status, body }).toMatchObject({ status: 200 });
    return body;
  };

  it('takes a GDELT artlist answer as JSON, as it comes, and tells it from stancewatch records', async () => {
    const result = await ok(await post(GDELT_DOC, 'application/json'));
    expect(result).toMatchObject({ received: 5, imported: 3, relevant: 2, skipped: 0 });
    expect(result.rejected.map((r: { line: number }) => r.line)).toEqual([4, 5]);
    expect(result.disagreements).toHaveLength(2);
    const [feed] = await target.db.query<{ country: string }>(
      `SELECT country FROM feeds WHERE url = 'import:rt.com'`,
    );
    expect(feed.country).toBe('RU');
    // Again, named explicitly: nothing twice.
    expect(await ok(await post(GDELT_DOC, 'application/json', '?format=gdelt-doc'))).toMatchObject({
      imported: 0,
      duplicates: 3,
    });
  });

  it('takes CSV, GKG rows and a zip, by content type or the format parameter', async () => {
    const mediaCloud = await ok(
      await post(MEDIA_CLOUD.replace(/x{1100000}/, 'Russia and China'), 'text/csv'),
    );
    expect(mediaCloud).toMatchObject({ received: 5, imported: 4, rejected: [{ line: 5 }] });

    const gkg = await ok(await post(GKG, 'text/tab-separated-values'));
    expect(gkg).toMatchObject({ received: 7, imported: 3, skipped: 1 });
    const [tone] = await target.db.query<{ gdelt_tone: number }>(
      `SELECT gdelt_tone FROM articles WHERE canonical_url = 'https://tass.com/politics/1946001'`,
    );
    expect(tone.gdelt_tone).toBeCloseTo(2.35294117647059, 12);
    // The tone is shown beside the model's sentiment: in the article, and in the list as JSON and CSV.
    const [{ id }] = await target.db.query<{ id: number }>(
      `SELECT id FROM articles WHERE canonical_url = 'https://tass.com/politics/1946001'`,
    );
    const read = (path: string, accept = 'application/json') =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, accept } });
    expect(await ok(await read(`/api/v1/articles/${id}`))).toMatchObject({ gdeltTone: 2.35294117647059 });
    const list = await ok(await read('/api/v1/articles?outlet=tass.com&limit=10'));
    expect(list.articles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id, gdeltTone: 2.35294117647059 }),
        expect.objectContaining({ gdeltTone: -4.1 }),
      ]),
    );
    const csv = (await (await read('/api/v1/articles?outlet=tass.com&limit=10', 'text/csv')).text()).split(
      '\r\n',
    );
    // The score columns end the row and hold no commas, so they can be read from the end.
    const header = csv[0].split(',').map((name) => name.replace(/"/g, ''));
    expect(header.slice(-3)).toEqual(['sentiment_score', 'gdelt_tone', 'framing_score']);
    const cells = csv.find((line) => line.startsWith(`${id},`))!.split(',');
    expect(Number(cells.at(-2))).toBeCloseTo(2.35294117647059, 12);
    // text/plain with the format named: the same rows, all duplicates now.
    expect(await ok(await post(GKG, 'text/plain', '?format=gdelt-gkg'))).toMatchObject({
      imported: 0,
      duplicates: 3,
    });

    const row = gkgRow({
      id: '20250508150000-0',
      date: '20250508150000',
      source: 'xinhuanet.com',
      document: 'https://english.news.cn/20250508/c-1.htm',
      extras: '<PAGE_TITLE>Xi, Putin hold talks</PAGE_TITLE>',
    });
    const zip = zipOf([{ name: '20250508150000.gkg.csv', content: Buffer.from(row + '\n') }]);
    expect(await ok(await post(zip, 'application/zip'))).toMatchObject({ imported: 1, relevant: 1 });

    const sheet = 'link,headline,date\nhttps://www.reuters.com/world/x/,Xi and Putin,2025-05-08T12:00:00Z\n';
    expect(
      await ok(await post(sheet, 'text/csv', '?map=url%3Dlink%2Ctitle%3Dheadline%2CpublishedAt%3Ddate')),
    ).toMatchObject({
      imported: 1,
    });
  });

  const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;

  it('answers 400 with what was expected, keeps the admin rule and the body limit', async () => {
    const unknown = await post('just some notes\n', 'text/plain');
    expect(unknown.status).toBe(400);
    expect(await detail(unknown)).toMatch(/^body: cannot tell the format: expected JSON Lines/);

    const badFormat = await post(GKG, 'text/plain', '?format=xml');
    expect(badFormat.status).toBe(400);
    expect(await detail(badFormat)).toMatch(/format: expected one of auto, jsonl, gdelt-doc/);

    const notJson = await post(GDELT_DOC, 'application/json', '?format=gdelt-gkg');
    expect(notJson.status).toBe(400);
    expect(await detail(notJson)).toMatch(/gdelt-gkg is not JSON/);

    const noUrlColumn = await post('a,b\n1,2\n', 'text/csv', '?map=title%3Db');
    expect(noUrlColumn.status).toBe(400);
    expect(await detail(noUrlColumn)).toMatch(/the CSV has no column for url, publishedAt/);

    expect((await post(MEDIA_CLOUD, 'text/csv', '', null)).status).toBe(401);
    expect((await post('x'.repeat(6 * 1024 * 1024), 'text/csv')).status).toBe(413);
  });
});
