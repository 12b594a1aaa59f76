/**
 * Labelling a sample: one article at a time from `GET /api/v1/labels/sample`, answered with the keys
 * 1 supportive, 2 neutral, 3 critical, s skip, u undo (or the buttons). The model's label of an article is
 * shown only once the analyst has answered it, so it cannot anchor them. The lens, the size and the seed are
 * in the URL: a reload draws the same sample again, less the articles labelled meanwhile.
 */
import { ApiError, getJson, sendJson, storedKey } from './api.js';
import { STANCES } from './article.js';
import { button, externalLink, h, message, replace } from './dom.js';
import { dateTime, percent, stanceChip } from './format.js';
import { keyForm } from './key-form.js';
import { articleLink } from './links.js';
import { DEFAULT_SAMPLE_SIZE, MAX_SAMPLE_SIZE, navigate, remember, type State } from './state.js';
import type { LabelSample } from './api-types.js';
import type { ViewContext } from './view.js';

type Sampled = LabelSample['articles'][number];
type Stance = (typeof STANCES)[number];
/** What the analyst did with the article at a position: a label (stored), or a skip. */
type Answer = { index: number; label: Stance | null };

const KEYS: Record<string, Stance | 'skip' | 'undo'> = {
  '1': 'supportive',
  '2': 'neutral',
  '3': 'critical',
  s: 'skip',
  u: 'undo',
};

function sampleForm(state: State, lens: string): HTMLElement {
  const lensInput = h('input', { id: 'label-lens', name: 'lens', value: lens, maxlength: 100 });
  const size = h('input', {
    id: 'label-n',
    name: 'n',
    type: 'number',
    min: 1,
    max: MAX_SAMPLE_SIZE,
    value: state.n,
    inputmode: 'numeric',
  });
  const form = h(
    'form',
    { class: 'sample-form', 'aria-label': 'Sample' },
    h('label', { for: 'label-lens' }, 'Lens'),
    lensInput,
    h('label', { for: 'label-n' }, `Articles to draw (1 to ${MAX_SAMPLE_SIZE})`),
    size,
    h('button', { type: 'submit' }, 'Draw a new sample'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const n = Number(size.value);
    navigate({
      view: 'label',
      lens: lensInput.value.trim(),
      n: Number.isInteger(n) && n >= 1 && n <= MAX_SAMPLE_SIZE ? n : DEFAULT_SAMPLE_SIZE,
      seed: '',
    });
  });
  return form;
}

function failureText(error: unknown): string {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return 'The key in use cannot label: labelling needs a key with the annotate (or admin) scope.';
  return error instanceof Error ? error.message : String(error);
}

function modelLabel(article: Sampled): HTMLElement | string {
  const score = article.score;
  if (!score) return 'the model has not scored it';
  return h(
    'span',
    {},
    `the model (${score.model.id}) said `,
    stanceChip(score.stance.label),
    ` (${percent(score.stance.probs[score.stance.label])})`,
  );
}

/** The key handler of the sample shown; a redraw (a new key, a new sample) replaces it. */
let releaseKeys: (() => void) | null = null;
/**
 * The latest draw. A redraw in the same view (a key given while a sample is still being drawn) shares
 * its context with the draw it replaces, so `isCurrent` alone would let both finish and both listen
 * to the keys; only the latest may.
 */
let latestDraw = 0;

