/**
 * One article: its text with the lens terms that made it relevant marked, its scores per lens and model
 * with each probability and the model that made it, the other copies of its story, and its labels, with
 * buttons to label it (an `annotate` or admin key in the shared access-key field).
 */
import { ApiError, getJson, sendJson, storedKey } from './api.js';
import { button, externalLink, h, message, replace, table, type Child } from './dom.js';
import { dateTime, percent, signed, stanceChip } from './format.js';
import { keyForm } from './key-form.js';
import { articleLink } from './links.js';
import type { ArticleDetail, LabelPage } from './api-types.js';
import type { ViewContext } from './view.js';

type Term = ArticleDetail['terms'][number];
type StanceLabel = ArticleDetail['scores'][number]['stance']['label'];
export const STANCES: StanceLabel[] = ['supportive', 'neutral', 'critical'];
const GROUP_NAMES: Record<Term['group'], string> = {
  sideA: 'first side',
  sideB: 'second side',
  bilateral: 'the relationship itself',
};

/** The text with each term's span in a `mark` (left to right, overlaps dropped); the rest as plain text. */
export function highlighted(text: string, terms: Term[]): Child[] {
  const spans = [...terms].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: Child[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end <= span.start) continue;
    parts.push(text.slice(at, span.start));
    parts.push(
      h(
        'mark',
        {
          class: `term term-${span.group}`,
          title: `${span.term} (${span.lens}: ${GROUP_NAMES[span.group]})`,
        },
        text.slice(span.start, span.end),
      ),
    );
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts;
}

function scoresTable(article: ArticleDetail, tz: string): HTMLElement {
  if (article.scores.length === 0)
    return message('info', 'Not scored yet: the classify worker has not reached this article.');
  return table(
    'Scores per lens and model: each label’s probability, and the model that made each part',
    [
      'Lens',
      'Stance model',
      'Stance',
      'P(supportive)',
      'P(neutral)',
      'P(critical)',
      'Score',
      'Sentiment (model)',
      'Cooperation / conflict (model)',
      'Classified',
    ],
    article.scores.map((score) => [
      score.lens,
      `${score.model.id} (${score.model.revision})`,
      stanceChip(score.stance.label),
      percent(score.stance.probs.supportive),
      percent(score.stance.probs.neutral),
      percent(score.stance.probs.critical),
      signed(score.stance.score),
      `${score.sentiment.label} ${signed(score.sentiment.score)} (${score.sentiment.model})`,
      `${percent(score.framing.probs.cooperation)} / ${percent(score.framing.probs.conflict)} (${score.framing.model})`,
      dateTime(score.classifiedAt, tz),
    ]),
    'Scores',
  );
}

function relevanceNote(article: ArticleDetail): HTMLElement {
  const lenses = Object.entries(article.relevance);
  if (lenses.length === 0)
    return message(
      'info',
      article.terms.length > 0
        ? 'Not relevant to any lens: the marked terms name only one side.'
        : 'Not relevant to any lens: no lens term occurs in it.',
    );
  return h(
    'ul',
    { class: 'relevance' },
    ...lenses.map(([lens, terms]) =>
      h('li', {}, `Relevant to ${lens} through `, h('strong', {}, terms.join(', ')), '.'),
    ),
  );
}

function storySection(article: ArticleDetail, tz: string): HTMLElement {
  const { copies, alsoIn } = article.story;
  const parts: Child[] = [h('h3', {}, 'Other copies of this story')];
  if (alsoIn.length > 0)
    parts.push(h('p', {}, `The same article (same address) was also in the feeds of ${alsoIn.join(', ')}.`));
  if (copies.length === 0 && alsoIn.length === 0)
    parts.push(message('info', 'No other copy: no other outlet published this title within a week.'));
  if (copies.length > 0)
    parts.push(
      h(
        'ul',
        { class: 'copies' },
        ...copies.map((copy) =>
          h(
            'li',
            {},
            articleLink(copy.id, copy.title ?? '(untitled)'),
            ` — ${copy.outlet} (${copy.country}, ${copy.language ?? '–'}), `,
            h('time', { datetime: copy.publishedAt }, dateTime(copy.publishedAt, tz)),
          ),
        ),
      ),
    );
  return h('section', { 'aria-label': 'Other copies of this story' }, ...parts);
}

function labelFailure(error: unknown): HTMLElement {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return message(
      'warning',
      storedKey()
        ? 'The key in use cannot label: labels need a key with the annotate (or admin) scope.'
        : 'Labels are shown and stored with a key that has the annotate (or admin) scope: paste one above.',
    );
  return message('error', error instanceof Error ? error.message : String(error));
}

