/**
 * Loading a stack: read `base` and every environment file of an overlays folder,
 * validate each file, merge base + environment, validate the result, check references.
 * Either every requested environment resolves, or an OverlayError lists every problem.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from '../model/schema';
import { FORMATS } from '../model/formats';
import { OverlayError, sortProblems, type KeyPath, type OverlayProblem } from './errors';
import { mergeOverlay } from './merge';
import { applyImageVersions } from './images';
import { overrideLayers, type CommandLineOverrides } from './layers';
import { schemaVersionProblems } from './schema-version';
import { clustersWithoutDestination, hostsSharedAcrossEnvironments } from './rules';
import { environmentFileProblems } from './environment-file';
import { checkStackSemantics, stackWarnings } from './semantics';
import { readOverlaySource, type OverlaySource } from './source';
import { suggest, validateMergedStack, validateOverlayFile, type SchemaProblem } from './validate';

export { OverlayError, formatProblem } from './errors';
export type { CommandLineOverrides } from './layers';

export interface ResolvedOverlay {
  /** Environment name: the file name without extension; also the output folder name. */
  readonly environment: string;
  /** The merged stack with schema defaults filled in. */
  readonly stack: Stack;
  /**
   * Where a key of the merged stack was set (a `-f`/`--set` layer wins over the environment file, which wins over the base), for
   * problems found only once the stack is rendered (a patch that matches nothing).
   * @default - problems are reported without a position
   */
  readonly locate?: (path: KeyPath) => OverlayProblem;
}

/** Names that cannot be environments: `base` is the base, `argocd` is the GitOps folder of `dist/`. */
const RESERVED = new Set(['base', 'argocd']);
const OVERLAY_FILE = /^(?<name>[^.].*)\.ya?ml$/;

function overlayFiles(dir: string): { name: string; file: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new OverlayError([{ file: dir, line: 0, col: 0, path: [], message: 'overlays folder not found: pass a folder holding base.yaml and one file per environment' }]);
  }
  const seen = new Map<string, string>();
  const problems: OverlayProblem[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const name = OVERLAY_FILE.exec(entry)?.groups?.name;
    if (!name) continue;
    const file = join(dir, entry);
    if (seen.has(name)) {
      problems.push({ file, line: 0, col: 0, path: [], message: `environment \`${name}\` is defined twice (${seen.get(name)} and ${file}); keep one` });
    } else if (name !== 'base' && (RESERVED.has(name) || !FORMATS['dns-label'].check(name))) {
      problems.push({ file, line: 0, col: 0, path: [], message: `\`${name}\` cannot name an environment: use a DNS label other than ${[...RESERVED].join(' or ')}` });
    }
    seen.set(name, file);
  }
  if (!seen.has('base')) problems.push({ file: join(dir, 'base.yaml'), line: 0, col: 0, path: [], message: 'missing base overlay: create base.yaml' });
  if (seen.size < 2 && seen.has('base')) problems.push({ file: dir, line: 0, col: 0, path: [], message: 'no environment files: add e.g. dev.yaml next to base.yaml' });
  if (problems.length) throw new OverlayError(sortProblems(problems));
  return [...seen].map(([name, file]) => ({ name, file }));
}

/** A loaded stack: the environments, and what renders but is probably a mistake (file:line warnings). */
export interface LoadedStack {
  readonly overlays: ResolvedOverlay[];
  readonly warnings: OverlayProblem[];
}

/**
 * Loads the named environments (all when `only` is empty) of the stack in `dir`, with the
 * command-line overrides layered over each environment.
 */
export function loadOverlays(dir: string, only: readonly string[] = [], overrides: CommandLineOverrides = {}): ResolvedOverlay[] {
  return loadStack(dir, only, overrides).overlays;
}

export function loadStack(dir: string, only: readonly string[] = [], overrides: CommandLineOverrides = {}): LoadedStack {
  const files = overlayFiles(dir);
  const wanted = wantedEnvironments(dir, files, only);
  const { sources, layers } = readSources(files, wanted, overrides);
  const base = sources.get('base')!;
  const overrideSources = layers.slice().reverse();
  const problems: OverlayProblem[] = [];
  const warnings: OverlayProblem[] = [];
  const resolved = wanted.map((environment) => {
    const source = sources.get(environment)!;
    const layered = [...overrideSources, source, base];
    const place = (p: SchemaProblem) => at(p, layered, environment);
    const merged = overrideSources.reduceRight<unknown>((stack, layer) => mergeOverlay(stack, layer.data), mergeOverlay(base.data, source.data));
    const found = validateMergedStack(merged);
    if (!found.length) found.push(...applyImageVersions(merged as unknown as Stack));
    if (!found.length) found.push(...checkStackSemantics(merged as unknown as Stack, environment));
    problems.push(...found.map(place));
    if (!found.length) warnings.push(...stackWarnings(merged as unknown as Stack).map(place));
    const locate = (path: KeyPath) => at({ path, message: '' }, layered);
    return { environment, stack: merged as unknown as Stack, place, locate };
  });
  problems.push(...namespaceClashes(resolved, sources));
  if (problems.length) throw new OverlayError(dedupe(problems));
  for (const { environment, ...warning } of [...hostsSharedAcrossEnvironments(resolved), ...clustersWithoutDestination(resolved)]) {
    warnings.push(resolved.find((r) => r.environment === environment)!.place(warning));
  }
  return { overlays: resolved.map(({ environment, stack, locate }) => ({ environment, stack, locate })), warnings: dedupe(warnings) };
}

