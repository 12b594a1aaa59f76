import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { projectRoot } from '../libs/db/src/index.js';

/** A "classify job done" line of the worker's JSON log. */
export interface JobDone {
  durationMs: number;
  scored: number;
  /** performance.now() in this process when the line arrived: the job's scores are committed by then. */
  at: number;
}

export interface WorkerProcess {
  pid: number;
  /** Every classify job the worker has logged as done, in order. */
  jobs: JobDone[];
  /** Resident and peak resident memory (MiB), from /proc/<pid>/status. */
  memory(): { rssMiB: number; peakMiB: number };
  /** Throws (with the tail of its stderr) once the process has exited. */
  assertAlive(): void;
  stop(): Promise<void>;
}

/** Starts the compiled worker (`npm run start:worker`) with exactly `env` (and PATH), logging at level "log". */
export function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    cwd: projectRoot(),
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const jobs: JobDone[] = [];
  let stderr = '';
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ?? `code ${code}`;
      resolve();
    }),
  );
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const done = jobDone(line);
    if (done) jobs.push(done);
  });
  return {
    pid: child.pid!,
    jobs,
    memory: () => memoryOf(child.pid!),
    assertAlive() {
      if (exit) throw new Error(`the worker process exited (${exit}): ${stderr.trim() || 'no stderr'}`);
    },
    async stop() {
      if (exit) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

function jobDone(line: string): JobDone | null {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  const record = entry as { message?: unknown } & Record<string, unknown>;
  const fields = (typeof record.message === 'object' && record.message ? record.message : record) as Record<
    string,
    unknown
  >;
  if (fields.msg !== 'classify job done' || typeof fields.durationMs !== 'number') return null;
  return { durationMs: fields.durationMs, scored: Number(fields.scored ?? 0), at: performance.now() };
}

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
