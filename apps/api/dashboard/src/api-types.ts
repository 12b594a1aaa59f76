// Generated from the OpenAPI document by `npm run generate:dashboard-types`; do not edit.
// The shapes of the API responses (response schemas declared with zod beside the controllers).

export type AlertEvent = {
  id: string;
  type: 'alert.firing' | 'alert.resolved';
  status: 'firing' | 'resolved';
  ruleId: number;
  rule: {
    id: number;
    name: string;
    kind: 'metric' | 'new-term';
    lens: string;
    filters: {
      outlet: string[];
      country: string[];
      language: string[];
      kind: string[];
    };
    metric:
      'mean_stance' | 'share_critical' | 'share_supportive' | 'volume' | 'mean_sentiment' | 'framing' | null;
    condition: 'threshold' | 'baseline' | null;
    phrase: string | null;
    windowMinutes: number;
  };
  fingerprint: string;
  occurredAt: string;
  summary: string;
  value: number | null;
  /** the numbers behind the verdict: n, baseline mean and SD, z, the window, … */
  evidence: Record<string, unknown>;
  window: {
    start: string;
    end: string;
  };
  articles: {
    id: number;
    path: string;
    url: string;
    /** the article view of the dashboard */
    dashboardUrl: string;
  }[];
  dashboardUrl: string;
  dispatchedAt: string | null;
};