export async function renderLabel(root: HTMLElement, context: ViewContext): Promise<void> {
  releaseKeys?.();
  releaseKeys = null;
  const thisDraw = ++latestDraw;
  const current = () => context.isCurrent() && thisDraw === latestDraw;
  const { state } = context;
  const rerender = () => void renderLabel(root, context);
  const head = [h('h2', {}, 'Label articles'), keyForm(rerender, 'labelling needs an annotate or admin key')];
  if (!storedKey()) {
    replace(
      root,
      ...head,
      sampleForm(state, state.lens),
      message('warning', 'Paste a key with the annotate (or admin) scope above to draw articles to label.'),
    );
    return;
  }
  replace(root, ...head, sampleForm(state, state.lens), message('info', 'Drawing a sample…'));
  const params = new URLSearchParams({ n: String(state.n) });
  if (state.lens) params.set('lens', state.lens);
  if (state.seed) params.set('seed', state.seed);
  let drawn: LabelSample;
  try {
    drawn = await getJson<LabelSample>('/api/v1/labels/sample', params);
  } catch (error) {
    if (current())
      replace(root, ...head, sampleForm(state, state.lens), message('error', failureText(error)));
    return;
  }
  if (!current()) return;
  const { sample, articles } = drawn;
  if (!state.seed) remember({ seed: sample.seed, lens: state.lens });
  const form = sampleForm(state, sample.lens);
  if (articles.length === 0) {
    replace(
      root,
      ...head,
      form,
      message(
        'info',
        sample.eligible === 0
          ? `Nothing to label: no article scored by ${sample.model} for ${sample.lens} is without your label.`
          : `This sample is empty: draw a new one.`,
      ),
    );
    return;
  }

  const answers: Answer[] = [];
  // Answers run one after another in the order given: keys pressed while a label is being stored wait.
  let queue = Promise.resolve();
  const enqueue = (action: Stance | 'skip' | 'undo') => {
    queue = queue.then(() => act(action));
  };
  const progress = h('p', { class: 'summary', id: 'label-progress', role: 'status' });
  const card = h('article', { class: 'label-card', id: 'label-card', 'aria-live': 'polite' });
  const reveal = h('div', { id: 'label-reveal' });
  const status = h('div', { id: 'label-status' });
  const controls = h('div', { class: 'label-keys', role: 'group', 'aria-label': 'Answer' });
  const position = () => answers.length;

  const draw = () => {
    const at = position();
    const labelled = answers.filter((a) => a.label).length;
    progress.textContent =
      at < articles.length
        ? `${at + 1} of ${articles.length} (${labelled} labelled, ${at - labelled} skipped) · lens ${sample.lens}, model ${sample.model}`
        : `Done: ${articles.length} of ${articles.length} answered (${labelled} labelled, ${at - labelled} skipped).`;
    for (const control of controls.querySelectorAll('button'))
      control.disabled = control.dataset.action === 'undo' ? at === 0 : at >= articles.length;
    if (at >= articles.length) {
      replace(card, message('info', 'The sample is done. Draw a new one above, or undo the last answer.'));
      return;
    }
    const article = articles[at];
    replace(
      card,
      h('h3', { id: 'label-title' }, article.title ?? '(untitled)'),
      h(
        'p',
        { class: 'article-meta' },
        `${article.outlet} (${article.country}, ${article.kind}) · language ${article.language ?? 'unknown'} · `,
        h('time', { datetime: article.publishedAt }, dateTime(article.publishedAt, state.tz)),
        ' · ',
        article.url ? externalLink(article.url, 'Read it at the outlet') : 'no link given',
      ),
      h('p', { class: 'article-summary' }, article.summary ?? '(no summary)'),
    );
  };

  const showReveal = (answer: Answer) => {
    const article = articles[answer.index];
    replace(
      reveal,
      h(
        'p',
        { class: 'reveal' },
        'Previous: ',
        articleLink(article.id, article.title ?? '(untitled)'),
        ' — ',
        answer.label ? h('span', {}, 'you said ', stanceChip(answer.label)) : 'you skipped it',
        '; ',
        modelLabel(article),
        '.',
      ),
    );
  };

  const act = async (action: Stance | 'skip' | 'undo') => {
    replace(status);
    try {
      if (action === 'undo') {
        const last = answers.at(-1);
        if (!last) return;
        if (last.label)
          await sendJson(
            'DELETE',
            `/api/v1/articles/${articles[last.index].id}/labels?lens=${encodeURIComponent(sample.lens)}`,
          );
        answers.pop();
        replace(reveal, message('info', 'Undone: answer this article again.'));
      } else {
        const index = position();
        if (index >= articles.length) return;
        const label = action === 'skip' ? null : action;
        if (label)
          await sendJson('PUT', `/api/v1/articles/${articles[index].id}/labels`, {
            lens: sample.lens,
            label,
          });
        answers.push({ index, label });
        showReveal({ index, label });
      }
      draw();
    } catch (error) {
      replace(status, message('error', failureText(error)));
    }
  };

  const names: Record<string, string> = {
    supportive: '1 · supportive',
    neutral: '2 · neutral',
    critical: '3 · critical',
    skip: 's · skip',
    undo: 'u · undo',
  };
  for (const action of [...STANCES, 'skip', 'undo'] as const)
    controls.append(
      button(names[action], () => enqueue(action), {
        'data-action': action,
        'aria-keyshortcuts': names[action][0],
        class: STANCES.includes(action as Stance) ? `label-${action}` : null,
      }),
    );

  const onKey = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    const action = KEYS[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    enqueue(action);
  };
  document.addEventListener('keydown', onKey);
  releaseKeys = () => document.removeEventListener('keydown', onKey);
  context.onDispose(() => releaseKeys?.());

  replace(
    root,
    ...head,
    form,
    h(
      'p',
      { class: 'note' },
      `Keys: 1 supportive, 2 neutral, 3 critical, s skip, u undo. The model's label is shown after you answer. ` +
        `${sample.eligible} article(s) still without your label for this lens; seed ${sample.seed} draws this sample again.`,
    ),
    progress,
    card,
    controls,
    reveal,
    status,
  );
  draw();
}
