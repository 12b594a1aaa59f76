/**
 * The metric names and label matchers a PromQL expression selects, by a small tokenizer rather than
 * a parser. It removes string literals, `[range]` and `[range:step]` parts, the label lists of
 * by/without/on/ignoring/group_left/group_right, numbers and durations, and Grafana variables
 * (`$__rate_interval`, `${x}`), then takes every remaining identifier that is not a keyword, an
 * aggregation operator or followed by `(` (a function). Its limits: it does not check the syntax;
 * a metric named like a keyword, an aggregation operator or a function would be missed, and so
 * would a metric selected only by `{__name__="…"}`.
 */
export interface Selector {
  metric: string;
  /** The label names its `{…}` matchers use. */
  labels: string[];
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);

export function selectorsIn(expr: string): Selector[] {
  const text = expr
    // Strings hold label values and quantile-free text: drop their content, keep a placeholder.
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' $1 ');
  const selectors: Selector[] = [];
  // Matchers first, so their label names are not taken for metrics.
  const bare = text.replace(/\{([^}]*)\}/g, (_, inner: string) => {
    const labels = [...inner.matchAll(/([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]);
    return ` {${labels.join(',')}} `;
  });
  const tokens = /(?<![\w:.])\d[\w.]*|([A-Za-z_:][\w:]*)\s*(\(|\{([^}]*)\})?/g;
  for (const match of bare.matchAll(tokens)) {
    const [, name, after, labels] = match;
    if (!name || KEYWORDS.has(name) || AGGREGATIONS.has(name) || after === '(') continue;
    selectors.push({ metric: name, labels: labels ? labels.split(',').filter(Boolean) : [] });
  }
  return selectors;
}
