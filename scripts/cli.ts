/** Shared by the command-line scripts: argument parsing and the exit-code contract. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OverlayError } from '../lib/overlay';
import { RenderError } from '../lib/render/render';

/** Exit codes: 0 success, 1 findings (check, diff), 2 unusable input. */
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function parseCli<T extends ParseArgsConfig['options']>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}

/** Runs a command; bad input is reported in plain words with exit 2, never a stack trace. */
export function runCli(main: () => number | Promise<number>): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        if (err instanceof OverlayError || err instanceof RenderError) {
          process.stderr.write(`${err.message}\n${err instanceof OverlayError ? `${err.problems.length} problem(s); nothing was written.\n` : 'nothing was written.\n'}`);
        } else if (err instanceof UsageError) {
          process.stderr.write(`${err.message}\n`);
        } else {
          const e = err as NodeJS.ErrnoException;
          process.stderr.write(`error: ${e?.message ?? String(err)}${e?.code ? ` (${e.code})` : ''}\nnothing was written.\n`);
        }
        process.exitCode = EXIT_USAGE;
      },
    );
}
