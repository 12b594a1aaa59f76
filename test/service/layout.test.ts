import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..', '..');
const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true }).filter((e) => e.isDirectory());

interface NestProject {
  type: 'application' | 'library';
  root: string;
  entryFile: string;
  sourceRoot: string;
}

/** The layout README's table draws: nest-cli.json describes it, and lint holds the code to it. */
describe('the layout of apps and libraries', () => {
  const projects = (
    JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as { projects: Record<string, NestProject> }
  ).projects;

  it('gives every library an index and a project in nest-cli.json, and names nothing that is not there', () => {
    for (const lib of folders('libs').map((entry) => entry.name)) {
      expect(existsSync(join(root, 'libs', lib, 'src', 'index.ts'))).toBe(true);
      expect(projects[lib]).toEqual({
        type: 'library',
        root: `libs/${lib}`,
        entryFile: 'index',
        sourceRoot: `libs/${lib}/src`,
      });
    }
    for (const app of folders('apps').map((entry) => entry.name)) {
      expect(projects[app]).toMatchObject({ type: 'application', entryFile: `apps/${app}/src/main` });
    }
    for (const project of Object.values(projects)) {
      const entry = project.type === 'library' ? `${project.sourceRoot}/index.ts` : `${project.entryFile}.ts`;
      expect({ entry, exists: existsSync(join(root, entry)) }).toEqual({ entry, exists: true });
    }
  });

  it('refuses a deep import into a library and an import the wrong way between libraries', async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (filePath: string, code: string) =>
      (await eslint.lintText(code, { filePath: join(root, filePath) }))[0].messages.map((m) => m.message);

    expect(
      await lint(
        'apps/api/src/probe.ts',
        "export { FeedPoller } from '../../../libs/feeds/src/ingest/feed-poller.js';\n",
      ),
    ).toEqual([expect.stringMatching(/through its index/)]);
    expect(
      await lint(
        'apps/api/src/probe.ts',
        "export const load = () => import('../../../libs/db/src/database.js');\n",
      ),
    ).toEqual([expect.stringMatching(/through its index/)]);
    expect(
      await lint('libs/trends/src/probe.ts', "export { FeedPoller } from '../../feeds/src/index.js';\n"),
    ).toEqual([expect.stringMatching(/libs\/trends may import only libs\/config, libs\/db/)]);
    expect(
      await lint('apps/api/src/probe.ts', "export { FeedPoller } from '../../../libs/feeds/src/index.js';\n"),
    ).toEqual([]);
    // A library's vocabulary is its second entry, and imports nothing itself.
    expect(
      await lint(
        'apps/cli/src/probe.ts',
        "export { FEED_KINDS } from '../../../libs/feeds/src/vocabulary.js';\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'libs/feeds/src/vocabulary.ts',
        "import { z } from 'zod';\nexport const kinds = z.string();\n",
      ),
    ).toEqual([expect.stringMatching(/a vocabulary imports nothing/)]);
  });
});
