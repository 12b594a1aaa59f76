import { execFile } from 'node:child_process';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `stancewatch` binary (built by `npm test`'s pretest step), as an operator would. */
export function stancewatch(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/stancewatch.js', ...args],
      { env: { PATH: process.env.PATH ?? '', FEED_ALLOW_CIDRS: '127.0.0.0/8', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
