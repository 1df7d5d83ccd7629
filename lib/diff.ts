/**
 * `npm run diff`: what a synth would change in the output folder, without writing anything.
 * Renders in memory through the synth pipeline (`renderOutputs`: the exact bytes synth would
 * write), then compares with the folder on disk object by object: added / changed / removed,
 * per folder, with the changed fields and a unified YAML diff of each changed object.
 *
 * The unified diff comes from the `diff` package (jsdiff): a small, dependency-free, widely
 * used implementation of Myers' algorithm with correct hunk headers and context; a home-made
 * LCS would be as long as this file and easy to get subtly wrong at hunk boundaries.
 */
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parse } from 'yaml';
import { objectId, type KubeObject } from './render/files';
import { readTree } from './render/write';
import { renderOutputs, type SynthOptions } from './synth';

export interface ObjectChange {
  /** `Kind namespace/name`, or the file path for files that are not objects (REPORT.md). */
  readonly id: string;
  /** Path inside the folder. */
  readonly path: string;
  /** Key paths whose values differ (changed objects only), e.g. `spec.replicas`. */
  readonly fields: readonly string[];
  /** Unified diff, current file → rendered file. */
  readonly patch: string;
}

export interface FolderDiff {
  readonly folder: string;
  readonly added: readonly ObjectChange[];
  readonly changed: readonly ObjectChange[];
  readonly removed: readonly ObjectChange[];
}

export interface DiffResult {
  readonly outDir: string;
  readonly folders: readonly FolderDiff[];
  readonly stale: boolean;
}

export type DiffOptions = Pick<SynthOptions, 'overlaysDir' | 'outDir' | 'only' | 'overrides'>;

function asObject(content: string): KubeObject | undefined {
  try {
    const value = parse(content);
    return value && typeof value === 'object' && typeof value.kind === 'string' && value.metadata?.name ? value : undefined;
  } catch {
    return undefined;
  }
}

const WIDTH = 60;

/** Both values, shortened around where they first differ (long PromQL or scripts differ late). */
function renderChange(before: unknown, after: unknown): string {
  const a = JSON.stringify(before) ?? 'absent';
  const b = JSON.stringify(after) ?? 'absent';
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  const start = Math.max(0, first - 20);
  const cut = (text: string) => {
    if (text.length <= WIDTH) return text;
    const piece = text.slice(start, start + WIDTH);
    return `${start > 0 ? '…' : ''}${piece}${start + WIDTH < text.length ? '…' : ''}`;
  };
  return `${cut(a)} → ${cut(b)}`;
}

/** Key paths where two JSON values differ, with before → after. */
export function changedFields(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const step = (k: string) => (/^[A-Za-z_][\w-]*$/.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`);
    return keys.flatMap((k) => changedFields(before[k], after[k], step(k)));
  }
  // Lists of named items (containers, env, ports, volumes) are compared by name, as Kubernetes merges them.
  const names = (list: unknown[]) => list.map((item) => (isMap(item) && typeof item.name === 'string' ? item.name : undefined));
  if (Array.isArray(before) && Array.isArray(after)) {
    const [a, b] = [names(before), names(after)];
    const named = (n: (string | undefined)[]) => n.every((x) => x !== undefined) && new Set(n).size === n.length;
    if (named(a) && named(b)) {
      const all = [...new Set([...(a as string[]), ...(b as string[])])];
      return all.flatMap((n) => changedFields(before[a.indexOf(n)], after[b.indexOf(n)], `${path}[${n}]`));
    }
    if (before.length === after.length) return before.flatMap((v, i) => changedFields(v, after[i], `${path}[${i}]`));
  }
  return [`${path || '(whole object)'}: ${renderChange(before, after)}`];
}

export function diffFolder(folder: string, outDir: string, rendered: ReadonlyMap<string, string>): FolderDiff {
  const current = readTree(join(outDir, folder));
  const label = (p: string) => `${outDir}/${folder}/${p}`;
  const entry = (path: string, before: string | undefined, after: string | undefined): ObjectChange => {
    const oldObject = before === undefined ? undefined : asObject(before);
    const newObject = after === undefined ? undefined : asObject(after);
    const object = newObject ?? oldObject;
    return {
      id: object ? objectId(object) : path,
      path,
      fields: before !== undefined && after !== undefined && oldObject && newObject ? changedFields(oldObject, newObject) : [],
      patch: createTwoFilesPatch(
        before === undefined ? '/dev/null' : label(path),
        after === undefined ? '/dev/null' : `${label(path)} (rendered)`,
        before ?? '',
        after ?? '',
        undefined,
        undefined,
        { context: 3 },
      ),
    };
  };
  const added: ObjectChange[] = [];
  const changed: ObjectChange[] = [];
  const removed: ObjectChange[] = [];
  for (const [path, content] of [...rendered].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = current.get(path);
    if (before === undefined) added.push(entry(path, undefined, content));
    else if (before !== content) changed.push(entry(path, before, content));
  }
  for (const [path, content] of current) if (!rendered.has(path)) removed.push(entry(path, content, undefined));
  return { folder, added, changed, removed };
}

/** Renders the stack in memory and compares it with `outDir`; writes nothing. */
export function diffStack(options: DiffOptions): DiffResult {
  const folders = renderOutputs(options).folders.map(({ folder, files }) => diffFolder(folder, options.outDir, files));
  return { outDir: options.outDir, folders, stale: folders.some((f) => f.added.length + f.changed.length + f.removed.length > 0) };
}

const indent = (text: string, by: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => by + l)
    .join('\n');

/** The readable report: per folder, each object added (+), changed (~) or removed (-), with diffs. */
export function formatDiff(result: DiffResult, options: { patches?: boolean } = {}): string {
  const out: string[] = [];
  let objects = 0;
  for (const f of result.folders) {
    const count = f.added.length + f.changed.length + f.removed.length;
    objects += count;
    if (!count) {
      out.push(`${result.outDir}/${f.folder}/: current`);
      continue;
    }
    out.push(`${result.outDir}/${f.folder}/: ${f.added.length} added, ${f.changed.length} changed, ${f.removed.length} removed`);
    const item = (sign: string, c: ObjectChange) => {
      out.push(`  ${sign} ${c.id}${c.id === c.path ? '' : `  (${c.path})`}`);
      for (const field of c.fields) out.push(`      ${field}`);
      if (options.patches !== false) {
        // Skip jsdiff's `Index:` and `===` lines: the --- / +++ headers already name the file.
        out.push(indent(c.patch.split('\n').filter((l) => !/^(Index: |=+$)/.test(l)).join('\n'), '      '));
      }
    };
    for (const c of f.added) item('+', c);
    for (const c of f.changed) item('~', c);
    for (const c of f.removed) item('-', c);
  }
  out.push(
    result.stale
      ? `diff: ${result.outDir}/ is stale: ${objects} file(s) differ; run \`npm run synth\` and commit the result`
      : `diff: ${result.outDir}/ is current`,
  );
  return out.join('\n');
}
