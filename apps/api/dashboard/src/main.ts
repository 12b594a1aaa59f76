/** The dashboard: header (model in use), navigation, filters, and the view the URL names. */
import { getJson } from './api.js';
import { renderAlerts } from './alerts.js';
import { renderArticle } from './article.js';
import { renderArticles } from './articles.js';
import { renderCompare } from './compare.js';
import { h, message, replace } from './dom.js';
import { renderFeeds } from './feeds.js';
import { renderLabel } from './label.js';
import { filterBar } from './filters.js';
import { renderOverview } from './overview.js';
import { renderValidation } from './validation.js';
import { STATE_EVENT, navigate, readState, stateSearch, type View } from './state.js';
import type { Feed, ModelInfo } from './api-types.js';
import type { ViewRenderer } from './view.js';

const VIEW_TITLES: Record<View, string> = {
  overview: 'Overview',
  compare: 'Compare',
  articles: 'Articles',
  alerts: 'Alerts',
  feeds: 'Feeds',
  article: 'Article',
  label: 'Label',
  validation: 'Validation',
};
/** The views the navigation lists; the article view is reached from an article's title. */
const NAVIGATION: View[] = ['overview', 'compare', 'articles', 'label', 'validation', 'alerts', 'feeds'];
const RENDERERS: Record<View, ViewRenderer> = {
  overview: renderOverview,
  compare: renderCompare,
  articles: renderArticles,
  alerts: renderAlerts,
  feeds: renderFeeds,
  article: renderArticle,
  label: renderLabel,
  validation: renderValidation,
};
const FILTERED: View[] = ['overview', 'compare', 'articles'];

const nav = document.getElementById('nav')!;
const filters = document.getElementById('filters')!;
const main = document.getElementById('main')!;
const modelLine = document.getElementById('model')!;

let feeds: Feed[] = [];
let generation = 0;
let releases: (() => void)[] = [];

function navigation(view: View): HTMLElement {
  const links = NAVIGATION.map((name) => {
    const link = h(
      'a',
      {
        href: stateSearch({ ...readState(), view: name, at: '', until: '' }) || '?',
        'aria-current': name === view ? 'page' : null,
      },
      VIEW_TITLES[name],
    );
    link.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate({ view: name, at: '', until: '' });
    });
    return h('li', {}, link);
  });
  return h('ul', {}, ...links);
}

async function render(): Promise<void> {
  const state = readState();
  const current = ++generation;
  for (const release of releases) release();
  releases = [];
  replace(nav, navigation(state.view));
  if (FILTERED.includes(state.view)) replace(filters, filterBar(state, feeds));
  else replace(filters);
  document.title = `${VIEW_TITLES[state.view]} · stancewatch`;
  try {
    await RENDERERS[state.view](main, {
      state,
      onDispose: (release) => releases.push(release),
      isCurrent: () => current === generation,
    });
  } catch (error) {
    if (current === generation)
      replace(main, message('error', error instanceof Error ? error.message : String(error)));
  }
}

/** Names the stance model; the built-in one is said to be a toy whose scores are not analysis. */
async function showModel(): Promise<void> {
  try {
    const { models } = await getJson<{ models: ModelInfo[] }>('/api/v1/models');
    const stance = models.find((model) => model.task === 'stance');
    if (!stance) return;
    const children = [
      h('span', {}, `Stance model: ${stance.id} (revision ${stance.revision})`),
      h(
        'span',
        { class: 'note model-series' },
        'Trends are kept per model: another stance model starts new series; ',
        h('code', {}, 'stancewatch reclassify --model ID'),
        ' re-scores the past with it.',
      ),
    ];
    if (stance.builtin)
      children.push(
        h(
          'strong',
          { class: 'builtin' },
          'Built-in lexicon model: it demonstrates the pipeline; its scores are not analysis.',
        ),
      );
    replace(modelLine, ...children);
  } catch (error) {
    replace(modelLine, `Model unknown: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function start(): Promise<void> {
  addEventListener(STATE_EVENT, () => void render());
  addEventListener('popstate', () => void render());
  void showModel();
  try {
    feeds = (await getJson<{ feeds: Feed[] }>('/api/v1/feeds')).feeds;
  } catch {
    // The filter lists stay empty; the view itself says what is wrong.
  }
  await render();
}

void start();
