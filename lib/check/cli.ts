/**
 * The `npm run check` command line, kept out of scripts/ so tests can run it
 * in-process. Exit codes: 0 clean (warnings allowed), 1 violations, 2 the
 * input could not be checked (missing path, broken YAML, bad flag). Nothing
 * ever escapes as a stack trace: every failure is one line on stderr.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CHECKS, INPUT_ERROR, INPUT_SKIPPED, policyChecks } from './checks/index';
import { checkManifests, type FileFinding } from './engine';
import { isCrdObject } from './schema/catalog';
import { loadPaths, type InputError, type InputNote, type LoadResult } from './load';
import { objectId } from './objects';
import { FORMATS, isFormat, render, type Format } from './report/index';
import { summaryLine } from './report/text';
import { CHECK_CLASSES, type CheckClass } from './types';
import { WAIVER_PREFIX } from './waivers';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE } from '../shared/exit-codes';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const DEFAULT_PATH = 'dist/';

export const USAGE = `Usage: npm run check [-- PATH...] [--production] [--class correctness|policy] [--crds PATH]... [--unknown-kinds warning|error] [--format text|json|sarif|junit] [--output FILE] [--base DIR] [--list-checks]

Checks Kubernetes YAML and JSON (files or folders, .yaml/.yml/.json, multi-document, List
kinds expanded; kustomization and Helm files skipped with a note) against the
strict schema and the policy catalogue. Default PATH: ${DEFAULT_PATH}

Options:
  -f, --format FORMAT  text (default), json, sarif (code scanning) or junit (CI test tabs)
  -o, --output FILE    write the report to FILE instead of stdout (the summary still goes to stderr)
      --class CLASS    only correctness (what the API server or an operator would refuse, or what
                       cannot work) or only policy (our good-practice rules) findings
      --crds PATH      CustomResourceDefinitions (a file or a folder; repeatable) to validate custom
                       resources against, besides the CRDs in the input and the bundled ones
      --unknown-kinds warning|error
                       a kind without any schema: a warning (default) or an error
      --production     also run the production checks (single-point-of-failure): no serving or
                       data workload may go down with one node or one declared zone
      --base DIR       SARIF: file uris relative to DIR (default: the repository root around the
                       working directory, else the working directory)
      --list-checks    list every check id with its severity and description (text or json), then exit
  -h, --help           show this help

Waive a check on one object with an annotation that says why:
  metadata.annotations["${WAIVER_PREFIX}<check-id>"]: "<reason>"

Exit codes: 0 no violations (warnings and notes allowed), 1 violations, 2 unusable input (a
missing path, broken YAML: still reported as findings, and --output is still written).
`;

interface CliOptions {
  readonly format?: string;
  readonly output?: string;
  readonly base?: string;
  readonly production?: boolean;
  readonly class?: string;
  readonly crds?: string[];
  readonly 'unknown-kinds'?: string;
  readonly 'list-checks'?: boolean;
  readonly help?: boolean;
}

export function runCheckCli(argv: readonly string[], io: CliIo): number {
  const parsed = parseCliArgs(argv, io);
  if (typeof parsed === 'number') return parsed;
  const { options, paths } = parsed;
  if (options.help) {
    io.stdout(USAGE);
    return EXIT_CLEAN;
  }
  const format = options.format ?? 'text';
  if (!isFormat(format)) {
    io.stderr(`check: unknown format "${format}"; use one of ${FORMATS.join(', ')}\n`);
    return EXIT_UNUSABLE;
  }
  const checkClass = options.class;
  if (checkClass !== undefined && !isCheckClass(checkClass)) {
    io.stderr(`check: unknown class "${checkClass}"; use one of ${CHECK_CLASSES.join(', ')}\n`);
    return EXIT_UNUSABLE;
  }
  const unknownKinds = options['unknown-kinds'] ?? 'warning';
  if (unknownKinds !== 'warning' && unknownKinds !== 'error') {
    io.stderr(`check: --unknown-kinds takes warning or error, not "${unknownKinds}"\n`);
    return EXIT_UNUSABLE;
  }
  if (options['list-checks']) return listChecks(format, io);
  return checkAndReport(
    paths.length > 0 ? paths : [DEFAULT_PATH],
    format,
    { output: options.output, base: options.base ?? repositoryRoot(), production: options.production, class: checkClass, crds: options.crds ?? [], unknownKinds },
    io,
  );
}

/** The options and paths, or the exit code after a bad flag. */
function parseCliArgs(argv: readonly string[], io: CliIo): { options: CliOptions; paths: string[] } | number {
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        base: { type: 'string' },
        production: { type: 'boolean' },
        class: { type: 'string' },
        crds: { type: 'string', multiple: true },
        'unknown-kinds': { type: 'string' },
        'list-checks': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    return { options: parsed.values, paths: parsed.positionals };
  } catch (error) {
    io.stderr(`check: ${(error as Error).message.split('\n')[0]} (see --help)\n`);
    return EXIT_UNUSABLE;
  }
}

