/** The shapes of the API responses the dashboard reads (see the OpenAPI document at /docs). */

export type Interval95 = [number, number] | null;

export interface Share {
  share: number | null;
  ci95: Interval95;
}

export interface AnomalyCheck {
  z: number | null;
  flagged: boolean;
}

export interface TrendPoint {
  bucket: string;
  n: number;
  stance: { mean: number | null; ci95: Interval95 };
  shares: { supportive: Share; neutral: Share; critical: Share };
  sentiment: { mean: number | null };
  framing: { mean: number | null };
  volume: { all: number; attention: number | null };
  anomaly: { stance: AnomalyCheck; volume: AnomalyCheck };
}

export interface TrendSeries {
  key: string;
  label: string | null;
  points: TrendPoint[];
}

export interface TrendResponse {
  query: { from: string; to: string; interval: string; tz: string; model: string; source: string };
  anomaly: { method: string };
  points?: TrendPoint[];
  series?: TrendSeries[];
}

export type StanceLabel = 'supportive' | 'neutral' | 'critical';

export interface Article {
  id: number;
  title: string;
  url: string;
  outlet: string;
  country: string;
  language: string;
  publishedAt: string;
  score: { stance: { label: StanceLabel; score: number } } | null;
}

export interface ArticlePage {
  articles: Article[];
  nextCursor: string | null;
}

export interface SourceRow {
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
  health: { lastSuccessAt: string | null; lastStatus: string | null; lastError: string | null };
}

export interface SourcesResponse {
  sources: SourceRow[];
  outlets: {
    outlet: string;
    articles: number;
    relevant: number;
    scored: number;
    meanStance: number | null;
  }[];
}

export interface Feed {
  id: number;
  url: string;
  title: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: string;
  enabled: boolean;
  pollIntervalSec: number;
  nextPollAt: string;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export interface ModelInfo {
  task: string;
  id: string;
  revision: string;
  builtin: boolean;
  loaded: boolean;
}
