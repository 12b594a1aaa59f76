import type { ModelSettings } from '../../config/src/index.js';
import { type LensHypotheses, needsMultilingualModel } from '../../lens/src/index.js';
import {
  loadModel,
  type LoadedModel,
  type ModelInfo,
  type ModelLogger,
  type ModelTask,
} from './model-loader.js';
import { resolveModel, SENTIMENT_BY_NLI, TRAINED_MODEL_PREFIX, type ModelRole } from './model-spec.js';
import { StanceClassifier, type ClassifyInput, type TextScores } from './stance-classifier.js';
import { TrainedStance } from './trained-stance.js';

export interface ModelRef {
  id: string;
  revision: string;
}

/** A text's scores and the models that produced them. */
export interface ScoredText extends TextScores {
  /** The stance model: what the score is filed under. */
  model: ModelRef;
  sentimentModel: ModelRef;
  /** The NLI model that scored framing: the stance model itself, unless a trained classifier scored stance. */
  framingModel: ModelRef;
}

/**
 * The models of one process, each loaded once (on first use) and shared by every lens. A model
 * that fails to load is not cached, so the next job tries again.
 */
export class StanceModels {
  private readonly loaded = new Map<string, Promise<LoadedModel>>();

  constructor(
    private readonly settings: ModelSettings,
    private readonly logger?: ModelLogger,
  ) {}

  /**
   * A scorer for a lens. Without `nliModel` it uses the configured models (Russian and Chinese
   * texts go to the multilingual one when configured); with it, that one model scores every text.
   * A trained classifier (`trained/NAME`) as `nliModel` scores stance; the configured NLI models
   * still score framing (and sentiment, with SENTIMENT_MODEL=nli).
   */
  async scorer(lens: LensHypotheses, nliModel?: string): Promise<LensScorer> {
    if (nliModel?.startsWith(TRAINED_MODEL_PREFIX)) {
      const trained = (await this.model(
        'text-classification',
        nliModel,
        'nli',
      )) as LoadedModel<'text-classification'>;
      const configured = await this.scorer(lens);
      return configured.withStance(new TrainedStance(trained, this.settings.batchSize));
    }
    // SENTIMENT_MODEL=nli: each NLI model scores the tone of the texts it scores, no model apart.
    const sentiment = this.sentimentByNli
      ? null
      : ((await this.model(
          'text-classification',
          this.settings.sentimentModel,
          'sentiment',
        )) as LoadedModel<'text-classification'>);
    const classifier = async (name: string) =>
      new StanceClassifier(
        (await this.model(
          'zero-shot-classification',
          name,
          'nli',
        )) as LoadedModel<'zero-shot-classification'>,
        sentiment,
        lens,
        { batchSize: this.settings.batchSize },
      );
    const primary = await classifier(nliModel ?? this.settings.nliModel);
    const multilingualName = nliModel ? null : this.settings.nliModelMultilingual;
    const multilingual = multilingualName ? await classifier(multilingualName) : null;
    return new LensScorer(primary, multilingual);
  }

  private get sentimentByNli(): boolean {
    return this.settings.sentimentModel === SENTIMENT_BY_NLI;
  }

  /**
   * Loads the configured models now (each once; a failed load is tried again on the next call) and
   * rejects with the reason one cannot load. A classify worker is ready when this resolves.
   */
  async preload(): Promise<ModelInfo[]> {
    const nli = [this.settings.nliModel, this.settings.nliModelMultilingual].filter(
      (name): name is string => name !== null,
    );
    const models = await Promise.all([
      ...(this.sentimentByNli
        ? []
        : [this.model('text-classification', this.settings.sentimentModel, 'sentiment')]),
      ...nli.map((name) => this.model('zero-shot-classification', name, 'nli')),
    ]);
    return models.map((model) => model.info);
  }

  /** The models loaded so far in this process. */
  async inUse(): Promise<ModelInfo[]> {
    const settled = await Promise.allSettled(this.loaded.values());
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.info] : []));
  }

  async dispose(): Promise<void> {
    for (const model of await Promise.allSettled(this.loaded.values())) {
      if (model.status === 'fulfilled') await model.value.dispose();
    }
    this.loaded.clear();
  }

  private model(task: ModelTask, name: string, role: ModelRole): Promise<LoadedModel> {
    const key = `${task}:${name}`;
    let model = this.loaded.get(key);
    if (!model) {
      model = resolveModel(name, role, this.settings).then((options) =>
        loadModel(task, options, this.logger),
      );
      model.catch(() => this.loaded.delete(key));
      this.loaded.set(key, model);
    }
    return model;
  }
}

/** Scores texts for one lens, routing each to the NLI model for its language. */
export class LensScorer {
  constructor(
    private readonly primary: StanceClassifier,
    private readonly multilingual: StanceClassifier | null,
    private readonly trained: TrainedStance | null = null,
  ) {}

  /** The same scorer with stance from a trained classifier. */
  withStance(trained: TrainedStance): LensScorer {
    return new LensScorer(this.primary, this.multilingual, trained);
  }

  /** `nli`: the models whose scores are filed (a trained classifier first, when it scores stance), then the NLI models. */
  get models(): { nli: ModelInfo[]; sentiment: ModelInfo } {
    return {
      nli: [
        ...(this.trained ? [this.trained.info] : []),
        ...[this.primary, this.multilingual].flatMap((c) => (c ? [c.modelInfo] : [])),
      ],
      sentiment: this.primary.sentimentInfo,
    };
  }

  /** The model this text's stance score is filed under. */
  modelFor(input: ClassifyInput): ModelRef {
    const { id, revision } = this.trained?.info ?? this.classifierFor(input).modelInfo;
    return { id, revision };
  }

  async score(inputs: ClassifyInput[]): Promise<ScoredText[]> {
    const results = new Array<ScoredText>(inputs.length);
    const groups = new Map<StanceClassifier, number[]>();
    inputs.forEach((input, index) => {
      const classifier = this.classifierFor(input);
      groups.set(classifier, [...(groups.get(classifier) ?? []), index]);
    });
    for (const [classifier, indexes] of groups) {
      const scores = await classifier.classify(indexes.map((index) => inputs[index]));
      const model = { id: classifier.modelInfo.id, revision: classifier.modelInfo.revision };
      const sentimentModel = { id: classifier.sentimentInfo.id, revision: classifier.sentimentInfo.revision };
      indexes.forEach(
        (index, k) => (results[index] = { ...scores[k], model, sentimentModel, framingModel: model }),
      );
    }
    if (!this.trained) return results;
    const stance = await this.trained.stance(inputs.map((input) => input.text));
    const model = { id: this.trained.info.id, revision: this.trained.info.revision };
    return results.map((scored, i) => ({ ...scored, stance: stance[i], model }));
  }

  private classifierFor(input: ClassifyInput): StanceClassifier {
    return this.multilingual && needsMultilingualModel(input.language, input.text)
      ? this.multilingual
      : this.primary;
  }
}
