import {
  API_SCOPES,
  ApiKeyRepository,
  type ApiKeyRecord,
  type ApiScope,
} from '../../../../libs/db/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, UsageError, printJson, type CliIo } from '../cli-io.js';

const keysOf = (ctx: CliContext) => new ApiKeyRepository(ctx.db);

function parseScope(scope: string | undefined): ApiScope {
  if (!API_SCOPES.includes(scope as ApiScope))
    throw new UsageError(`--scope must be one of ${API_SCOPES.join(', ')}, got "${scope ?? ''}"`);
  return scope as ApiScope;
}

function parseKeyId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new UsageError(
      `key id must be a positive whole number, got "${text}" (see \`stancewatch keys list\`)`,
    );
  return id;
}

const time = (date: Date | null) => date?.toISOString() ?? '-';

function keyLine(key: ApiKeyRecord): string {
  return [
    String(key.id).padStart(4),
    (key.revokedAt ? 'revoked' : 'active').padEnd(7),
    key.scopes.join(',').padEnd(10),
    key.name.slice(0, 32).padEnd(32),
    `created ${time(key.createdAt)}`,
    `last used ${time(key.lastUsedAt)}`,
  ].join('  ');
}

/** Creates a key and prints it once: only its SHA-256 digest is stored. */
export async function createKey(
  ctx: CliContext,
  opts: { name?: string; scope?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const name = opts.name?.trim();
  if (!name) throw new UsageError('--name must not be empty (say who or what uses the key)');
  const { key, record } = await keysOf(ctx).create(name, [parseScope(opts.scope)]);
  if (opts.json) printJson(io, { ...record, key });
  else {
    io.stdout.write(`${key}\n`);
    io.stderr.write(
      `created key ${record.id} "${record.name}" with the ${record.scopes.join(', ')} scope; ` +
        'this is the only time it is shown: store it now (send it as `Authorization: Bearer <key>`)\n',
    );
  }
  return 0;
}

export async function listKeys(ctx: CliContext, opts: { json?: boolean }, io: CliIo): Promise<number> {
  const keys = await keysOf(ctx).list();
  for (const key of keys) {
    if (opts.json) printJson(io, key);
    else io.stdout.write(`${keyLine(key)}\n`);
  }
  if (!opts.json) io.stderr.write(`${keys.length} keys\n`);
  return 0;
}

export async function revokeKey(
  ctx: CliContext,
  idText: string,
  opts: { json?: boolean },
  io: CliIo,
): Promise<number> {
  const key = await keysOf(ctx).revoke(parseKeyId(idText));
  if (!key) throw new CommandError(`no key with id ${idText} (see \`stancewatch keys list\`)`);
  if (opts.json) printJson(io, key);
  else io.stdout.write(`key ${key.id} "${key.name}" revoked at ${time(key.revokedAt)}\n`);
  return 0;
}