function listChecks(format: Format, io: CliIo): number {
  if (format !== 'text' && format !== 'json') {
    io.stderr(`check: --list-checks prints text or json, not ${format}\n`);
    return EXIT_UNUSABLE;
  }
  io.stdout(format === 'json' ? listChecksJson() : listChecksText());
  return EXIT_CLEAN;
}

/** Loads and checks the paths, then writes the report to `output` (or stdout) and the summary to stderr. */
interface ReportOptions {
  readonly output?: string;
  readonly base: string;
  readonly production?: boolean;
  readonly class?: CheckClass;
  readonly crds: readonly string[];
  readonly unknownKinds: 'warning' | 'error';
}

function isCheckClass(value: string): value is CheckClass {
  return (CHECK_CLASSES as readonly string[]).includes(value);
}

function checkAndReport(paths: readonly string[], format: Format, { output, base, production, class: checkClass, crds, unknownKinds }: ReportOptions, io: CliIo): number {
  const loaded = loadPaths(paths);
  const crdFiles = crds.length > 0 ? loadPaths(crds) : undefined;
  if (crdFiles) loaded.errors.push(...crdFiles.errors);
  const crdObjects = (crdFiles?.manifests ?? []).filter((m) => isCrdObject(m.object)).map((m) => ({ object: m.object, source: `--crds ${m.file}` }));
  if (crdFiles && crdObjects.length === 0 && crdFiles.errors.length === 0) io.stderr(`check: note: --crds ${crds.join(' ')} holds no CustomResourceDefinition\n`);
  // Unreadable input no longer stops the run before the report: CI gets a report (SARIF, JSON, JUnit) with the
  // syntax errors as findings at their line and column, whatever else was readable is checked, and the exit code is 2.
  for (const error of loaded.errors) io.stderr(`${error.message}\n`);
  const report = checkManifests(loaded.manifests, {
    files: loaded.files,
    checks: policyChecks({ production }),
    class: checkClass,
    crds: crdObjects,
    unknownKinds,
    fileFindings: [...loaded.errors.map(inputErrorFinding), ...loaded.notes.map(inputNoteFinding)],
  });
  if (report.summary.objects === 0 && loaded.errors.length === 0) {
    io.stderr(`check: note: no Kubernetes objects in ${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'} (empty or comments only)\n`);
  }
  const text = render(report, format, { objectsByFile: objectsByFile(loaded), base });
  if (output !== undefined) {
    if (!writeReport(output, text, io)) return EXIT_UNUSABLE;
    io.stderr(`${summaryLine(report)} (report written to ${output})\n`);
  } else {
    io.stdout(text);
    if (format !== 'text') io.stderr(`${summaryLine(report)}\n`);
  }
  if (loaded.errors.length > 0) {
    io.stderr(`check: ${loaded.errors.length} input error${loaded.errors.length === 1 ? '' : 's'}; those files were not checked\n`);
    return EXIT_UNUSABLE;
  }
  return report.passed ? EXIT_CLEAN : EXIT_FINDINGS;
}

function inputErrorFinding(error: InputError): FileFinding {
  return { file: error.file, line: error.line ?? 1, col: error.col, check: INPUT_ERROR.id, severity: 'error', message: error.reason, hint: INPUT_ERROR.hint };
}

function inputNoteFinding(note: InputNote): FileFinding {
  return { file: note.file, line: note.line, check: INPUT_SKIPPED.id, severity: 'note', message: `not checked: ${note.reason}`, hint: INPUT_SKIPPED.hint };
}

/** The nearest folder at or above the working directory holding `.git`; the working directory when there is none. */
function repositoryRoot(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** The ids of the objects in each file read, in order, files without objects included. */
function objectsByFile(loaded: LoadResult): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const file of loaded.files) byFile.set(file, []);
  for (const manifest of loaded.manifests) {
    const list = byFile.get(manifest.file)!;
    const id = objectId(manifest.object);
    if (!list.includes(id)) list.push(id);
  }
  return byFile;
}

/** Writes the report file; false (after saying why on stderr) when it cannot. */
function writeReport(output: string, text: string, io: CliIo): boolean {
  try {
    ensureDirectory(dirname(output));
    writeFileSync(output, text);
    return true;
  } catch (error) {
    io.stderr(`check: cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return false;
  }
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
  const lines = ALL_CHECKS.map((info) => `${info.id.padEnd(width)}  ${info.severity.padEnd(7)}  ${info.class.padEnd(11)}  ${info.description}`);
  return `${lines.join('\n')}\n`;
}

function listChecksJson(): string {
  const checks = ALL_CHECKS.map(({ id, group, severity, class: checkClass, description, hint, rationale }) => ({ id, group, severity, class: checkClass, description, hint, rationale }));
  return `${JSON.stringify(checks, null, 2)}\n`;
}
