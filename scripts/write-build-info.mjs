// Writes dist/build-info.json with the commit being built (`git describe --always --dirty`), read by
// stancewatch_build_info. Without git (a Docker build, where .dockerignore leaves .git out) the commit
// is null and the metric says `unknown` unless STANCEWATCH_COMMIT names it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let commit = null;
try {
  commit = execFileSync('git', ['describe', '--always', '--dirty', '--abbrev=12'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
  }).trim();
} catch {
  // not a git checkout, or no git: unknown
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify({ commit })}\n`);
