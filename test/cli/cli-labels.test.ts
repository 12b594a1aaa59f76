import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../libs/db/src/index.js';
import { insertFeed, insertScored, LENS, MODEL, minutesAfter } from '../support/alert-archive.js';
import { stancewatch } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON output is read field by field
type Json = any;

const start = new Date('2025-04-01T00:00:00Z');

interface LabelRow {
  url: string;
  lens: string;
  annotator: string;
  label: string;
  note: string | null;
}

/** What a user checks after an import: the labels stored, by article URL. */
function storedLabels(db: Database): Promise<LabelRow[]> {
  return db.query<LabelRow>(
    `SELECT a.url, l.lens, l.annotator, l.label, l.note
       FROM article_labels l JOIN articles a ON a.id = l.article_id
       ORDER BY a.url, l.lens, l.annotator`,
  );
}

async function articleUrls(db: Database, ids: number[]): Promise<string[]> {
  const rows = await db.query<{ id: number; url: string }>(
    `SELECT id, url FROM articles WHERE id = ANY($1)`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row.url]));
  return ids.map((id) => byId.get(id)!);
}

const jsonLines = (values: unknown[]) => values.map((value) => JSON.stringify(value)).join('\n') + '\n';
const parseLines = (text: string): Json[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('stancewatch labels', () => {
  let target: TestDatabase;
  let env: Record<string, string>;
  let dir: string;
  let ids: number[];
  let urls: string[];
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    target = await createTestDatabase();
    env = { DATABASE_URL: target.url };
    dir = await mkdtemp(join(tmpdir(), 'stancewatch-labels-'));
    const tass = await insertFeed(target.db, 'TASS');
    ids = await insertScored(
      target.db,
      tass,
      Array.from({ length: 12 }, (_, i) => ({
        publishedAt: minutesAfter(start, i * 60),
        label: (['supportive', 'neutral', 'critical'] as const)[i % 3],
        title: `Russia and China talk trade, part ${i}`,
        language: i % 2 === 0 ? 'ru' : 'en',
      })),
    );
    urls = await articleUrls(target.db, ids);
  });

  afterAll(async () => {
    await target.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the good lines by URL or id, and reports each bad line by number with what to change', async () => {
    const lines = [
      { url: urls[0], label: 'supportive', note: 'calls the talks a success' },
      { articleId: ids[1], label: 'critical', annotator: 'bob' },
      'not json',
      { url: urls[2], label: 'positive' },
      { url: urls[2], label: 'neutral', lens: 'russia-india' },
      { url: 'https://nowhere.example/missing', label: 'neutral' },
      { articleId: 987654321, label: 'neutral' },
      { url: urls[3], articleId: ids[3], label: 'neutral' },
      { label: 'neutral' },
      { url: urls[4], label: 'neutral', note: 'x'.repeat(2001) },
      '',
      { articleId: ids[5], label: 'neutral', lens: LENS },
    ];
    await writeFile(
      file('first.jsonl'),
      lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
    );
    const run = await stancewatch(
      ['labels', 'import', '--file', file('first.jsonl'), '--annotator', 'alice'],
      env,
    );
    expect(run).toMatchObject({ code: 0 });
    // Eleven lines read (the blank one is not a line to count), three stored.
    expect(run.stdout).toMatch(/^stored 3 label\(s\), rejected 8 of 11 line\(s\)/);
    const reasons = Object.fromEntries(
      [...run.stdout.matchAll(/^ {2}line (\d+): (.*)$/gm)].map((m) => [Number(m[1]), m[2]]),
    );
    expect(Object.keys(reasons).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reasons[3]).toMatch(/^not valid JSON/);
    expect(reasons[4]).toBe('"label": expected one of supportive, neutral, critical');
    expect(reasons[5]).toBe('unknown lens "russia-india"; configured lenses: russia-china');
    expect(reasons[6]).toBe(
      'no article with the URL https://nowhere.example/missing; import the article first (stancewatch import) or give its "articleId"',
    );
    expect(reasons[7]).toMatch(
      /^no article with id 987654321; give an id from the archive or the article's "url"/,
    );
    expect(reasons[8]).toBe('give either "url" or "articleId" for the article, not both');
    expect(reasons[9]).toBe('no article: add its "url" (as stored) or its "articleId"');
    expect(reasons[10]).toBe('"note": expected at most 2000 characters');

    expect(await storedLabels(target.db)).toEqual(
      [
        {
          url: urls[0],
          lens: LENS,
          annotator: 'alice',
          label: 'supportive',
          note: 'calls the talks a success',
        },
        { url: urls[1], lens: LENS, annotator: 'bob', label: 'critical', note: null },
        { url: urls[5], lens: LENS, annotator: 'alice', label: 'neutral', note: null },
      ].sort((a, b) => a.url.localeCompare(b.url)),
    );
  });

  it('needs an annotator per line or --annotator, and fails when no line could be used or the file cannot be read', async () => {
    await writeFile(file('anonymous.jsonl'), jsonLines([{ url: urls[6], label: 'neutral' }]));
    const anonymous = await stancewatch(
      ['labels', 'import', '--file', file('anonymous.jsonl'), '--json'],
      env,
    );
    expect(anonymous).toMatchObject({ code: 1 });
    expect(JSON.parse(anonymous.stdout)).toEqual({
      file: file('anonymous.jsonl'),
      stored: 0,
      received: 1,
      rejected: [{ line: 1, reason: 'no annotator: add an "annotator" field or pass --annotator NAME' }],
    });
    const missing = await stancewatch(['labels', 'import', '--file', file('no-such.jsonl')], env);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toMatch(/cannot read .*no-such\.jsonl \(ENOENT\)/);
    expect((await storedLabels(target.db)).map((row) => row.url)).not.toContain(urls[6]);
  });

  it("replaces an annotator's label of the same article and lens: the latest counts", async () => {
    await writeFile(
      file('again.jsonl'),
      jsonLines([
        { url: urls[0], label: 'neutral' },
        { url: urls[0], label: 'critical', note: 'on second reading, a warning' },
      ]),
    );
    const run = await stancewatch(
      ['labels', 'import', '--file', file('again.jsonl'), '--annotator', 'alice', '--json'],
      env,
    );
    expect(run).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toMatchObject({ stored: 2, received: 2, rejected: [] });
    const alices = (await storedLabels(target.db)).filter((row) => row.url === urls[0]);
    expect(alices).toEqual([
      {
        url: urls[0],
        lens: LENS,
        annotator: 'alice',
        label: 'critical',
        note: 'on second reading, a warning',
      },
    ]);
  });

  it('exports JSON Lines that import into a fresh archive as the same labels', async () => {
    const run = await stancewatch(['labels', 'export', '--out', file('export.jsonl')], env);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stderr).toMatch(/exported 3 label\(s\) to .*export\.jsonl/);
    const exported = parseLines(await readFile(file('export.jsonl'), 'utf8'));
    expect(exported).toHaveLength(3);
    expect(exported[0]).toEqual({
      url: expect.stringMatching(/^https:\/\/a\.example\//),
      lens: LENS,
      annotator: expect.any(String),
      label: expect.any(String),
      note: expect.anything(),
      labelledAt: expect.any(String),
      title: expect.stringMatching(/^Russia and China talk trade/),
      outlet: 'TASS',
      kind: 'state',
      language: expect.stringMatching(/^(en|ru)$/),
    });
    const times = exported.map((label) => Date.parse(label.labelledAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const bobs = await stancewatch(['labels', 'export', '--annotator', 'bob'], env);
    expect(parseLines(bobs.stdout).map((label) => [label.url, label.annotator])).toEqual([[urls[1], 'bob']]);

    // A fresh archive with the same articles under other ids.
    const fresh = await createTestDatabase();
    try {
      const feed = await insertFeed(fresh.db, 'TASS');
      for (const url of urls)
        await fresh.db.query(
          `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at)
           VALUES ($1, $2::text, sha256(convert_to($2::text, 'UTF8')), 'copy', 'en', $3, 'published', now())`,
          [feed, url, start],
        );
      const imported = await stancewatch(['labels', 'import', '--file', file('export.jsonl')], {
        DATABASE_URL: fresh.url,
      });
      expect(imported).toMatchObject({ code: 0 });
      expect(imported.stdout).toMatch(/^stored 3 label\(s\), rejected 0 of 3 line\(s\)/);
      expect(await storedLabels(fresh.db)).toEqual(await storedLabels(target.db));
    } finally {
      await fresh.drop();
    }
  });

  it("exports CSV with the API's header, one CRLF row per label", async () => {
    const run = await stancewatch(['labels', 'export', '--csv', '--lens', LENS], env);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = run.stdout.trimEnd().split('\r\n');
    expect(header).toBe(
      '"article_id","lens","annotator","label","note","labelled_at","url","title","outlet","kind","language"',
    );
    expect(rows).toHaveLength(3);
    expect(rows.some((row) => row.startsWith(`${ids[1]},"${LENS}","bob","critical",,`))).toBe(true);
    const none = await stancewatch(['labels', 'export', '--csv', '--lens', 'russia-india'], env);
    expect(none.stdout).toBe(`${header}\r\n`);
    expect(none.stderr).toMatch(/exported 0 label\(s\)/);
  });

  it("draws a sample again with its seed, without the annotator's labelled articles", async () => {
    const sample = async (seed: string, annotator = 'alice') => {
      const run = await stancewatch(
        [
          'labels',
          'sample',
          '--model',
          MODEL,
          '--n',
          '5',
          '--seed',
          seed,
          '--annotator',
          annotator,
          '--json',
        ],
        env,
      );
      expect(run).toMatchObject({ code: 0 });
      return JSON.parse(run.stdout) as Json;
    };
    const first = await sample('s1');
    // 12 scored articles; alice labelled two of them (0 and 5).
    expect(first.sample).toMatchObject({
      lens: LENS,
      model: MODEL,
      annotator: 'alice',
      seed: 's1',
      n: 5,
      stratify: null,
      eligible: 10,
      strata: [{ key: 'all', eligible: 10, drawn: 5 }],
    });
    const drawn = first.articles.map((article: Json) => article.id);
    expect(drawn).toHaveLength(5);
    expect(drawn.filter((id: number) => [ids[0], ids[5]].includes(id))).toEqual([]);
    expect((await sample('s1')).articles.map((article: Json) => article.id)).toEqual(drawn);
    expect((await sample('s2')).articles.map((article: Json) => article.id)).not.toEqual(drawn);
    // Bob labelled one article: his sample is drawn from the other eleven.
    expect((await sample('s1', 'bob')).sample.eligible).toBe(11);

    const text = await stancewatch(
      [
        'labels',
        'sample',
        '--model',
        MODEL,
        '--n',
        '4',
        '--seed',
        's1',
        '--stratify',
        'language',
        '--annotator',
        'alice',
      ],
      env,
    );
    expect(text).toMatchObject({ code: 0 });
    const [head, strata, ...rows] = text.stdout.trimEnd().split('\n');
    expect(head).toBe(
      'seed s1: 4 of 10 eligible article(s) for alice (lens russia-china, model model-a); the same seed draws them again',
    );
    // Alice labelled article 0 (Russian) and 5 (English): five of each language are left.
    expect(strata).toBe('strata by language: en 2 of 5, ru 2 of 5');
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const id = Number(row.trim().split(/\s+/)[0]);
      expect(ids).toContain(id);
      expect(row).toContain('TASS');
      expect(row.endsWith(urls[ids.indexOf(id)])).toBe(true);
    }
  });

  it('refuses a sample without an annotator or with a bad size, as usage errors', async () => {
    const noAnnotator = await stancewatch(['labels', 'sample', '--model', MODEL], env);
    expect(noAnnotator).toMatchObject({ code: 2 });
    expect(noAnnotator.stderr).toMatch(/--annotator/);
    const badSize = await stancewatch(['labels', 'sample', '--annotator', 'alice', '--n', '0'], env);
    expect(badSize).toMatchObject({ code: 2 });
    expect(badSize.stderr).toMatch(/--n expects a whole number from 1 to 1000, got "0"/);
    const badLens = await stancewatch(['labels', 'summary', '--lens', 'russia-india'], env);
    expect(badLens).toMatchObject({ code: 2 });
    expect(badLens.stderr).toMatch(/unknown lens "russia-india"; available lenses: russia-china/);
  });

  it('summarises a hand-worked set: gold labels by majority, a tie disputed, alpha 1/7', async () => {
    const summaryDb = await createTestDatabase();
    try {
      const feed = await insertFeed(summaryDb.db, 'TASS');
      const articles = await insertScored(
        summaryDb.db,
        feed,
        (['ru', 'en', 'zh'] as const).map((language, i) => ({
          publishedAt: minutesAfter(start, i),
          label: 'neutral' as const,
          language,
        })),
      );
      const [one, two, three] = articles;
      // The units of gold-labels.spec.ts; alice first labels article one supportive, then critical.
      await writeFile(
        file('hand-worked.jsonl'),
        jsonLines([
          { articleId: one, label: 'supportive', annotator: 'alice' },
          { articleId: one, label: 'critical', annotator: 'alice' },
          { articleId: one, label: 'critical', annotator: 'bob' },
          { articleId: two, label: 'supportive', annotator: 'alice' },
          { articleId: two, label: 'critical', annotator: 'bob' },
          { articleId: three, label: 'neutral', annotator: 'alice' },
          { articleId: three, label: 'neutral', annotator: 'bob' },
          { articleId: three, label: 'critical', annotator: 'carol' },
        ]),
      );
      const summaryEnv = { DATABASE_URL: summaryDb.url };
      const imported = await stancewatch(
        ['labels', 'import', '--file', file('hand-worked.jsonl')],
        summaryEnv,
      );
      expect(imported).toMatchObject({ code: 0 });

      const json = await stancewatch(['labels', 'summary', '--json'], summaryEnv);
      expect(json).toMatchObject({ code: 0 });
      const summary = JSON.parse(json.stdout);
      expect(summary).toMatchObject({
        lens: LENS,
        labels: 7,
        articles: 3,
        annotators: [
          { annotator: 'alice', labels: 3 },
          { annotator: 'bob', labels: 3 },
          { annotator: 'carol', labels: 1 },
        ],
        gold: { supportive: 0, neutral: 1, critical: 1 },
        disputed: 1,
        byLanguage: {
          ru: { supportive: 0, neutral: 0, critical: 1, disputed: 0 },
          en: { supportive: 0, neutral: 0, critical: 0, disputed: 1 },
          zh: { supportive: 0, neutral: 1, critical: 0, disputed: 0 },
        },
        agreement: { units: 3, values: 7, annotators: 3 },
      });
      expect(summary.agreement.alpha).toBeCloseTo(1 / 7, 12);

      const text = await stancewatch(['labels', 'summary'], summaryEnv);
      expect(text).toMatchObject({ code: 0 });
      expect(text.stdout).toContain('lens russia-china: 7 label(s) of 3 article(s)\n');
      expect(text.stdout).toContain('annotators: alice 3, bob 3, carol 1\n');
      expect(text.stdout).toContain(
        'gold labels (majority): supportive 0, neutral 1, critical 1; disputed (tied) 1\n',
      );
      expect(text.stdout).toContain('  en: supportive 0, neutral 0, critical 0, disputed 1\n');
      expect(text.stdout).toContain(
        "Krippendorff's alpha (nominal): 0.143 over 3 article(s) labelled twice or more, 7 label(s)\n",
      );
    } finally {
      await summaryDb.drop();
    }
  });
});
