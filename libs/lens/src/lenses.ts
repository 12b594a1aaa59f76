import { defaultLens, loadLenses, type Lens } from './lens.js';
import { RelevanceFilter } from './relevance/relevance-filter.js';

/** A lens's name with the filter that decides whether a text is relevant to it. */
export interface LensRelevance {
  name: string;
  filter: RelevanceFilter;
}

/**
 * The configured lenses, loaded once per process (LensModule, or the CLI's context) and handed to
 * whatever needs them: the poller and importers match texts with them, the classifier reads their
 * hypotheses, the API and the CLI check the lens a request names against them.
 */
export class Lenses {
  readonly names: string[];
  /** The lens a request that names none means: the one marked default, else the first. */
  readonly default: Lens | undefined;

  constructor(readonly all: readonly Lens[]) {
    this.names = all.map((lens) => lens.name);
    this.default = defaultLens(all) ?? all[0];
  }

  /** From a lenses file; throws naming the file and what is wrong in it. */
  static load(file: string): Lenses {
    return new Lenses(loadLenses(file));
  }

  find(name: string): Lens | undefined {
    return this.all.find((lens) => lens.name === name);
  }

  /** A relevance filter per lens, built once. */
  relevance(): LensRelevance[] {
    this.filters ??= this.all.map((lens) => ({ name: lens.name, filter: new RelevanceFilter(lens) }));
    return this.filters;
  }

  private filters?: LensRelevance[];
}
