import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';

/**
 * Fills a scratch folder beside `target` and renames it into place, so a reader never sees half a
 * model and a failure leaves nothing behind. With `replace`, an existing folder is swapped out;
 * without, an existing folder is an error (the rename refuses to overwrite a folder with files).
 */
export async function writeModelFolder(
  target: string,
  fill: (dir: string) => Promise<void>,
  options: { replace: boolean },
): Promise<void> {
  const scratch = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fill(scratch);
    if (options.replace) await rm(target, { recursive: true, force: true });
    await rename(scratch, target);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
