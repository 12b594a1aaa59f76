/**
 * Captures what this process writes to stdout and stderr (where the JSON loggers write), so a test can
 * check that nothing secret was logged. Output still shows when STANCEWATCH_TEST_LOGS is set.
 */
export interface CapturedOutput {
  text(): string;
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      if (process.env.STANCEWATCH_TEST_LOGS)
        return (originals[i] as (...args: unknown[]) => boolean)(chunk, ...rest);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  });
  return {
    text: () => chunks.join(''),
    restore: () => streams.forEach((stream, i) => (stream.write = originals[i] as typeof stream.write)),
  };
}
