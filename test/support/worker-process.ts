/**
 * The real worker process (the compiled one that `npm start` runs), for fault tests: start it with an
 * environment, signal it, wait for its exit, read its memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr so far (only a failure to start). */
  stderr(): string;
  /** Its JSON log lines so far (stdout), parsed. */
  logs(): Array<Record<string, unknown>>;
  /** Resident memory in MiB, from /proc/<pid>/status. */
  rssMiB(): number;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts one; its health server is off unless `env` sets WORKER_HTTP_PORT (several run side by side). */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env: { PATH: process.env.PATH ?? '', WORKER_HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    stderr: () => stderr,
    logs: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    rssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
      return kib / 1024;
    },
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The worker processes one test file started: started through it, killed together in afterAll. */
export class WorkerProcesses {
  private readonly started: WorkerProcess[] = [];

  start(env: Record<string, string>): WorkerProcess {
    const worker = startWorkerProcess(env);
    this.started.push(worker);
    return worker;
  }

  all(): readonly WorkerProcess[] {
    return this.started;
  }

  /** Kills every one still running. */
  async killAll(): Promise<void> {
    await Promise.all(this.started.map((worker) => worker.stop('SIGKILL')));
  }
}
