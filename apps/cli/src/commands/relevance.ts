import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { defaultLens, loadLenses, type Lens, RelevanceFilter } from '../../../../libs/lens/src/index.js';

export interface RelevanceArgs {
  text?: string;
  file?: string;
  lens?: string;
  lensesPath: string;
}

export interface RelevanceIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/**
 * `stancewatch relevance [--lens NAME] (TEXT | --file F.jsonl)`: one JSON line per text on stdout,
 * `{"relevant": boolean, "terms": [...]}`. With --file, every non-blank input line must be a JSON object
 * with a string "text" field; the first bad line stops the run with exit status 1 and names the line, so
 * the output lines written so far correspond one to one with the input lines before it.
 */
export async function runRelevance(args: RelevanceArgs, io: RelevanceIo): Promise<number> {
  const fail = (code: number, message: string) => {
    io.stderr.write(`${message}\n`);
    return code;
  };
  if ((args.text === undefined) === (args.file === undefined)) {
    return fail(EXIT_USAGE, 'give either a TEXT or --file F.jsonl (one of the two)');
  }
  let lenses: Lens[];
  try {
    lenses = loadLenses(args.lensesPath);
  } catch (error) {
    return fail(EXIT_FAILED, (error as Error).message);
  }
  const lens =
    args.lens === undefined ? defaultLens(lenses) : lenses.find((candidate) => candidate.name === args.lens);
  if (!lens) {
    const available = lenses.map((candidate) => candidate.name).join(', ') || 'none';
    const problem =
      args.lens === undefined ? `${args.lensesPath} marks no lens as default` : `unknown lens "${args.lens}"`;
    return fail(EXIT_USAGE, `${problem}; available lenses: ${available} (choose one with --lens NAME)`);
  }
  const filter = new RelevanceFilter(lens);
  if (args.text !== undefined) {
    await writeLine(io.stdout, JSON.stringify(filter.match(args.text)));
    return EXIT_OK;
  }
  return matchFile(args.file!, filter, io, fail);
}

async function matchFile(
  path: string,
  filter: RelevanceFilter,
  io: RelevanceIo,
  fail: (code: number, message: string) => number,
): Promise<number> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const text = textOfLine(line);
      if (typeof text !== 'string') return fail(EXIT_FAILED, `${path}:${lineNumber}: ${text.error}`);
      await writeLine(io.stdout, JSON.stringify(filter.match(text)));
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(EXIT_FAILED, `cannot read ${path} (${code ?? (error as Error).message})`);
  } finally {
    lines.close();
  }
  return EXIT_OK;
}

function textOfLine(line: string): string | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return {
      error: `not valid JSON (${(error as Error).message}); expected an object such as {"text": "..."}`,
    };
  }
  const text = (value as { text?: unknown } | null)?.text;
  if (typeof value !== 'object' || Array.isArray(value) || typeof text !== 'string') {
    return { error: 'expected a JSON object with a string "text" field' };
  }
  return text;
}

// Respect back-pressure so a large file piped into a slow consumer does not pile up in memory.
async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}