/** The article's labels and one button per stance and lens; a press stores the caller's label. */
async function labelsSection(article: ArticleDetail, root: HTMLElement, context: ViewContext): Promise<void> {
  const lenses = [...new Set([...Object.keys(article.relevance), ...article.scores.map((s) => s.lens)])];
  const status = h('div', { 'aria-live': 'polite' });
  const list = h('div', {});
  const refresh = async () => {
    if (!storedKey()) {
      replace(list, labelFailure(new ApiError(401, '')));
      return;
    }
    try {
      const page = await getJson<LabelPage>(
        '/api/v1/labels',
        new URLSearchParams({ article: String(article.id) }),
      );
      if (!context.isCurrent()) return;
      replace(
        list,
        page.labels.length === 0
          ? message('info', 'No labels yet.')
          : table(
              'Labels of this article',
              ['Lens', 'Annotator', 'Label', 'Note', 'Labelled'],
              page.labels.map((l) => [
                l.lens,
                l.annotator,
                stanceChip(l.label),
                l.note ?? '–',
                dateTime(l.labelledAt, context.state.tz),
              ]),
            ),
      );
    } catch (error) {
      replace(list, labelFailure(error));
    }
  };
  const label = async (lens: string, value: StanceLabel) => {
    try {
      await sendJson('PUT', `/api/v1/articles/${article.id}/labels`, { lens, label: value });
      replace(status, message('info', `Stored your label: ${value} for ${lens}.`));
      await refresh();
    } catch (error) {
      replace(status, labelFailure(error));
    }
  };
  const rerender = () => void labelsSection(article, root, context);
  replace(
    root,
    h('h3', {}, 'Labels'),
    keyForm(rerender, 'labelling needs an annotate or admin key'),
    lenses.length === 0
      ? message('info', 'Not relevant to any lens and not scored: there is no lens to label it for.')
      : h(
          'div',
          { class: 'label-buttons' },
          ...lenses.map((lens) =>
            h(
              'div',
              { role: 'group', 'aria-label': `Label for ${lens}` },
              h('span', {}, `${lens}: `),
              ...STANCES.map((value) =>
                button(value, () => void label(lens, value), { class: `label-${value}`, 'data-lens': lens }),
              ),
            ),
          ),
        ),
    status,
    list,
  );
  await refresh();
}

export async function renderArticle(root: HTMLElement, context: ViewContext): Promise<void> {
  const { state } = context;
  if (!state.id) {
    replace(
      root,
      h('h2', {}, 'Article'),
      message('info', 'No article chosen: open one from the article list (its title links here).'),
    );
    return;
  }
  replace(root, h('h2', {}, 'Article'), message('info', 'Loading the article…'));
  let article: ArticleDetail;
  try {
    article = await getJson<ArticleDetail>(`/api/v1/articles/${state.id}`);
  } catch (error) {
    if (!context.isCurrent()) return;
    replace(
      root,
      h('h2', {}, 'Article'),
      message(
        'error',
        error instanceof ApiError && error.status === 404
          ? `There is no article ${state.id} (it may have been removed).`
          : error instanceof Error
            ? error.message
            : String(error),
      ),
    );
    return;
  }
  if (!context.isCurrent()) return;
  document.title = `${article.title ?? 'Article'} · stancewatch`;
  const terms = (field: Term['field']) => article.terms.filter((term) => term.field === field);
  const labels = h('section', { 'aria-label': 'Labels', id: 'article-labels' });
  replace(
    root,
    h('h2', { id: 'article-title' }, ...highlighted(article.title ?? '(untitled)', terms('title'))),
    h(
      'p',
      { class: 'article-meta' },
      `${article.outlet} (${article.country}, ${article.kind}) · language ${article.language ?? 'unknown'} · `,
      h('time', { datetime: article.publishedAt }, dateTime(article.publishedAt, state.tz)),
      article.publishedAtSource === 'published' ? '' : ` (${article.publishedAtSource})`,
      ' · ',
      article.url ? externalLink(article.url, 'Read it at the outlet') : 'no link given',
    ),
    h(
      'p',
      { id: 'article-summary', class: 'article-summary' },
      ...(article.summary ? highlighted(article.summary, terms('summary')) : ['(no summary)']),
    ),
    h(
      'p',
      { class: 'note' },
      'Marked: the lens terms found in the text, by the same matcher that decides relevance.',
    ),
    relevanceNote(article),
    h('section', { 'aria-label': 'Scores' }, h('h3', {}, 'Scores'), scoresTable(article, state.tz)),
    storySection(article, state.tz),
    labels,
  );
  await labelsSection(article, labels, context);
}
