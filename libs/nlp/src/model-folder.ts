import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';

/**
 * Fills a scratch folder beside `target` and renames it into place, so a reader never sees half a
 * model and a failure leaves nothing behind. With `replace` (for generated folders, the same bytes
 * whoever writes them), an existing folder is swapped out; without, an existing folder is an error
 * (the rename refuses to overwrite a folder with files).
 */
export async function writeModelFolder(
  target: string,
  fill: (dir: string) => Promise<void>,
  options: { replace: boolean },
): Promise<void> {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const scratch = `${target}.partial-${suffix}`;
  const replaced = `${target}.replaced-${suffix}`;
  try {
    await fill(scratch);
    // Two renames, not a removal and a rename: a process loading the model (another test, a worker
    // starting) finds it missing for the moment between them, not for as long as deleting takes.
    if (options.replace) await rename(target, replaced).catch(ignoreMissing);
    await rename(scratch, target).catch((error: NodeJS.ErrnoException) => {
      // Replacing, another process put its folder in place between the two renames: the generator
      // is deterministic, so that folder is this one.
      if (options.replace && (error.code === 'ENOTEMPTY' || error.code === 'EEXIST')) return;
      throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(replaced, { recursive: true, force: true });
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
