/**
 * The `npm run check` command line, kept out of scripts/ so tests can run it
 * in-process. Exit codes: 0 clean (warnings allowed), 1 violations, 2 the
 * input could not be checked (missing path, broken YAML, bad flag). Nothing
 * ever escapes as a stack trace: every failure is one line on stderr.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CHECKS, policyChecks } from './checks/index';
import { checkManifests } from './engine';
import { loadPaths } from './load';
import { objectId } from './objects';
import { FORMATS, isFormat, render } from './report/index';
import { summaryLine } from './report/text';
import { WAIVER_PREFIX } from './waivers';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE } from '../shared/exit-codes';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const DEFAULT_PATH = 'dist/';

export const USAGE = `Usage: npm run check [-- PATH...] [--production] [--format text|json|sarif|junit] [--output FILE] [--list-checks]

Checks Kubernetes YAML (files or folders, .yaml/.yml, multi-document) against the
strict schema and the policy catalogue. Default PATH: ${DEFAULT_PATH}

Options:
  -f, --format FORMAT  text (default), json, sarif (code scanning) or junit (CI test tabs)
  -o, --output FILE    write the report to FILE instead of stdout (the summary still goes to stderr)
      --production     also run the production checks (single-point-of-failure): no serving or
                       data workload may go down with one node or one declared zone
      --list-checks    list every check id with its severity and description (text or json), then exit
  -h, --help           show this help

Waive a check on one object with an annotation that says why:
  metadata.annotations["${WAIVER_PREFIX}<check-id>"]: "<reason>"

Exit codes: 0 no violations (warnings allowed), 1 violations, 2 unusable input.
`;

export function runCheckCli(argv: readonly string[], io: CliIo): number {
  let options: { format?: string; output?: string; 'list-checks'?: boolean; production?: boolean; help?: boolean };
  let paths: string[];
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'list-checks': { type: 'boolean' },
        production: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    options = parsed.values;
    paths = parsed.positionals;
  } catch (error) {
    io.stderr(`check: ${(error as Error).message.split('\n')[0]} (see --help)\n`);
    return EXIT_UNUSABLE;
  }

  if (options.help) {
    io.stdout(USAGE);
    return EXIT_CLEAN;
  }
  const format = options.format ?? 'text';
  if (!isFormat(format)) {
    io.stderr(`check: unknown format "${format}"; use one of ${FORMATS.join(', ')}\n`);
    return EXIT_UNUSABLE;
  }
  if (options['list-checks']) {
    if (format !== 'text' && format !== 'json') {
      io.stderr(`check: --list-checks prints text or json, not ${format}\n`);
      return EXIT_UNUSABLE;
    }
    io.stdout(format === 'json' ? listChecksJson() : listChecksText());
    return EXIT_CLEAN;
  }

  const loaded = loadPaths(paths.length > 0 ? paths : [DEFAULT_PATH]);
  if (loaded.errors.length > 0) {
    for (const error of loaded.errors) io.stderr(`${error.message}\n`);
    io.stderr(`check: ${loaded.errors.length} input error${loaded.errors.length === 1 ? '' : 's'}; nothing was checked\n`);
    return EXIT_UNUSABLE;
  }

  const report = checkManifests(loaded.manifests, { files: loaded.files, checks: policyChecks({ production: options.production }) });
  if (report.summary.objects === 0) {
    io.stderr(`check: note: no Kubernetes objects in ${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'} (empty or comments only)\n`);
  }
  const objectsByFile = new Map<string, string[]>();
  for (const file of loaded.files) objectsByFile.set(file, []);
  for (const manifest of loaded.manifests) {
    const list = objectsByFile.get(manifest.file)!;
    const id = objectId(manifest.object);
    if (!list.includes(id)) list.push(id);
  }
  const output = render(report, format, objectsByFile);

  if (options.output !== undefined) {
    try {
      ensureDirectory(dirname(options.output));
      writeFileSync(options.output, output);
    } catch (error) {
      io.stderr(`check: cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT_UNUSABLE;
    }
    io.stderr(`${summaryLine(report)} (report written to ${options.output})\n`);
  } else {
    io.stdout(output);
    if (format !== 'text') io.stderr(`${summaryLine(report)}\n`);
  }
  return report.passed ? EXIT_CLEAN : EXIT_FINDINGS;
}

/**
 * Creates the folder for --output one level at a time. Not mkdirSync's
 * recursive mode: on Node 20 it never returns for a missing folder under /proc.
 * An existing parent that is not a folder is ENOTDIR.
 */
function ensureDirectory(dir: string): void {
  let stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const parent = dirname(dir);
    if (parent === dir) throw error;
    ensureDirectory(parent);
    mkdirSync(dir);
    return;
  }
  if (!stats.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
}

function listChecksText(): string {
  const width = Math.max(...ALL_CHECKS.map((info) => info.id.length));
  const lines = ALL_CHECKS.map((info) => `${info.id.padEnd(width)}  ${info.severity.padEnd(7)}  ${info.description}`);
  return `${lines.join('\n')}\n`;
}

function listChecksJson(): string {
  const checks = ALL_CHECKS.map(({ id, group, severity, description, hint, rationale }) => ({ id, group, severity, description, hint, rationale }));
  return `${JSON.stringify(checks, null, 2)}\n`;
}
