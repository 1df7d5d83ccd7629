/** Shared by the command-line scripts: argument parsing and the exit-code contract. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OverlayError, type CommandLineOverrides } from '../lib/overlay';
import { RenderError } from '../lib/render/render';
import { EXIT_CLEAN, EXIT_UNUSABLE } from '../lib/shared/exit-codes';

export class UsageError extends Error {}

export function parseCli<T extends ParseArgsConfig['options']>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}

/** The options every stack command shares (synth, diff), plus its own flags. */
export const STACK_OPTIONS = {
  overlay: { type: 'string', multiple: true },
  overlays: { type: 'string', default: 'overlays' },
  out: { type: 'string', default: 'dist' },
  file: { type: 'string', short: 'f', multiple: true },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const STACK_USAGE = `  --overlay NAME   only this environment (repeatable, or comma-separated; default: all)
  --overlays DIR   folder with base.yaml and one file per environment (default: overlays)
  --out DIR        the rendered output folder (default: dist)
  -f FILE          an overlay-shaped YAML file layered over every environment (repeatable, in order)
  --set KEY=VALUE  one key layered over every environment, after the -f files (repeatable), e.g.
                   --set services.api.replicas=4   --set images."ghcr.io/acme/api"=1.5.0`;

export interface StackArgs<F> {
  readonly overlaysDir: string;
  readonly outDir: string;
  readonly only: string[];
  readonly overrides: CommandLineOverrides;
  readonly flags: F;
}

/**
 * Parses a stack command's arguments; `undefined` when the command should stop with
 * `code` (after --help, or on a stray argument).
 */
export function parseStackArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  extra: T,
  usage: string,
): { args?: StackArgs<Record<keyof T, any>>; code: number } {
  const { values, positionals } = parseCli(argv, { ...STACK_OPTIONS, ...extra }, usage);
  const v = values as Record<string, any>;
  if (v.help) {
    console.log(usage);
    return { code: EXIT_CLEAN };
  }
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}\n\n${usage}`);
  return {
    code: EXIT_CLEAN,
    args: {
      overlaysDir: v.overlays,
      outDir: String(v.out).replace(/\/+$/, '') || '.',
      only: overlayNames(v.overlay ?? [], usage),
      overrides: { files: v.file ?? [], sets: v.set ?? [] },
      flags: v as Record<keyof T, any>,
    },
  };
}

/** `--overlay a,b --overlay c`; an empty name (`--overlay=$ENV` with ENV unset) is an error, not "all". */
function overlayNames(values: string[], usage: string): string[] {
  const names = values.flatMap((o) => o.split(','));
  if (names.some((n) => n.trim() === '')) throw new UsageError(`--overlay needs an environment name\n\n${usage}`);
  return names.map((n) => n.trim());
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
        process.exitCode = EXIT_UNUSABLE;
      },
    );
}
