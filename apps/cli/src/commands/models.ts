import { loadModel, resolveModel, SENTIMENT_BY_NLI, type ModelRole } from '../../../../libs/nlp/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, printJson, type CliIo } from '../cli-io.js';

interface PullTarget {
  name: string;
  role: ModelRole;
}

const TASK_OF_ROLE = {
  nli: 'zero-shot-classification',
  sentiment: 'text-classification',
  encoder: 'feature-extraction',
} as const;

/**
 * Downloads the configured models into the cache (or generates the built-in one) ahead of time, for
 * Docker images and hosts that will run offline. Loading them is the check that they are complete.
 */
export async function pullModels(
  ctx: CliContext,
  opts: { model?: string; encoder?: string | boolean; json?: boolean },
  io: CliIo,
): Promise<number> {
  const settings = ctx.config.models;
  const encoder = opts.encoder === true ? settings.trainEncoder : opts.encoder || null;
  const targets: PullTarget[] = encoder
    ? [{ name: encoder, role: 'encoder' }]
    : opts.model
      ? [{ name: opts.model, role: 'nli' }]
      : [
          { name: settings.nliModel, role: 'nli' },
          ...(settings.nliModelMultilingual
            ? [{ name: settings.nliModelMultilingual, role: 'nli' as const }]
            : []),
          // SENTIMENT_MODEL=nli: the NLI model above scores tone too; nothing more to fetch.
          ...(settings.sentimentModel === SENTIMENT_BY_NLI
            ? []
            : [{ name: settings.sentimentModel, role: 'sentiment' as const }]),
        ];
  // Pulling means fetching: the offline switch is for the service, not for this command.
  const online = { ...settings, offline: false };
  for (const target of targets) {
    const options = await resolveModel(target.name, target.role, online);
    const task = TASK_OF_ROLE[target.role];
    io.stderr.write(
      `pulling ${options.modelId} (${task}, ${options.dtype}) into ${options.offline ? options.localModelPath : options.cacheDir}\n`,
    );
    let model;
    try {
      model = await loadModel(task, options, {
        info: (message, fields) =>
          io.stderr.write(
            `  ${message}${fields?.file ? ` ${fields.file}` : ''}${fields?.percent !== undefined ? ` ${fields.percent}%` : ''}\n`,
          ),
      });
    } catch (error) {
      throw new CommandError((error as Error).message);
    }
    const result = {
      id: model.info.id,
      task,
      revision: model.info.revision,
      dtype: model.info.dtype,
      labels: model.info.labels,
      builtin: model.info.builtin,
    };
    await model.dispose();
    if (opts.json) printJson(io, result);
    else
      io.stdout.write(
        `ready: ${result.id} (${task}, ${result.dtype}${result.builtin ? ', built-in' : ''}; labels ${result.labels.join(', ')})\n`,
      );
  }
  if (!opts.json)
    io.stderr.write(
      `models cached in ${settings.cacheDir}; set MODELS_OFFLINE=true to keep the service off the network\n`,
    );
  return 0;
}