function wantedEnvironments(dir: string, files: readonly { name: string }[], only: readonly string[]): string[] {
  const environments = files.map((f) => f.name).filter((n) => n !== 'base');
  const unknown = only.filter((n) => !environments.includes(n));
  if (unknown.length) {
    throw new OverlayError(
      unknown.map((n) => {
        const hint = suggest(n, environments);
        return { file: dir, line: 0, col: 0, path: [], message: `unknown overlay \`${n}\`${hint ? ` — did you mean \`${hint}\`?` : ''}; overlays in ${dir}: ${environments.join(', ')}` };
      }),
    );
  }
  return only.length ? [...new Set(only)].sort() : environments;
}

/** The base, the wanted environment files and the override layers, each validated on its own. */
function readSources(files: readonly { name: string; file: string }[], wanted: readonly string[], overrides: CommandLineOverrides) {
  const problems: OverlayProblem[] = [];
  const sources = new Map<string, OverlaySource>();
  for (const { name, file } of files) {
    if (name !== 'base' && !wanted.includes(name)) continue;
    const source = readOverlaySource(file, name);
    if (Array.isArray(source)) {
      problems.push(...source);
      continue;
    }
    sources.set(name, source);
  }
  const base = sources.get('base');
  for (const [name, source] of sources) {
    const wrongVersion = schemaVersionProblems(source);
    if (wrongVersion.length) {
      problems.push(...wrongVersion);
      continue;
    }
    // A misplaced service key is explained once, as such, not also key by key by the schema.
    const own = base && name !== 'base' ? environmentFileProblems(base, source) : [];
    const explained = (p: SchemaProblem) => own.some((o) => o.path.length && o.path.every((segment, i) => p.path[i] === segment));
    problems.push(...own, ...validateOverlayFile(source.data).filter((p) => !explained(p)).map((p) => at(p, [source])));
  }
  const { layers, problems: unreadable } = overrideLayers(overrides);
  problems.push(...unreadable);
  for (const layer of layers) problems.push(...validateOverlayFile(layer.data).map((p) => at(p, [layer])));
  if (problems.length) throw new OverlayError(dedupe(problems));
  return { sources, layers };
}

/** Two environments in one namespace would overwrite each other's objects (and fight in ArgoCD). */
function namespaceClashes(resolved: readonly { environment: string; stack: Stack }[], sources: ReadonlyMap<string, OverlaySource>): OverlayProblem[] {
  const problems: OverlayProblem[] = [];
  const byNamespace = new Map<string, string>();
  for (const { environment, stack } of resolved) {
    const other = byNamespace.get(stack.stack.namespace);
    if (other) {
      const source = sources.get(environment)!;
      const { line, col } = source.locate(['stack', 'namespace']);
      problems.push({
        file: source.file,
        line,
        col,
        path: ['stack', 'namespace'],
        message: `environments \`${other}\` and \`${environment}\` both render into namespace \`${stack.stack.namespace}\`; give each its own`,
      });
    }
    byNamespace.set(stack.stack.namespace, environment);
  }
  return problems;
}

/** Places a problem in the file that set the key (the environment file wins over the base). */
function at(problem: SchemaProblem, sources: OverlaySource[], environment?: string): OverlayProblem {
  let best: { source: OverlaySource; loc: ReturnType<OverlaySource['locate']> } | undefined;
  for (const source of sources) {
    const loc = source.locate(problem.path as KeyPath);
    if (!best || loc.depth > best.loc.depth) best = { source, loc };
  }
  const { source, loc } = best!;
  const inBase = environment !== undefined && source.name === 'base';
  return { file: source.file, line: loc.line, col: loc.col, path: problem.path, message: problem.message, ...(inBase ? { environment } : {}) };
}

/**
 * A problem in the base shows up once per environment merged with it: report it once,
 * naming the environments where it occurs.
 */
function dedupe(problems: (OverlayProblem & { environment?: string })[]): OverlayProblem[] {
  const seen = new Map<string, { problem: OverlayProblem; environments: string[] }>();
  for (const { environment, ...p } of problems) {
    const key = `${p.file}:${p.line}:${p.col}:${p.message}`;
    const entry = seen.get(key) ?? seen.set(key, { problem: p, environments: [] }).get(key)!;
    if (environment) entry.environments.push(environment);
  }
  return sortProblems(
    [...seen.values()].map(({ problem, environments }) =>
      environments.length ? { ...problem, message: `${problem.message} (when merged into ${environments.join(', ')})` } : problem,
    ),
  );
}
