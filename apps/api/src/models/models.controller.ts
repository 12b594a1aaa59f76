import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { ModelRepository, type ModelRecord } from '../../../../libs/scoring/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { ApiOkResponseFrom } from '../http/zod-openapi.js';
import { modelListResponse } from './model-responses.js';
import {
  BUILTIN,
  listTrainedModels,
  modelIdFor,
  SENTIMENT_BY_NLI,
  type ModelRole,
} from '../../../../libs/nlp/src/index.js';

interface ConfiguredModel {
  task: 'stance' | 'stance-multilingual' | 'sentiment';
  role: ModelRole;
  name: string;
}

/** Which models score articles: as configured, and as the classify workers last loaded them. */
@ApiTags('models')
@Controller('api/v1/models')
export class ModelsController {
  constructor(
    private readonly config: AppConfig,
    private readonly models: ModelRepository,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'listModels',
    summary:
      'the configured models and the trained classifiers, and whether and when the classify workers loaded them',
  })
  @ApiOkResponseFrom(modelListResponse, 'the models per task; `id` is what `model` selects elsewhere')
  async list() {
    const settings = this.config.models;
    const configured: ConfiguredModel[] = [
      { task: 'stance', role: 'nli', name: settings.nliModel },
      ...(settings.nliModelMultilingual
        ? [
            {
              task: 'stance-multilingual' as const,
              role: 'nli' as const,
              name: settings.nliModelMultilingual,
            },
          ]
        : []),
      // SENTIMENT_MODEL=nli: the stance model itself scores tone.
      settings.sentimentModel === SENTIMENT_BY_NLI
        ? { task: 'sentiment', role: 'nli', name: settings.nliModel }
        : { task: 'sentiment', role: 'sentiment', name: settings.sentimentModel },
    ];
    const [loaded, trained] = await Promise.all([this.models.list(), listTrainedModels(settings.localDir)]);
    return {
      models: configured.map(({ task, role, name }) => {
        const id = modelIdFor(name, role);
        const record = loaded.find((model) => model.id === id && model.task === pipelineTask(role));
        return describe(task, id, name, record, settings);
      }),
      trained: trained.map((model) => {
        const record = loaded.find((m) => m.id === model.id && m.task === 'text-classification');
        return { ...model, loaded: Boolean(record), lastLoadedAt: record?.lastLoadedAt ?? null };
      }),
    };
  }
}

function pipelineTask(role: ModelRole): ModelRecord['task'] {
  return role === 'nli' ? 'zero-shot-classification' : 'text-classification';
}

function describe(
  task: ConfiguredModel['task'],
  id: string,
  name: string,
  record: ModelRecord | undefined,
  settings: AppConfig['models'],
) {
  return {
    task,
    id,
    revision: record?.revision ?? (name === BUILTIN ? 'main' : settings.revision),
    dtype: record?.dtype ?? settings.dtype,
    labels: record?.labels ?? null,
    builtin: record?.builtin ?? name === BUILTIN,
    loaded: Boolean(record),
    lastLoadedAt: record?.lastLoadedAt ?? null,
  };
}
