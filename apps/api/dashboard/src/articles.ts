/** Articles: those behind a bucket, or found by full-text search, with their stance; CSV of what is shown. */
import { getCsv, getJson } from './api.js';
import { button, h, message, replace, type Child } from './dom.js';
import { dateTime, signed, stanceChip } from './format.js';
import { articleLink } from './links.js';
import { filterParams, navigate, type State } from './state.js';
import type { ArticleListItem, ListArticlesResponse } from './api-types.js';
import type { ViewContext } from './view.js';

const PAGE = 50;

function query(state: State): URLSearchParams {
  const bucket = state.at && state.until ? { from: state.at, to: state.until } : undefined;
  const params = filterParams(state, bucket);
  // The articles the charts count: those relevant to the lens.
  params.set('relevant', 'true');
  if (state.q) params.set('q', state.q);
  params.set('limit', String(PAGE));
  return params;
}

function searchForm(state: State): HTMLElement {
  const input = h('input', { type: 'search', id: 'article-q', name: 'q', value: state.q, maxlength: 500 });
  const form = h(
    'form',
    { class: 'search', role: 'search' },
    h('label', { for: 'article-q' }, 'Search titles and summaries'),
    input,
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate({ view: 'articles', q: input.value.trim() });
  });
  return form;
}

function row(article: ArticleListItem, tz: string): HTMLElement {
  const stance = article.score?.stance;
  return h(
    'tr',
    {},
    // Titles can be missing from a feed item (the API sends null); the article view links out.
    h('td', { class: 'title' }, articleLink(article.id, article.title ?? '(untitled)')),
    h('td', {}, `${article.outlet} (${article.country}, ${article.language ?? '–'})`),
    h('td', {}, h('time', { datetime: article.publishedAt }, dateTime(article.publishedAt, tz))),
    h('td', {}, stanceChip(stance?.label)),
    h('td', { class: 'num' }, stance ? signed(stance.score) : '–'),
  );
}

/** The CSV of the pages shown, fetched as the API writes it (following its `Link: rel="next"`). */
async function downloadCsv(params: URLSearchParams, pages: number): Promise<void> {
  let page = await getCsv('/api/v1/articles', params);
  let text = page.text;
  for (let fetched = 1; fetched < pages && page.next; fetched += 1) {
    page = await getCsv(page.next);
    text += page.text.slice(page.text.indexOf('\n') + 1);
  }
  const href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = h('a', { href, download: 'stancewatch-articles.csv', hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export async function renderArticles(root: HTMLElement, context: ViewContext): Promise<void> {
  const { state } = context;
  const params = query(state);
  const heading: Child[] = [h('h2', {}, 'Articles'), searchForm(state)];
  if (state.at && state.until) {
    heading.push(
      h(
        'p',
        { class: 'bucket', id: 'bucket-range' },
        `Published from ${dateTime(state.at, state.tz)} to ${dateTime(state.until, state.tz)}. `,
        button('Show the whole period', () => navigate({ at: '', until: '' })),
      ),
    );
  }
  replace(root, ...heading, message('info', 'Loading articles…'));
  let page = await getJson<ListArticlesResponse>('/api/v1/articles', params);
  if (!context.isCurrent()) return;
  let pages = 1;
  const body = h('tbody', {}, ...page.articles.map((article) => row(article, state.tz)));
  const count = h('p', { class: 'summary', role: 'status', id: 'article-count' });
  const more = button('Load more', () => void loadMore(), { class: 'more' });
  const status = h('div', { class: 'actions' });
  const update = () => {
    count.textContent = `${body.rows.length} article${body.rows.length === 1 ? '' : 's'} shown${page.nextCursor ? ' (more available)' : ''}.`;
    more.hidden = !page.nextCursor;
  };
  const loadMore = async () => {
    if (!page.nextCursor) return;
    const next = new URLSearchParams(params);
    next.set('cursor', page.nextCursor);
    page = await getJson<ListArticlesResponse>('/api/v1/articles', next);
    pages += 1;
    for (const article of page.articles) body.append(row(article, state.tz));
    update();
  };
  const csv = button('Export CSV of what is shown', () => {
    downloadCsv(params, pages).catch((error: unknown) => status.append(message('error', String(error))));
  });
  update();
  replace(
    root,
    ...heading,
    count,
    page.articles.length === 0 && message('info', 'No articles match.'),
    h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': 'Articles', tabindex: 0 },
      h(
        'table',
        { id: 'articles' },
        h(
          'caption',
          {},
          'Articles relevant to the lens, newest first; a title opens the article, its scores and labels.',
        ),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Title', 'Outlet', 'Published', 'Stance', 'Score'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        body,
      ),
    ),
    h('div', { class: 'actions' }, more, csv),
    status,
  );
}
