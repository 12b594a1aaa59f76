/** Where a command writes: JSON and results to stdout, messages and progress to stderr. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A mistake in how the command was called: exit status 2 and a one-line message. */
export class UsageError extends Error {}

/** The work could not be done: exit status 1 and a one-line message. */
export class CommandError extends Error {}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}
