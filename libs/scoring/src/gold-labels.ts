/** Gold labels from annotators' labels: each article's majority, ties disputed; and their agreement. Pure. */
import { STANCE_LABELS, type StanceLabel } from '../../lens/src/index.js';
import { krippendorffAlphaNominal, type Agreement } from './agreement.js';

/** One annotator's (latest) label of one article for one lens. */
export interface AnnotatorLabel {
  articleId: number;
  annotator: string;
  label: StanceLabel;
}

export interface GoldLabels {
  /** Article id → the label most of its annotators gave. */
  gold: Map<number, StanceLabel>;
  /** Articles whose annotators tie: no gold label, left out of every figure, counted here. */
  disputed: number[];
}

/**
 * The gold label of each article: its annotators' majority (a plurality among three labels); a tie
 * between the most given labels makes it disputed. With `annotator`, only that annotator's labels
 * count, so one annotator can be validated against alone (and nothing is disputed).
 */
export function goldLabels(labels: readonly AnnotatorLabel[], annotator?: string): GoldLabels {
  const votes = new Map<number, Map<StanceLabel, number>>();
  for (const label of labels) {
    if (annotator !== undefined && label.annotator !== annotator) continue;
    const counts = votes.get(label.articleId) ?? new Map<StanceLabel, number>();
    votes.set(label.articleId, counts);
    counts.set(label.label, (counts.get(label.label) ?? 0) + 1);
  }
  const gold = new Map<number, StanceLabel>();
  const disputed: number[] = [];
  for (const [articleId, counts] of votes) {
    const most = Math.max(...counts.values());
    const leaders = [...counts].filter(([, n]) => n === most);
    if (leaders.length > 1) disputed.push(articleId);
    else gold.set(articleId, leaders[0][0]);
  }
  return { gold, disputed };
}

/** Krippendorff's alpha (nominal) over the articles two or more annotators labelled. */
export function labelAgreement(labels: readonly AnnotatorLabel[]): Agreement {
  const units = new Map<number, StanceLabel[]>();
  for (const label of labels) {
    const unit = units.get(label.articleId) ?? [];
    units.set(label.articleId, unit);
    unit.push(label.label);
  }
  return krippendorffAlphaNominal([...units.values()].map((unit) => ({ labels: unit })));
}

/** A label with what figures are split by: the article's language (null when unknown) and its outlet's kind. */
export type LabelOfArticle = AnnotatorLabel & { language: string | null; kind: string };

export type ClassCounts = Record<StanceLabel, number>;

export interface LabelSummary {
  /** Labels stored (each annotator's latest per article). */
  labels: number;
  /** Articles with at least one label. */
  articles: number;
  annotators: { annotator: string; labels: number }[];
  /** Gold labels per class. */
  gold: ClassCounts;
  disputed: number;
  /** Gold labels per class and the disputed articles, per article language ("unknown" without one). */
  byLanguage: Record<string, ClassCounts & { disputed: number }>;
  agreement: Agreement;
}

export const UNKNOWN_LANGUAGE = 'unknown';

const noClasses = (): ClassCounts =>
  Object.fromEntries(STANCE_LABELS.map((label) => [label, 0])) as ClassCounts;

/** How many labels there are, from whom, what they make of the gold set per language, and how far annotators agree. */
export function summariseLabels(labels: readonly LabelOfArticle[]): LabelSummary {
  const { gold, disputed } = goldLabels(labels);
  const languageOf = new Map(labels.map((label) => [label.articleId, label.language ?? UNKNOWN_LANGUAGE]));
  const perAnnotator = new Map<string, number>();
  for (const label of labels) perAnnotator.set(label.annotator, (perAnnotator.get(label.annotator) ?? 0) + 1);
  const byLanguage: LabelSummary['byLanguage'] = {};
  const languageRow = (articleId: number) =>
    (byLanguage[languageOf.get(articleId)!] ??= { ...noClasses(), disputed: 0 });
  const totals = noClasses();
  for (const [articleId, label] of gold) {
    totals[label] += 1;
    languageRow(articleId)[label] += 1;
  }
  for (const articleId of disputed) languageRow(articleId).disputed += 1;
  return {
    labels: labels.length,
    articles: languageOf.size,
    annotators: [...perAnnotator]
      .map(([annotator, count]) => ({ annotator, labels: count }))
      .sort((a, b) => b.labels - a.labels || a.annotator.localeCompare(b.annotator)),
    gold: totals,
    disputed: disputed.length,
    byLanguage,
    agreement: labelAgreement(labels),
  };
}