export type AlertRule = {
  id: number;
  name: string;
  lens: string;
  model: string | null;
  filters: {
    outlet: string[];
    country: string[];
    language: string[];
    kind: string[];
  };
  kind: 'metric' | 'new-term';
  metric:
    'mean_stance' | 'share_critical' | 'share_supportive' | 'volume' | 'mean_sentiment' | 'framing' | null;
  windowMinutes: number;
  condition: 'threshold' | 'baseline' | null;
  operator: 'above' | 'below' | 'either' | null;
  value: number | null;
  k: number | null;
  baselineDays: number | null;
  minArticles: number;
  phrase: string | null;
  repeatIntervalMinutes: number;
  cooldownMinutes: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Annotation = {
  id: number;
  startsAt: string;
  /** null: an instant, not a period */
  endsAt: string | null;
  title: string;
  note: string | null;
  /** null: drawn on every lens's charts */
  lens: string | null;
  /** the name of the key that made it (admin for ADMIN_API_KEY) */
  createdBy: string;
  createdAt: string;
};

export type AnomalyCheck = {
  z: number | null;
  flagged: boolean;
  baselineMean?: number | null;
  baselineSd?: number | null;
};

export type AnomalyColumns = {
  z: (number | null)[];
  /** the indexes of the flagged buckets, in order */
  flagged: number[];
  /** for each flagged bucket, in the order of `flagged`: its baseline mean */
  baselineMean: (number | null)[];
  /** and its baseline's standard deviation */
  baselineSd: (number | null)[];
};

export type ArticleDetail = {
  id: number;
  feedId: number;
  storyId: number | null;
  guid: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  author: string | null;
  categories: string[];
  language: string | null;
  publishedAt: string;
  /** published or updated (the outlet's date), fetched (none: when stancewatch saw it), indexed (an import dated by the archive's indexing) */
  publishedAtSource: string;
  isRelevant: boolean;
  /** matched terms per lens */
  relevance: Record<string, string[]>;
  /** GDELT's document tone (GKG V1.5TONE, about -10 to +10) for articles imported from GKG; null otherwise */
  gdeltTone: number | null;
  outlet: string;
  country: string;
  kind: string;
  fetchedAt: string;
  scores: {
    lens: string;
    model: {
      id: string;
      revision: string;
    };
    stance: {
      label: 'supportive' | 'neutral' | 'critical';
      score: number;
      probs: {
        supportive: number;
        neutral: number;
        critical: number;
      };
    };
    sentiment: {
      label: 'negative' | 'neutral' | 'positive';
      score: number;
      model: string;
    };
    framing: {
      score: number;
      probs: {
        cooperation: number;
        conflict: number;
      };
      model: string;
    };
    classifiedAt: string;
  }[];
  /** every lens's terms found in title and summary by the lens's own matcher (what relevance used) */
  terms: {
    lens: string;
    field: 'title' | 'summary';
    /** UTF-16 offset in the field where the term starts */
    start: number;
    /** UTF-16 offset just after it */
    end: number;
    /** the lens term as written in the lens */
    term: string;
    group: 'sideA' | 'sideB' | 'bilateral';
  }[];
  /** other copies of the story: the same title under other URLs within a week (at most 50) */
  story: {
    copies: {
      id: number;
      title: string | null;
      url: string | null;
      outlet: string;
      country: string;
      language: string | null;
      publishedAt: string;
    }[];
    /** other outlets whose feeds carried this very article (same URL) */
    alsoIn: string[];
  };
};

export type ArticleListItem = {
  id: number;
  title: string | null;
  url: string | null;
  outlet: string;
  country: string;
  kind: string;
  language: string | null;
  feedId: number;
  publishedAt: string;
  relevant: boolean;
  matchedTerms: string[];
  /** GDELT's document tone (GKG V1.5TONE, about -10 to +10) for articles imported from GKG; null otherwise */
  gdeltTone: number | null;
  score: Score | null;
};

export type ArticlePage = {
  articles: ArticleListItem[];
  nextCursor: string | null;
  query: {
    lens: string;
    model: string;
    from: string | null;
    to: string | null;
    feed: number[];
    outlet: string[];
    country: string[];
    language: string[];
    kind: string[];
    q: string | null;
    label: ('supportive' | 'neutral' | 'critical')[];
    minScore: number | null;
    maxScore: number | null;
    relevant: boolean | null;
    cursor: string | null;
    limit: number;
  };
};

export type Feed = {
  id: number;
  url: string;
  title: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: 'state' | 'independent' | 'wire' | 'aggregator' | 'unknown';
  enabled: boolean;
  origin: 'config' | 'api' | 'cli';
  pollIntervalSec: number;
  etag: string | null;
  lastModified: string | null;
  nextPollAt: string;
  scheduleReason: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: 'ok' | 'not-modified' | 'error' | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  pollsSinceUnconditional: number;
  feedTitle: string | null;
  feedLanguage: string | null;
  createdAt: string;
  updatedAt: string;
};

export type FeedCandidates = {
  detail: string;
  /** the page, after redirects, that announces the feeds */
  page: string;
  candidates: {
    /** send this as `pick` to register this feed */
    pick: number;
    url: string;
    title: string | null;
    /** application/rss+xml, application/atom+xml or application/feed+json */
    type: string;
  }[];
};

export type FeedDetail = {
  id: number;
  url: string;
  title: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: 'state' | 'independent' | 'wire' | 'aggregator' | 'unknown';
  enabled: boolean;
  origin: 'config' | 'api' | 'cli';
  pollIntervalSec: number;
  etag: string | null;
  lastModified: string | null;
  nextPollAt: string;
  scheduleReason: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: 'ok' | 'not-modified' | 'error' | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  pollsSinceUnconditional: number;
  feedTitle: string | null;
  feedLanguage: string | null;
  createdAt: string;
  updatedAt: string;
  recentPolls: FeedPoll[];
};

export type FeedImportReport = {
  feeds: {
    url: string;
    title: string | null;
    /** the categories the outline is nested in, "News / Russia" */
    category: string | null;
    status: 'added' | 'exists' | 'would-add' | 'rejected';
    /** why the feed was rejected, and what to change */
    error?: string;
  }[];
};

export type FeedPoll = {
  feedId: number;
  startedAt: string;
  durationMs: number;
  outcome: 'ok' | 'not-modified' | 'error';
  httpStatus: number | null;
  conditional: boolean;
  itemsSeen: number;
  itemsNew: number;
  /** items past FEED_MAX_ITEMS_PER_POLL (the newest are kept): seen, not stored */
  itemsDropped: number;
  /** items PostgreSQL would refuse (a NUL character, a link or GUID past its cap): skipped, the rest stored */
  itemsSkipped: number;
  /** how many items were skipped for each reason, e.g. {"link longer than 4096 characters": 2} */
  skippedReasons: Record<string, number>;
  error: string | null;
  nextPollAt: string;
  intervalSec: number;
  reason: string | null;
};

export type ImportResult = {
  received: number;
  imported: number;
  duplicates: number;
  /** records passed over on purpose: GKG rows that are not web documents */
  skipped: number;
  relevant: number;
  relevantByLens: Record<string, number>;
  rejected: {
    line: number;
    reason: string;
  }[];
  /** classification jobs queued; null when queueing failed */
  classifyJobs: number | null;
  feeds: {
    outlet: string;
    feedId: number;
  }[];
  /** records of an outlet that gave another country or language than the one the outlet keeps */
  disagreements: {
    outlet: string;
    field: 'country' | 'language';
    /** the outlet's value, from its first record (or its polled feed) */
    kept: string;
    count: number;
  }[];
};

export type IntervalMethod = {
  method: 'student-t' | 'wilson';
  /** the confidence level, 0.95 */
  level: number;
  description: string;
};

export type Label = {
  articleId: number;
  lens: string;
  /** the API key's name, `admin` for ADMIN_API_KEY, or the CLI's --annotator */
  annotator: string;
  label: 'supportive' | 'neutral' | 'critical';
  note: string | null;
  labelledAt: string;
};

export type LabelPage = {
  labels: ListedLabel[];
  nextCursor: string | null;
  query: {
    lens: string | null;
    article: number | null;
    annotator: string | null;
    from: string | null;
    to: string | null;
    cursor: string | null;
    limit: number;
  };
};

export type LabelSample = {
  sample: {
    lens: string;
    model: string;
    /** whose labels the drawn articles do not have yet */
    annotator: string;
    /** pass it again to draw the same sample */
    seed: string;
    /** articles asked for */
    n: number;
    stratify: 'language' | 'kind' | 'outlet' | null;
    /** articles scored for the lens and model that the annotator has not labelled */
    eligible: number;
    strata: {
      key: string;
      eligible: number;
      drawn: number;
    }[];
  };
  articles: {
    id: number;
    title: string | null;
    summary: string | null;
    url: string | null;
    outlet: string;
    country: string;
    kind: string;
    language: string | null;
    publishedAt: string;
    stratum: string;
    score: Score | null;
  }[];
};

export type LabelSummary = {
  lens: string;
  /** labels stored, each annotator's latest per article */
  labels: number;
  /** articles with at least one label */
  articles: number;
  annotators: {
    annotator: string;
    labels: number;
  }[];
  /** gold labels per class: each article's majority label */
  gold: {
    supportive: number;
    neutral: number;
    critical: number;
  };
  /** articles whose annotators tie: no gold label, left out of every figure */
  disputed: number;
  /** gold labels per class and disputed articles per article language (`unknown` without one) */
  byLanguage: Record<
    string,
    {
      supportive: number;
      neutral: number;
      critical: number;
      disputed: number;
    }
  >;
  /** inter-annotator agreement over the articles labelled more than once */
  agreement: {
    /** Krippendorff's alpha (nominal); null when undefined */
    alpha: number | null;
    /** articles labelled by two or more annotators */
    units: number;
    /** labels in those articles */
    values: number;
    /** most annotators of one article */
    annotators: number;
    /** why alpha is null */
    reason?: string;
  };
};

export type ListedLabel = {
  articleId: number;
  lens: string;
  /** the API key's name, `admin` for ADMIN_API_KEY, or the CLI's --annotator */
  annotator: string;
  label: 'supportive' | 'neutral' | 'critical';
  note: string | null;
  labelledAt: string;
  url: string | null;
  title: string | null;
  outlet: string;
  kind: string;
  language: string | null;
};

export type ModelInfo = {
  task: 'stance' | 'stance-multilingual' | 'sentiment';
  /** what `model` selects in the other routes */
  id: string;
  revision: string;
  dtype: string;
  /** null until a classify worker has loaded the model */
  labels: string[] | null;
  builtin: boolean;
  loaded: boolean;
  lastLoadedAt: string | null;
};

export type OutletFigures = {
  outlet: string;
  feedIds: number[];
  articles: number;
  relevant: number;
  scored: number;
  meanStance: number | null;
  shareSupportive: number | null;
  shareNeutral: number | null;
  shareCritical: number | null;
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  /** what went wrong and what to send instead */
  detail: string;
  /** the path of the request */
  instance?: string;
};

export type RegisteredWebhook = {
  id: number;
  url: string;
  description: string | null;
  /** the event types it receives; empty means every type */
  eventTypes: string[];
  slack: boolean;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  /** the signing secret (`whsec_…`), shown this once */
  secret: string;
};

export type Score = {
  model: {
    id: string;
    revision: string;
  };
  stance: {
    label: 'supportive' | 'neutral' | 'critical';
    score: number;
    probs: {
      supportive: number;
      neutral: number;
      critical: number;
    };
  };
  sentiment: {
    label: 'negative' | 'neutral' | 'positive';
    score: number;
    model: string;
  };
  framing: {
    score: number;
    probs: {
      cooperation: number;
      conflict: number;
    };
    model: string;
  };
  classifiedAt: string;
};

export type Share = {
  share: number | null;
  ci95: [number, number] | null;
  /** with correction= when applied: the share corrected for the model's confusion */
  corrected?: {
    share: number;
    ci95: [number, number];
  };
};

export type ShareColumns = {
  share: (number | null)[];
  /** the lower ends of the 95% Wilson intervals; null where the interval is */
  low: (number | null)[];
  /** the upper ends */
  high: (number | null)[];
};

export type Source = {
  feedId: number;
  url: string;
  title: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: string;
  enabled: boolean;
  articles: number;
  relevant: number;
  scored: number;
  meanStance: number | null;
  shareSupportive: number | null;
  shareNeutral: number | null;
  shareCritical: number | null;
  health: {
    lastSuccessAt: string | null;
    lastPolledAt: string | null;
    lastStatus: string | null;
    consecutiveFailures: number;
    lastError: string | null;
  };
};

export type Sources = {
  sources: Source[];
  outlets: OutletFigures[];
  query: {
    lens: string;
    model: string;
    from: string;
    to: string;
    /** the UTC days counted */
    days: {
      from: string;
      to: string;
    };
    feed: number[];
    outlet: string[];
    country: string[];
    language: string[];
    kind: string[];
  };
};

export type TrainedModel = {
  /** trained/NAME: what `model` selects in the other routes */
  id: string;
  lens: string;
  encoder: {
    id: string;
    revision: string;
    dtype: string;
    builtin: boolean;
  };
  /** trained on the built-in encoder: a stand-in, not for analysis */
  builtin: boolean;
  labels: {
    total: number;
    byClass: Record<string, number>;
    byLanguage: Record<string, number>;
  };
  folds: number;
  trainedAt: string;
  /** nested k-fold figures at training time, beside the zero-shot model on the same texts */
  crossValidated: {
    trained: {
      n: number;
      accuracy: number;
      macroF1: number;
      byLanguage: Record<
        string,
        {
          n: number;
          accuracy: number;
          macroF1: number;
        }
      >;
      /** macro-F1 of each outer fold */
      perFold: number[];
    };
    baseline: {
      n: number;
      accuracy: number;
      macroF1: number;
      byLanguage: Record<
        string,
        {
          n: number;
          accuracy: number;
          macroF1: number;
        }
      >;
      /** macro-F1 of each outer fold */
      perFold: number[];
      model: {
        id: string;
        revision: string;
      };
    } | null;
  };
  /** a classify worker or reclassify has scored with it */
  loaded: boolean;
  lastLoadedAt: string | null;
};

export type Trend = {
  query: {
    lens: string;
    model: string;
    from: string;
    to: string;
    interval: 'hour' | 'day' | 'week' | 'month';
    tz: string;
    groupBy: 'none' | 'feed' | 'outlet' | 'country' | 'language' | 'kind';
    filters: {
      feed: number[];
      outlet: string[];
      country: string[];
      language: string[];
      kind: string[];
    };
    k: number;
    baseline: number;
    /** which rollup (or the raw scores) served the trend */
    source: string;
  };
  anomaly: {
    k: number;
    baseline: number;
    method: string;
  };
  /** what each point's ci95 is: stance.ci95 and shares.*.ci95 */
  intervals: {
    stance: IntervalMethod;
    shares: IntervalMethod;
  };
  /** with correction=: how the shares were corrected, or why not */
  correction?: TrendCorrection;
  points?: TrendPoint[];
  series?: TrendSeries[];
};

/** one array per figure of TrendPoint, entry i for the response's buckets[i]: points[i].stance.ci95 is [stance.low[i], stance.high[i]] (null when both are), and so for each share */
export type TrendColumns = {
  n: number[];
  stance: {
    mean: (number | null)[];
    /** the lower ends of the 95% intervals of the mean; null where the interval is */
    low: (number | null)[];
    /** the upper ends */
    high: (number | null)[];
  };
  shares: {
    supportive: ShareColumns;
    neutral: ShareColumns;
    critical: ShareColumns;
  };
  sentiment: {
    mean: (number | null)[];
  };
  framing: {
    mean: (number | null)[];
  };
  volume: {
    all: number[];
    attention: (number | null)[];
  };
  anomaly: {
    stance: AnomalyColumns;
    volume: AnomalyColumns;
  };
};

export type TrendColumnSeries = {
  key: string;
  label: string | null;
  columns: TrendColumns;
};

export type TrendCorrection = {
  method: 'acc' | 'pacc';
  applied: boolean;
  /** why the shares were not corrected; the raw shares then stand alone */
  reason?: string;
  minLabelsPerClass: number;
  labelCounts: {
    all: {
      supportive: number;
      neutral: number;
      critical: number;
    };
    byLanguage: Record<
      string,
      {
        supportive: number;
        neutral: number;
        critical: number;
      }
    >;
  };
  confusion: {
    pooled: {
      rates: number[][];
      condition: number | null;
    };
    byLanguage: Record<
      string,
      {
        uses: 'own' | 'pooled';
        rates?: number[][];
        condition?: number | null;
        why?: string;
      }
    >;
    otherLanguages: 'pooled';
  };
  description: string;
};

export type TrendInColumns = {
  query: {
    lens: string;
    model: string;
    from: string;
    to: string;
    interval: 'hour' | 'day' | 'week' | 'month';
    tz: string;
    groupBy: 'none' | 'feed' | 'outlet' | 'country' | 'language' | 'kind';
    filters: {
      feed: number[];
      outlet: string[];
      country: string[];
      language: string[];
      kind: string[];
    };
    k: number;
    baseline: number;
    /** which rollup (or the raw scores) served the trend */
    source: string;
  };
  anomaly: {
    k: number;
    baseline: number;
    method: string;
  };
  intervals: {
    stance: IntervalMethod;
    shares: IntervalMethod;
  };
  /** the start of every bucket, shared by every series */
  buckets: string[];
  /** without groupBy */
  columns?: TrendColumns;
  /** with groupBy */
  series?: TrendColumnSeries[];
};

export type TrendPoint = {
  bucket: string;
  n: number;
  stance: {
    mean: number | null;
    ci95: [number, number] | null;
    /** with correction= when applied: corrected supportive minus corrected critical share, and the same difference uncorrected */
    corrected?: {
      mean: number;
      ci95: [number, number];
      uncorrected: number;
    };
  };
  shares: {
    supportive: Share;
    neutral: Share;
    critical: Share;
  };
  sentiment: {
    mean: number | null;
  };
  framing: {
    mean: number | null;
  };
  volume: {
    all: number;
    attention: number | null;
  };
  anomaly: {
    stance: AnomalyCheck;
    volume: AnomalyCheck;
  };
};

export type TrendSeries = {
  key: string;
  label: string | null;
  points: TrendPoint[];
};

export type Validation = {
  lens: string;
  model: string;
  /** only this annotator's labels, or null for every annotator's majority */
  annotator: string | null;
  /** labelled articles (with a gold label) the model scored */
  n: number;
  correct: number;
  accuracy: number | null;
  macroF1: {
    value: number | null;
    ci95: [number, number] | null;
  };
  perClass: {
    supportive: {
      precision: number;
      recall: number;
      f1: number;
      /** articles whose gold label is the class */
      support: number;
      /** articles the model gave the class */
      predicted: number;
    };
    neutral: {
      precision: number;
      recall: number;
      f1: number;
      /** articles whose gold label is the class */
      support: number;
      /** articles the model gave the class */
      predicted: number;
    };
    critical: {
      precision: number;
      recall: number;
      f1: number;
      /** articles whose gold label is the class */
      support: number;
      /** articles the model gave the class */
      predicted: number;
    };
  };
  /** gold label → predicted label → articles */
  confusion: {
    supportive: {
      supportive: number;
      neutral: number;
      critical: number;
    };
    neutral: {
      supportive: number;
      neutral: number;
      critical: number;
    };
    critical: {
      supportive: number;
      neutral: number;
      critical: number;
    };
  };
  calibration: {
    /** expected calibration error of the top label probability */
    ece: number | null;
    /** multi-class Brier score */
    brier: number | null;
    bins: {
      from: number;
      to: number;
      n: number;
      confidence: number | null;
      accuracy: number | null;
    }[];
  };
  /** articles whose annotators tie: no gold label, left out */
  disputed: number;
  /** articles with a gold label the model has not scored: left out */
  unscored: number;
  /** per article language, `unknown` without one */
  byLanguage: Record<string, ValidationFigures>;
  /** per kind of outlet */
  byKind: Record<string, ValidationFigures>;
  /** inter-annotator agreement over the articles labelled more than once */
  agreement: {
    /** Krippendorff's alpha (nominal); null when undefined */
    alpha: number | null;
    /** articles labelled by two or more annotators */
    units: number;
    /** labels in those articles */
    values: number;
    /** most annotators of one article */
    annotators: number;
    /** why alpha is null */
    reason?: string;
  };
  /** every model that scored labelled articles of the lens: each can be validated with model= */
  models: {
    model: string;
    scored: number;
  }[];
  /** for a classifier trained from these labels (trained/NAME): its figures are on held-out articles only, and the zero-shot model is validated on the same ones */
  heldOut: {
    /** articles the trained classifier was fitted on */
    trainedOn: number;
    /** labelled articles left out of every figure above because it was trained on them */
    leftOut: number;
    baseline: {
      model: string;
      n: number;
      accuracy: number | null;
      macroF1: number | null;
    };
  } | null;
  /** how each figure is computed, in words */
  methods: Record<string, string>;
};

export type ValidationFigures = {
  /** labelled articles (with a gold label) the model scored */
  n: number;
  correct: number;
  accuracy: number | null;
  macroF1: {
    value: number | null;
    ci95: [number, number] | null;
  };
  perClass: {
    supportive: {
      precision: number;
      recall: number;
      f1: number;
      /** articles whose gold label is the class */
      support: number;
      /** articles the model gave the class */
      predicted: number;
    };
    neutral: {
      precision: number;
      recall: number;
      f1: number;
      /** articles whose gold label is the class */
      support: number;
      /** articles the model gave the class */
      predicted: number;
    };
    critical: {
      precision: number;
      recall: number;
      f1: number;
      /** articles whose gold label is the class */
      support: number;
      /** articles the model gave the class */
      predicted: number;
    };
  };
  /** gold label → predicted label → articles */
  confusion: {
    supportive: {
      supportive: number;
      neutral: number;
      critical: number;
    };
    neutral: {
      supportive: number;
      neutral: number;
      critical: number;
    };
    critical: {
      supportive: number;
      neutral: number;
      critical: number;
    };
  };
  calibration: {
    /** expected calibration error of the top label probability */
    ece: number | null;
    /** multi-class Brier score */
    brier: number | null;
    bins: {
      from: number;
      to: number;
      n: number;
      confidence: number | null;
      accuracy: number | null;
    }[];
  };
};

export type WebhookDelivery = {
  id: number;
  endpointId: number;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
};

export type WebhookEndpoint = {
  id: number;
  url: string;
  description: string | null;
  /** the event types it receives; empty means every type */
  eventTypes: string[];
  slack: boolean;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
};

export type CreateAlertRuleResponse = AlertRule;

export type CreateAnnotationResponse = Annotation;

export type GetAlertRuleResponse = AlertRule;

export type GetArticleResponse = ArticleDetail;

export type GetFeedResponse = FeedDetail;

export type GetHealthResponse = {
  status: 'ok';
};

export type GetReadinessResponse = {
  status: 'ok';
  checks: {
    name: string;
    ok: boolean;
    error: string | null;
  }[];
};

export type GetTrendResponse = Trend | TrendInColumns;

export type GetValidationResponse = Validation;

export type GetWebhookResponse = WebhookEndpoint;

export type ImportArticlesResponse = ImportResult;

export type ImportFeedsResponse = FeedImportReport;

export type ListAlertEventsResponse = {
  events: AlertEvent[];
  nextCursor: string | null;
};

export type ListAlertRulesResponse = {
  rules: AlertRule[];
};

export type ListAnnotationsResponse = {
  annotations: Annotation[];
};

export type ListArticlesResponse = ArticlePage;

export type ListFeedsResponse = {
  feeds: Feed[];
};

export type ListLabelsResponse = LabelPage;

export type ListModelsResponse = {
  models: ModelInfo[];
  trained: TrainedModel[];
};

export type ListSourcesResponse = Sources;

export type ListWebhookDeliveriesResponse = {
  deliveries: WebhookDelivery[];
};

export type ListWebhooksResponse = {
  webhooks: WebhookEndpoint[];
};

export type PollFeedResponse = {
  feedId: number;
  jobId: string;
};

export type PutArticleLabelResponse = Label;

export type RedeliverWebhookDeliveryResponse = WebhookDelivery;

export type RegisterFeedResponse = Feed;

export type RegisterWebhookResponse = RegisteredWebhook;

export type SampleArticlesToLabelResponse = LabelSample;

export type SummariseLabelsResponse = LabelSummary;

export type TestWebhookResponse = {
  deliveryId: number;
  eventId: string;
};

export type UpdateAlertRuleResponse = AlertRule;

export type UpdateFeedResponse = Feed;

export type UpdateWebhookResponse = WebhookEndpoint;
