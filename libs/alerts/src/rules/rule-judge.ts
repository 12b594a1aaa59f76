import type { AlertRule } from './alert-rule.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { judgeMetric, type Verdict } from './rule-condition.js';
import type { RuleWindowRepository } from './rule-window.repository.js';

const MINUTE = 60_000;
const PAGE = 500;

export interface Judgement extends Verdict {
  window: { start: Date; end: Date };
  /** The articles behind the value, newest first. */
  articleIds: number[];
}

/** Decides whether a rule's condition holds at `now`, from the rollups (metrics) or the article texts (new terms). */
export class RuleJudge {
  constructor(
    private readonly windows: RuleWindowRepository,
    private readonly defaultModel: string,
    private readonly articlesPerEvent = 20,
  ) {}

  async judge(rule: AlertRule, now: Date): Promise<Judgement> {
    const window = { start: new Date(now.getTime() - rule.windowMinutes * MINUTE), end: now };
    return rule.kind === 'new-term' ? this.newTerm(rule, window) : this.metric(rule, window);
  }

  private async metric(rule: AlertRule, window: Judgement['window']): Promise<Judgement> {
    const scope = { lens: rule.lens, model: rule.model ?? this.defaultModel, filters: rule.filters };
    const previous =
      rule.condition === 'baseline' ? Math.floor((rule.baselineDays! * 1440) / rule.windowMinutes) : 0;
    const sums = await this.windows.windowSums(scope, window.end, rule.windowMinutes, previous + 1);
    const verdict = judgeMetric(rule, sums);
    const articleIds = await this.windows.latestScored(
      scope,
      window.start,
      window.end,
      this.articlesPerEvent,
    );
    return { ...verdict, evidence: { ...verdict.evidence, ...isoWindow(window) }, window, articleIds };
  }

  /** Holds when the phrase is in relevant articles of the window and in none of the baseline days before it. */
  private async newTerm(rule: AlertRule, window: Judgement['window']): Promise<Judgement> {
    const matcher = new PhraseMatcher(rule.phrase!);
    const scope = { lens: rule.lens, filters: rule.filters };
    const inWindow = await this.matching(matcher, scope, window.start, window.end, Infinity);
    const baselineStart = new Date(window.start.getTime() - rule.baselineDays! * 1440 * MINUTE);
    const before = inWindow.length ? await this.matching(matcher, scope, baselineStart, window.start, 1) : [];
    const evidence = {
      phrase: rule.phrase,
      value: inWindow.length,
      n: inWindow.length,
      baselineStart: baselineStart.toISOString(),
      baselineDays: rule.baselineDays,
      seenBefore: before.length > 0 ? { articleId: before[0] } : null,
      ...isoWindow(window),
    };
    return {
      holds: inWindow.length > 0 && before.length === 0,
      value: inWindow.length,
      evidence,
      window,
      articleIds: inWindow.slice(0, this.articlesPerEvent),
    };
  }

  private async matching(
    matcher: PhraseMatcher,
    scope: { lens: string; filters: AlertRule['filters'] },
    from: Date,
    to: Date,
    enough: number,
  ): Promise<number[]> {
    const found: number[] = [];
    let before: { publishedAt: Date; id: number } | null = null;
    for (;;) {
      const page = await this.windows.relevantTexts(scope, from, to, { before, limit: PAGE });
      for (const article of page) {
        if (!matcher.matches(article.text)) continue;
        found.push(article.id);
        if (found.length >= enough) return found;
      }
      if (page.length < PAGE) return found;
      before = page[page.length - 1];
    }
  }
}

const isoWindow = (window: Judgement['window']) => ({
  windowStart: window.start.toISOString(),
  windowEnd: window.end.toISOString(),
});
