import { BadRequestException } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config/src/index.js';
import type { Lenses } from '../../../../libs/lens/src/index.js';
import { modelIdFor } from '../../../../libs/nlp/src/index.js';

/**
 * The lens and model a query asks for, or the configured ones. The lens is checked against the
 * configured lenses here, after parsing, so that the query schemas stay static and the OpenAPI
 * document can be generated from them.
 */
export class ScoringDefaults {
  readonly lensNames: string[];
  readonly lens: string;
  readonly model: string;

  constructor(config: AppConfig, lenses: Lenses) {
    this.lensNames = lenses.names;
    this.lens = lenses.default?.name ?? '';
    this.model = modelIdFor(config.models.nliModel, 'nli');
  }

  /** The lens named in the query, or the default one; 400 for a name that is not configured. */
  lensOf(requested: string | undefined): string {
    if (requested === undefined) return this.lens;
    if (this.lensNames.includes(requested)) return requested;
    throw new BadRequestException([
      `query.lens: unknown lens; available lenses: ${this.lensNames.join(', ')}`,
    ]);
  }

  modelOf(requested: string | undefined): string {
    return requested ?? this.model;
  }
}
