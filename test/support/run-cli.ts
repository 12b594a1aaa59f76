import { execFile } from 'node:child_process';

export interface CliRun {
  /** The exit status; null when the run was killed (see `timedOut`). */
  code: number | null;
  /** True when the command ran past the helper's limit and was killed: its output so far is kept. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `stancewatch` binary (built by `npm test`'s pretest step), as an operator would. The
 * limit is below Jest's 60 s test timeout, so a command that hangs fails its assertion with what it
 * printed (assert with `toMatchObject({ code })`, which shows stdout and stderr) instead of the test
 * timing out with nothing to read.
 */
export function stancewatch(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 40_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/stancewatch.js', ...args],
      { env: { PATH: process.env.PATH ?? '', FEED_ALLOW_CIDRS: '127.0.0.0/8', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const killed = Boolean(error && (error as { killed?: boolean }).killed);
        const code = killed ? null : error ? Number(error.code ?? 1) : 0;
        resolve({ code, timedOut: killed, stdout, stderr });
      },
    );
  });
}
