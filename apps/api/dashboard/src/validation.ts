/**
 * Validation: how well a model's stance labels match the gold labels, as GET /api/v1/validation gives
 * it. Per model: the headline figures, precision and recall per class, the confusion matrix overall
 * and per language as heat maps, the reliability of its probabilities, and the annotators' agreement;
 * a second model side by side on the same gold set.
 */
import { getJson } from './api.js';
import { h, message, replace, table } from './dom.js';
import { interval95, percent } from './format.js';
import { navigate, type State } from './state.js';
import type { Validation, ValidationFigures } from './api-types.js';
import type { ViewContext } from './view.js';

const CLASSES = ['supportive', 'neutral', 'critical'] as const;
const ratio = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : value.toFixed(3);

/** A heat class 0–5 for a cell's share of its row, so the matrix reads at a glance (the CSP allows no inline style). */
const heat = (count: number, row: number) =>
  `heat heat-${row === 0 ? 0 : Math.min(5, Math.round((count / row) * 5))}`;

function confusionMap(caption: string, figures: ValidationFigures): HTMLElement {
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'gold ↓ · model →'),
    ...CLASSES.map((c) => h('th', { scope: 'col' }, c)),
  );
  const rows = CLASSES.map((gold) => {
    const counts = CLASSES.map((predicted) => figures.confusion[gold][predicted]);
    const total = counts.reduce((sum, n) => sum + n, 0);
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, `${gold} (${total})`),
      ...counts.map((n, i) =>
        h(
          'td',
          { class: heat(n, total), title: `${n} of ${total} ${gold} articles labelled ${CLASSES[i]}` },
          n,
        ),
      ),
    );
  });
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      { class: 'confusion' },
      h('caption', {}, caption),
      h('thead', {}, head),
      h('tbody', {}, ...rows),
    ),
  );
}

function headline(report: Validation): HTMLElement {
  const f1 =
    report.macroF1.value === null ? '–' : `${ratio(report.macroF1.value)} ${interval95(report.macroF1.ci95)}`;
  const lines = [
    `${report.n} labelled articles scored · accuracy ${ratio(report.accuracy)} · macro-F1 ${f1}`,
    `${report.disputed} disputed and ${report.unscored} not scored by this model, left out`,
  ];
  if (report.heldOut)
    lines.push(
      `Trained on ${report.heldOut.trainedOn} of these labels: the ${report.heldOut.leftOut} it saw are left out; on the same held-out articles ${report.heldOut.baseline.model} has accuracy ${ratio(report.heldOut.baseline.accuracy)}, macro-F1 ${ratio(report.heldOut.baseline.macroF1)}.`,
    );
  return h('div', { class: 'validation-headline' }, ...lines.map((line) => h('p', {}, line)));
}

function modelColumn(report: Validation): HTMLElement {
  const perClass = table(
    'Precision and recall per class',
    ['class', 'precision', 'recall', 'F1', 'gold', 'predicted'],
    CLASSES.map((c) => {
      const m = report.perClass[c];
      return [c, ratio(m.precision), ratio(m.recall), ratio(m.f1), m.support, m.predicted];
    }),
  );
  const reliability = table(
    `Reliability of the top probability (ECE ${ratio(report.calibration.ece)}, Brier ${ratio(report.calibration.brier)})`,
    ['probability', 'articles', 'mean probability', 'share correct'],
    report.calibration.bins
      .filter((bin) => bin.n > 0)
      .map((bin) => [
        `${percent(bin.from)}–${percent(bin.to)}`,
        bin.n,
        percent(bin.confidence),
        percent(bin.accuracy),
      ]),
  );
  const languages = Object.entries(report.byLanguage).map(([language, figures]) =>
    confusionMap(`${language}: ${figures.n} articles, accuracy ${ratio(figures.accuracy)}`, figures),
  );
  return h(
    'section',
    { class: 'validation-model', 'aria-label': report.model },
    h('h3', {}, report.model),
    headline(report),
    confusionMap('Confusion matrix, every language', report),
    perClass,
    h('h4', {}, 'Per language'),
    ...languages,
    reliability,
  );
}

function modelPicker(state: State, report: Validation): HTMLElement {
  const options = (selected: string, blank: string | null) => [
    ...(blank === null ? [] : [h('option', { value: '', selected: selected === '' }, blank)]),
    ...report.models.map((m) =>
      h('option', { value: m.model, selected: m.model === selected }, `${m.model} (${m.scored} scored)`),
    ),
  ];
  const model = h('select', { id: 'validation-model' }, ...options(report.model, null));
  const compare = h('select', { id: 'validation-compare' }, ...options(state.compare, 'no second model'));
  model.addEventListener('change', () => navigate({ model: model.value }));
  compare.addEventListener('change', () => navigate({ compare: compare.value }));
  return h(
    'div',
    { class: 'validation-picker' },
    h('label', { for: 'validation-model' }, 'Model'),
    model,
    h('label', { for: 'validation-compare' }, 'Beside it'),
    compare,
  );
}

function query(state: State, model: string): URLSearchParams {
  const params = new URLSearchParams();
  if (state.lens) params.set('lens', state.lens);
  if (model) params.set('model', model);
  return params;
}

export async function renderValidation(root: HTMLElement, context: ViewContext): Promise<void> {
  const { state } = context;
  replace(root, h('h2', {}, 'Validation'), message('info', 'Loading the validation…'));
  const [report, second] = await Promise.all([
    getJson<Validation>('/api/v1/validation', query(state, state.model)),
    state.compare
      ? getJson<Validation>('/api/v1/validation', query(state, state.compare))
      : Promise.resolve(null),
  ]);
  if (!context.isCurrent()) return;
  const agreement =
    report.agreement.alpha === null
      ? `Agreement between annotators: ${report.agreement.reason ?? 'not measurable yet'}.`
      : `Agreement between annotators: Krippendorff's alpha ${ratio(report.agreement.alpha)} over ${report.agreement.units} articles labelled by two or more.`;
  replace(
    root,
    h('h2', {}, `Validation · lens ${report.lens}`),
    h(
      'p',
      { class: 'note' },
      "A model's stance labels against the gold labels (each article's majority). Label articles in the Label view; corrected shares on the overview rest on these figures.",
    ),
    modelPicker(state, report),
    report.n === 0 &&
      message('info', 'No labelled article has a score of this model yet: label some in the Label view.'),
    h('p', { class: 'note' }, agreement),
    h(
      'div',
      { class: second ? 'validation-pair' : 'validation-single' },
      modelColumn(report),
      second && modelColumn(second),
    ),
  );
}
