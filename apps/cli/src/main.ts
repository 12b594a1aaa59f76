import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { StderrLogger } from './cli-logger.js';
import { buildProgram, reportError } from './program.js';

const io = { stdout: process.stdout, stderr: process.stderr };
Logger.overrideLogger(new StderrLogger(process.stderr, process.argv.includes('--verbose')));
const program = buildProgram(io, (code) => {
  process.exitCode = code;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, io, process.argv.includes('--verbose'));
}
