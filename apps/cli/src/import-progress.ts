import type { CliIo } from './cli-io.js';

// Files smaller than this import in seconds: no progress lines to clutter a script's stderr.
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;
const STEP_PERCENT = 5;

/**
 * Progress of a large import on stderr: a line at each 5 % of the bytes read, with the records so
 * far, so an analyst loading a 2 GB GKG day sees it move. Silent for small files.
 */
export function importProgress(io: CliIo, size: number) {
  const enabled = size >= PROGRESS_MIN_BYTES;
  let read = 0;
  let received = 0;
  let shown = 0;
  const show = () => {
    const percent = Math.floor((read / size) * 100);
    if (percent < shown + STEP_PERCENT) return;
    shown = percent - (percent % STEP_PERCENT);
    io.stderr.write(
      `import: ${shown}% of ${megabytes(size)} read, ${received.toLocaleString('en')} record(s)\n`,
    );
  };
  return {
    async *counting(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of bytes) {
        read += chunk.length;
        if (enabled) show();
        yield chunk;
      }
    },
    records(count: number) {
      received = count;
    },
    done() {
      if (enabled && shown < 100)
        io.stderr.write(`import: done, ${received.toLocaleString('en')} record(s)\n`);
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
