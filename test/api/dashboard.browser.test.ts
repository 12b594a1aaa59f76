import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApi } from '../../apps/api/src/create-api.js';
import { modelIdFor } from '../../libs/nlp/src/index.js';
import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { LabelRepository } from '../../libs/scoring/src/index.js';
import { insertDashboardArchive } from '../support/dashboard-archive.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';

const CHROMIUM = '/usr/bin/chromium';
const STANCE_OF: Record<string, string> = { '1': 'supportive', '2': 'neutral', '3': 'critical' };
const MARKUP_TITLE = 'Harbin <img src=x onerror=alert(1)> and <b>bold</b> claims';
/** Chromium resolves it to the API's loopback address: a host name as on a real server, where Swagger UI
 *  would show its validator badge (it hides it for localhost and 127.0.0.1). */
const DOCS_HOST = 'docs.stancewatch.test';
/** Set to a path (e.g. docs/dashboard.png) to save a 1280×800 screenshot of the overview. */
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are checked by the assertions
type Json = any;

describe('the dashboard in Chromium', () => {
  let target: TestDatabase;
  let app: INestApplication;
  let base: string;
  /** The same server under DOCS_HOST. */
  let docsBase: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];
  const dialogs: string[] = [];
  const markupDay = new Date(Date.parse(new Date().toISOString().slice(0, 10)) - 86_400_000 + 12 * 3_600_000);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install chromium\``);
    target = await createTestDatabase();
    await insertDashboardArchive(target.db, {
      seed: 6,
      days: 28,
      model: modelIdFor('builtin', 'nli'),
      extra: [{ title: MARKUP_TITLE, publishedAt: markupDay, outlet: 8 }],
    });
    app = await createApi(testConfig(target.url));
    base = await listenLocally(app);
    docsBase = base.replace('127.0.0.1', DOCS_HOST);
    profile = await mkdtemp(join(tmpdir(), 'stancewatch-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--host-resolver-rules=MAP ${DOCS_HOST} 127.0.0.1`,
      ],
      viewport: { width: 1280, height: 800 },
    });
    await context.addInitScript(
      "addEventListener('securitypolicyviolation', (e) => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));",
    );
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && ![base, docsBase].includes(url.origin))
        foreign.push(request.url());
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error')
        problems.push(`console: ${message.text()} at ${message.location().url}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await app?.close();
    await target?.drop();
  });

  const api = async (path: string, params: Record<string, string>): Promise<Json> => {
    const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
    expect(response.status).toBe(200);
    return response.json();
  };
  const pointsDrawn = async (id: string) => Number(await page.locator(`#${id}`).getAttribute('data-points'));
  const scoredIn = (points: { n: number }[]) => points.reduce((sum, p) => sum + p.n, 0);

  it('serves the page with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${base}/api/v1/feeds`)).headers.get('content-type')).toContain('application/json');
  });

  it('renders the overview charts from the trends API, naming the built-in model', async () => {
    const trends = page.waitForResponse((r) => r.url().includes('/api/v1/trends'));
    await page.goto(`${base}/`);
    const answer = await trends;
    // The dashboard asks for the column form; it carries the figures of the points.
    expect(new URL(answer.url()).searchParams.get('shape')).toBe('columns');
    const { buckets, columns } = await answer.json();
    const scored = (columns.n as number[]).reduce((sum, n) => sum + n, 0);
    await page.locator('#chart-stance canvas').first().waitFor();
    for (const id of ['chart-stance', 'chart-volume', 'chart-shares', 'chart-framing']) {
      const box = await page.locator(`#${id} canvas`).first().boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(50);
      expect(await pointsDrawn(id)).toBe(buckets.length);
    }
    expect(buckets.length).toBeGreaterThan(0);
    expect(scored).toBeGreaterThan(0);
    await expect(page.locator('main').textContent()).resolves.toContain(`${scored} scored articles`);
    await expect(page.locator('#model').textContent()).resolves.toMatch(/built-in.*not analysis/i);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
  });

  it('draws the annotations of the period on every chart and lists them in words', async () => {
    const day = new Date(markupDay.getTime() - 3 * 86_400_000);
    await target.db.query(
      `INSERT INTO annotations (starts_at, ends_at, title, note, created_by) VALUES ($1, $2, 'Xi in Moscow', 'state visit', 'test'),
         ($3, NULL, 'Long ago', NULL, 'test')`,
      [day, new Date(day.getTime() + 2 * 86_400_000), new Date('2001-01-01T00:00:00Z')],
    );
    await page.goto(`${base}/`);
    await page.locator('#chart-stance canvas').first().waitFor();
    const listed = page.locator('ul.annotations li');
    await expect(listed.allTextContents()).resolves.toEqual([
      expect.stringMatching(/: Xi in Moscow \(state visit\)$/),
    ]);
    for (const id of ['chart-stance', 'chart-volume', 'chart-shares', 'chart-framing'])
      expect(await page.locator(`#${id}`).getAttribute('data-annotations')).toBe('1');
    await page.goto(`${base}/?view=compare&groupBy=outlet`);
    await page.locator('.grid.small .chart canvas').first().waitFor();
    expect(await page.locator('.grid.small .chart').first().getAttribute('data-annotations')).toBe('1');
    await expect(page.locator('ul.annotations li').count()).resolves.toBe(1);
    await target.db.query(`DELETE FROM annotations`);
    // The next test starts from the overview, as the one before this left it.
    await page.goto(`${base}/`);
    await page.locator('#chart-stance canvas').first().waitFor();
  });

  it('puts a filter in the URL and asks the API again with it', async () => {
    const weekly = page.waitForRequest((r) => new URL(r.url()).searchParams.get('interval') === 'week');
    await page.selectOption('#filter-interval', 'week');
    await weekly;
    expect(new URL(page.url()).searchParams.get('interval')).toBe('week');
    await page.locator('#chart-stance canvas').first().waitFor();
    const byWeek = await api('/api/v1/trends', { interval: 'week', ...range(page.url()) });
    expect(
      await settled(
        () => pointsDrawn('chart-stance'),
        (v) => v === byWeek.points.length,
      ),
    ).toBe(byWeek.points.length);

    const china = page.waitForRequest(
      (r) => r.url().includes('/api/v1/trends') && new URL(r.url()).searchParams.get('country') === 'CN',
    );
    await page.selectOption('#filter-country', 'CN');
    await china;
    expect(new URL(page.url()).searchParams.getAll('country')).toEqual(['CN']);
    const chinese = await api('/api/v1/trends', { interval: 'week', country: 'CN', ...range(page.url()) });
    expect(scoredIn(chinese.points)).toBeLessThan(scoredIn(byWeek.points));
    expect(
      await settled(
        () => page.locator('main .summary').first().textContent(),
        (v) => String(v).includes(`${scoredIn(chinese.points)} scored articles`),
      ),
    ).toContain(`${scoredIn(chinese.points)} scored articles`);

    await page.reload();
    expect(
      await settled(
        () => page.locator('main .summary').first().textContent(),
        (v) => String(v).includes(`${scoredIn(chinese.points)} scored articles`),
      ),
    ).toContain(`${scoredIn(chinese.points)} scored articles`);
    await expect(page.locator('#filter-country').inputValue()).resolves.toBe('CN');
  });

  it('lists the articles behind a clicked bucket', async () => {
    await page.goto(`${base}/`);
    const over = page.locator('#chart-volume .u-over');
    await over.waitFor();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.locator('#articles').waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.get('view')).toBe('articles');
    const from = params.get('at')!;
    const to = params.get('until')!;
    expect(Date.parse(to) - Date.parse(from)).toBe(86_400_000);
    const listed = await api('/api/v1/articles', { from, to, relevant: 'true', limit: '50' });
    expect(listed.articles.length).toBeGreaterThan(0);
    expect(
      await settled(
        () => page.locator('#articles tbody tr').count(),
        (v) => v === listed.articles.length,
      ),
    ).toBe(listed.articles.length);
    const first = page.locator('#articles tbody tr').first();
    await expect(first.locator('td').first().textContent()).resolves.toBe(listed.articles[0].title);
  });

  it('shows a title with markup as text, reached from the bucket table by keyboard', async () => {
    await page.goto(`${base}/`);
    const label = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      markupDay,
    );
    const open = page.getByRole('button', { name: new RegExp(`^Articles of ${label} `) });
    await open.focus();
    await page.keyboard.press('Enter');
    const row = page.locator('#articles tbody tr', { hasText: MARKUP_TITLE });
    await row.waitFor();
    await expect(row.locator('a').textContent()).resolves.toBe(MARKUP_TITLE);
    expect(await page.locator('main img, main b').count()).toBe(0);

    await page.fill('#article-q', 'Harbin');
    await page.keyboard.press('Enter');
    expect(
      await settled(
        async () => new URL(page.url()).searchParams.get('q'),
        (v) => v === 'Harbin',
      ),
    ).toBe('Harbin');
    expect(
      await settled(
        () => page.locator('#articles tbody tr').count(),
        (v) => v === 1,
      ),
    ).toBe(1);
    await expect(page.locator('#articles tbody a').textContent()).resolves.toBe(MARKUP_TITLE);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('shows feed health, and alerts say plainly what is missing', async () => {
    await page.goto(`${base}/?view=feeds`);
    expect(
      await settled(
        () => page.locator('main tbody tr').count(),
        (v) => v === 10,
      ),
    ).toBe(10);
    await expect(page.locator('main').textContent()).resolves.toContain('HTTP 503 Service Unavailable');
    await page.getByRole('link', { name: 'Alerts' }).click();
    expect(
      await settled(
        () => page.locator('main h3').count(),
        (v) => v >= 3,
      ),
    ).toBeGreaterThanOrEqual(3);
    await expect(page.locator('main').textContent()).resolves.not.toContain('Loading');
  });

  it('links a feed whose URL carries credentials to its host, showing neither them nor "***@"', async () => {
    const [feed] = await target.db.query<{ id: number; url: string }>(
      `UPDATE feeds SET url = regexp_replace(url, '^https://', 'https://reader:s3cret@')
       WHERE id = (SELECT min(id) FROM feeds) RETURNING id, url`,
    );
    await page.goto(`${base}/?view=feeds`);
    await page.locator('main tbody tr').first().waitFor();
    const hrefs = await page
      .locator('main a[href^="http"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(hrefs).toContain(feed.url.replace('reader:s3cret@', ''));
    expect(hrefs.filter((href) => href.includes('@'))).toEqual([]);
    await expect(page.locator('main').innerHTML()).resolves.not.toContain('s3cret');
  });

  it('fits a phone screen 375 px wide: charts shrink, tables scroll in their own region', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/`);
    await page.locator('#chart-stance canvas').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const box = (await page.locator('#chart-stance canvas').first().boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('serves the API docs under their CSP, without the validator badge, and runs a request from them', async () => {
    const before = problems.length;
    await page.goto(`${docsBase}/docs`);
    const operation = page.locator('#operations-feeds-listFeeds');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/feeds');
    await operation.getByRole('button', { name: 'Execute' }).click();
    expect((await answered).status()).toBe(200);
    await expect(
      operation.locator('.live-responses-table .response .response-col_status').first().textContent(),
    ).resolves.toBe('200');
    await expect(
      operation.locator('.live-responses-table tbody .response-col_description').first().textContent(),
    ).resolves.toContain('"feeds"');
    // Off, so no configuration of the page can make it ask validator.swagger.io about this server.
    expect(await page.evaluate('window.ui.getConfigs().validatorUrl')).toBeNull();
    expect(await page.locator('img[alt="Online validator badge"]').count()).toBe(0);
    expect(await page.evaluate('window.__csp || []')).toEqual([]);
    expect(problems.slice(before)).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('turns on corrected shares, says why they stay uncorrected without labels, and shows them once labelled', async () => {
    await page.goto(`${base}/`);
    await page.locator('#chart-shares canvas').first().waitFor();
    const corrected = page.waitForRequest(
      (r) => r.url().includes('/api/v1/trends') && new URL(r.url()).searchParams.get('correction') === 'acc',
    );
    await page.click('.correction-toggle');
    await corrected;
    expect(new URL(page.url()).searchParams.get('correction')).toBe('acc');
    expect(
      await settled(
        () => page.locator('.correction-status').textContent(),
        (v) => /Not corrected/.test(String(v)),
      ),
    ).toMatch(/Not corrected: only 0 gold label\(s\) of the class supportive .*label more/);

    // Twelve gold labels per class, each the model's own label: a model that never errs on them.
    const model = modelIdFor('builtin', 'nli');
    const scored = await target.db.query<{ id: number; label: 'supportive' | 'neutral' | 'critical' }>(
      `SELECT article_id AS id, stance_label AS label FROM (
         SELECT article_id, stance_label, row_number() OVER (PARTITION BY stance_label ORDER BY article_id) AS rank
         FROM article_scores WHERE lens = 'russia-china' AND model = $1) ranked
       WHERE rank <= 12`,
      [model],
    );
    expect(scored).toHaveLength(36);
    const labels = new LabelRepository(target.db);
    for (const { id, label } of scored)
      await labels.put({ articleId: id, lens: 'russia-china', annotator: 'analyst', label, note: null });
    await page.reload();
    expect(
      await settled(
        () => page.locator('.correction-status').textContent(),
        (v) => /^Corrected/.test(String(v)),
      ),
    ).toMatch(
      /Corrected \(adjusted classify-and-count\) from gold labels: 12 supportive, 12 neutral, 12 critical/,
    );
    await expect(
      page.locator('#chart-shares').locator('..').locator('figcaption').textContent(),
    ).resolves.toMatch(/corrected/);
    const buckets = page.locator('table', { has: page.locator('caption', { hasText: 'Buckets' }) });
    const header = await buckets.locator('thead th').allTextContents();
    const column = header.indexOf('Corrected supp. − crit. (95%)');
    expect(column).toBeGreaterThan(0);
    const cells = await buckets.locator(`tbody tr td:nth-child(${column + 1})`).allTextContents();
    expect(cells.some((cell) => /^[+−-]?\d/.test(cell.trim()))).toBe(true);

    await page.click('.correction-toggle');
    expect(
      await settled(
        async () => new URL(page.url()).searchParams.get('correction'),
        (v) => v === null,
      ),
    ).toBeNull();
  });

  it('compares outlets from the trend in columns: each panel counts what the points count', async () => {
    const answered = page.waitForResponse(
      (r) => r.url().includes('/api/v1/trends') && new URL(r.url()).searchParams.has('groupBy'),
    );
    await page.goto(`${base}/?view=compare`);
    const asked = new URL((await answered).url()).searchParams;
    expect(asked.get('shape')).toBe('columns');
    await page.locator('.panel canvas').first().waitFor();
    const params = Object.fromEntries([...asked].filter(([name]) => name !== 'shape'));
    const { series } = await api('/api/v1/trends', params);
    const totals = (series as { key: string; label: string | null; points: { n: number }[] }[])
      .map((s) => ({ name: s.label ?? s.key, n: scoredIn(s.points) }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 12);
    expect(totals.some((t) => t.n > 0)).toBe(true);
    const captions = await page.locator('.panel figcaption').allTextContents();
    expect(captions.map((c) => c.replace(/, mean.*/, ''))).toEqual(
      totals.map((t) => `${t.name}: ${t.n} scored`),
    );
  });

  it('opens an article from the article list: its lens terms marked, its scores, and a label from a button', async () => {
    const { key } = await new ApiKeyRepository(target.db).create('analyst-ui', ['annotate']);
    await page.goto(`${base}/?view=articles`);
    const first = page.locator('#articles tbody tr').first();
    await first.waitFor();
    const title = await first.locator('a').textContent();
    await first.locator('a').click();
    await page.locator('#article-title').waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.get('view')).toBe('article');
    const id = params.get('id')!;
    const detail = await api(`/api/v1/articles/${id}`, {});
    await expect(page.locator('#article-title').textContent()).resolves.toBe(title);
    const inTitle = (detail.terms as { field: string; start: number; end: number }[]).filter(
      (t) => t.field === 'title',
    );
    expect(inTitle.length).toBeGreaterThan(0);
    await expect(page.locator('#article-title mark').allTextContents()).resolves.toEqual(
      inTitle.map((t) => (detail.title as string).slice(t.start, t.end)),
    );
    const scores = page.locator('table', { has: page.locator('caption', { hasText: 'Scores per lens' }) });
    const [score] = detail.scores;
    const cells = await scores.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells.slice(0, 6)).toEqual([
      'russia-china',
      `${score.model.id} (main)`,
      expect.stringContaining(score.stance.label),
      `${Math.round(score.stance.probs.supportive * 100)} %`,
      `${Math.round(score.stance.probs.neutral * 100)} %`,
      `${Math.round(score.stance.probs.critical * 100)} %`,
    ]);
    expect(cells[7]).toContain(score.sentiment.model);
    expect(cells[8]).toContain(score.framing.model);
    await expect(page.locator('#article-labels').textContent()).resolves.toMatch(
      /annotate \(or admin\) scope/,
    );
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.fill('#api-key', key);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page
      .getByRole('group', { name: 'Label for russia-china' })
      .getByRole('button', { name: 'critical' })
      .click();
    const labelled = page.locator('table', {
      has: page.locator('caption', { hasText: 'Labels of this article' }),
    });
    await labelled.locator('tbody tr').first().waitFor();
    await expect(labelled.locator('tbody tr').first().textContent()).resolves.toMatch(/analyst-ui.*critical/);
    const stored = await fetch(`${base}/api/v1/labels?article=${id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(((await stored.json()) as Json).labels.map((l: Json) => [l.annotator, l.label])).toEqual([
      ['analyst-ui', 'critical'],
    ]);
  });

  it('labels ten articles of a sample with the keyboard, undoes one, and the validation counts nine', async () => {
    const { key } = await new ApiKeyRepository(target.db).create('labeller', ['annotate']);
    await page.goto(`${base}/?view=label&n=12`);
    await page.fill('#api-key', key);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('#label-title').waitFor();
    const progress = page.locator('#label-progress');
    await expect(progress.textContent()).resolves.toMatch(/^1 of 12 /);
    expect(new URL(page.url()).searchParams.get('seed')).toMatch(/\S/);
    // The model's label stays hidden until the analyst has answered.
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/the model \(/);
    const firstTitle = await page.locator('#label-title').textContent();
    const answers = ['1', '2', '3', '1', '2', '3', '1', '2', '3', '1'];
    for (const [i, answer] of answers.entries()) {
      await page.keyboard.press(answer);
      expect(
        await settled(
          () => progress.textContent(),
          (v) => String(v).startsWith(`${i + 2} of 12 `),
        ),
      ).toMatch(new RegExp(`^${i + 2} of 12 \\(${i + 1} labelled, 0 skipped\\)`));
      if (i === 0) {
        const reveal = await page.locator('#label-reveal').textContent();
        expect(reveal).toContain(firstTitle);
        expect(reveal).toMatch(
          /you said ▲ supportive; the model \(stancewatch-builtin-nli\) said [▲●▼] \w+ \(\d+ %\)/,
        );
      }
    }
    await page.keyboard.press('u');
    expect(
      await settled(
        () => progress.textContent(),
        (v) => String(v).startsWith('10 of 12 '),
      ),
    ).toMatch(/^10 of 12 \(9 labelled, 0 skipped\)/);
    const validation = await api('/api/v1/validation', { lens: 'russia-china', annotator: 'labeller' });
    expect(validation.n).toBe(9);
    const labels = await fetch(`${base}/api/v1/labels?annotator=labeller`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const stored = ((await labels.json()) as Json).labels as Json[];
    expect(stored.map((l) => l.label).sort()).toEqual(
      answers
        .slice(0, 9)
        .map((a) => STANCE_OF[a])
        .sort(),
    );

    await page.keyboard.press('s');
    expect(
      await settled(
        () => progress.textContent(),
        (v) => String(v).startsWith('11 of 12 '),
      ),
    ).toMatch(/^11 of 12 \(9 labelled, 1 skipped\)/);
    await expect(page.locator('#label-reveal').textContent()).resolves.toMatch(/you skipped it; the model/);

    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto(`${base}/?view=label&lens=no-such-lens`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /unknown lens; available lenses: russia-china/,
    );
  });

  it('shows the validation of the labelled articles: figures, confusion heat maps, a model beside another', async () => {
    const report = await api('/api/v1/validation', {});
    expect(report.n).toBeGreaterThan(0);
    await page.goto(`${base}/?view=validation`);
    const column = page.locator('section.validation-model').first();
    await column.waitFor();
    await expect(column.locator('.validation-headline p').first().textContent()).resolves.toContain(
      `${report.n} labelled articles scored · accuracy ${report.accuracy.toFixed(3)}`,
    );
    // The overall matrix: nine cells, each the API's count, shaded by its share of the gold row.
    const cells = column.locator('table.confusion').first().locator('td');
    await expect(cells.count()).resolves.toBe(9);
    const expected = ['supportive', 'neutral', 'critical'].flatMap((gold) =>
      ['supportive', 'neutral', 'critical'].map((predicted) => String(report.confusion[gold][predicted])),
    );
    await expect(cells.allTextContents()).resolves.toEqual(expected);
    expect(await cells.first().getAttribute('class')).toMatch(/^heat heat-[0-5]$/);
    // One matrix per language of the labelled articles, after the overall one.
    await expect(column.locator('table.confusion').count()).resolves.toBe(
      1 + Object.keys(report.byLanguage).length,
    );
    // A second model side by side (the same one here: the archive has one model), chosen in the page, kept in the URL.
    await page.selectOption('#validation-compare', report.models[0].model);
    await page.locator('section.validation-model').nth(1).waitFor();
    expect(new URL(page.url()).searchParams.get('compare')).toBe(report.models[0].model);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('made no request elsewhere, logged no error and broke no CSP rule', async () => {
    // The alerts and webhooks routes may be absent (404) or locked (401): the page says so, the console too.
    const expectedRefusals =
      /Failed to load resource: the server responded with a status of 40[134].* at .*\/api\/v1\/(alerts|webhooks)/;
    // The label view asked for a lens that does not exist, on purpose.
    const badLens = /status of 400.* at .*\/api\/v1\/labels\/sample\?.*lens=no-such-lens/;
    expect(problems.filter((p) => !expectedRefusals.test(p) && !badLens.test(p))).toEqual([]);
    expect(foreign).toEqual([]);
    expect(await page.evaluate('window.__csp || []')).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

/** The value once it satisfies the check, or the last one read after 10 s (for the assertion to show). */
async function settled<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function range(url: string): Record<string, string> {
  const presetDays = 30;
  const end = Date.parse(new Date().toISOString().slice(0, 10)) + 86_400_000;
  const params = new URL(url).searchParams;
  if (params.get('from') && params.get('to')) return { from: params.get('from')!, to: params.get('to')! };
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(end - presetDays * 86_400_000), to: day(end) };
}
