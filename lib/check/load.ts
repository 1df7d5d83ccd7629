/**
 * Turns paths (or in-memory YAML / objects) into Manifests.
 *
 * Parsing follows what kubectl does with a file, so the gate judges the object
 * the cluster would get:
 * - YAML 1.1 scalars, like the go-yaml parser behind kubectl: `yes`/`on` are
 *   booleans, `0755` is octal, and `<<` merge keys work. A label written
 *   `enabled: on` is then a boolean, which the schema check reports instead of
 *   letting it slip by. (No timestamps or binary: kubectl turns documents into
 *   JSON, which has neither.)
 * - Duplicate keys are an error (kubectl would keep the last one silently).
 * - A `kind: List` document (and every typed list: ConfigMapList, RoleList, …) is
 *   expanded into its items, as kubectl apply does; each item keeps its own lines.
 * - `.json` files are read too (JSON is YAML); a JSON document without apiVersion
 *   and kind (a dashboard, a package.json) is skipped with a note.
 * - Files that are not Kubernetes objects but feed a tool that makes them
 *   (kustomization.yaml, a Helm chart's Chart.yaml, values*.yaml and templates/,
 *   text with `{{` that does not parse) are skipped with a note, not misread.
 * Anything the gate cannot read is an InputError (exit code 2), with file:line:col.
 *
 * The parser is js-yaml's event parser: about ten times faster than building a
 * `yaml` Document (0.3 s instead of 2.7 s for 10,000 objects), which the
 * 2-second budget for 10,000 objects needs. Key paths are mapped to lines only
 * when a finding asks, by re-reading that file's events (see line-index.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  boolYaml11Tag,
  constructFromEvents,
  dump,
  EVENT_ID,
  FAILSAFE_SCHEMA,
  floatYaml11Tag,
  intYaml11Tag,
  mergeTag,
  nullYaml11Tag,
  parseEvents,
  Schema,
  YAMLException,
  type Event,
} from 'js-yaml';
import { LineIndex } from './line-index';
import type { KeyPath, Manifest } from './types';
import { asArray, isRecord } from '../shared/values';

/** Input the gate cannot use: a missing path, an unreadable file, broken YAML, a document that is not an object. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** 1-based; undefined when the problem is the file itself. */
    readonly line?: number,
    readonly col?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}:${col ?? 1}: ${reason}`);
    this.name = 'InputError';
  }
}

/** A file (or document) the gate did not check, and why: reported as a note. */
export interface InputNote {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface LoadResult {
  readonly manifests: Manifest[];
  /** Every YAML file read, in the order checked. */
  readonly files: string[];
  readonly errors: InputError[];
  /** Files and documents skipped on purpose (kustomize, Helm, non-Kubernetes JSON). */
  readonly notes: InputNote[];
}

/** YAML 1.1 scalars and merge keys, as go-yaml (kubectl) reads them; nothing JSON cannot hold. */
const KUBECTL_YAML = new Schema([...FAILSAFE_SCHEMA.tags, nullYaml11Tag, boolYaml11Tag, intYaml11Tag, floatYaml11Tag, mergeTag]);
const MAX_ALIASES = 100; // stops "billion laughs" documents
/**
 * At most this many nodes added by resolving aliases, per document. The alias
 * count alone does not stop a billion laughs: 70 aliases nested ten deep
 * expand to 10^8 nodes. Real manifests reuse a few small blocks.
 */
export const MAX_ALIAS_EXPANSION = 100_000;
const YAML_FILE = /\.(ya?ml|json)$/i;

/**
 * Every .yaml/.yml file under the given paths, sorted by code point so the
 * order never depends on the file system or the locale. Hidden folders and
 * node_modules are skipped. A file named directly is read whatever its extension.
 */
export function expandPaths(paths: readonly string[]): { files: string[]; errors: InputError[] } {
  const files = new Set<string>();
  const errors: InputError[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      errors.push(new InputError(path, describeFsError(error)));
      continue;
    }
    if (!isDir) {
      files.add(path);
      continue;
    }
    const found: string[] = [];
    try {
      walk(path, found);
    } catch (error) {
      errors.push(new InputError(path, describeFsError(error)));
      continue;
    }
    if (found.length === 0) {
      errors.push(new InputError(path, 'folder holds no .yaml, .yml or .json files (is the path right? has the synth run?)'));
    }
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(byCodePoint), errors };
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, out);
    } else if (YAML_FILE.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      out.push(full);
    }
  }
}

/** Reads and parses every YAML file under the paths. Never throws for bad input: see `errors`. */
export function loadPaths(paths: readonly string[]): LoadResult {
  const { files, errors } = expandPaths(paths);
  const manifests: Manifest[] = [];
  const read: string[] = [];
  const notes: InputNote[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      errors.push(new InputError(file, describeFsError(error)));
      continue;
    }
    read.push(file);
    const tool = toolFileReason(file);
    if (tool) {
      notes.push({ file, line: 1, reason: tool });
      continue;
    }
    const parsed = parseManifests(text, file);
    if (parsed.errors.length > 0 && parsed.manifests.length === 0 && text.includes('{{')) {
      notes.push({ file, line: 1, reason: 'a Go/Helm template (it has {{ … }} and is not valid YAML as it stands): render it (helm template) and check the output' });
      continue;
    }
    for (const manifest of parsed.manifests) {
      const skip = notAnObjectReason(manifest, file);
      if (skip) notes.push({ file, line: manifest.line, reason: skip });
      else manifests.push(manifest);
    }
    errors.push(...parsed.errors);
  }
  return { manifests, files: read, errors, notes };
}

/**
 * Files that configure a tool which makes the objects (kustomize, Helm): checking them as objects
 * would only produce noise. Undefined for an ordinary manifest file.
 */
export function toolFileReason(file: string): string | undefined {
  const name = basename(file);
  if (/^kustomization\.ya?ml$/i.test(name) || name === 'Kustomization') {
    return 'a kustomize kustomization, not an object: run `kustomize build` (or `kubectl kustomize`) and check its output';
  }
  const dir = dirname(file);
  if (/^Chart\.(ya?ml|lock)$/.test(name)) return 'a Helm chart\'s Chart file, not an object: run `helm template` and check its output';
  if (existsSync(join(dir, 'Chart.yaml')) && /^values.*\.ya?ml$/i.test(name)) return 'Helm chart values, not an object: run `helm template` and check its output';
  const segments = dir.split(/[\\/]/);
  const templates = segments.lastIndexOf('templates');
  if (templates > 0 && existsSync(join(segments.slice(0, templates).join('/') || '/', 'Chart.yaml'))) {
    return 'a Helm chart template: run `helm template` and check its output';
  }
  return undefined;
}

/** Documents that are clearly not Kubernetes objects: kustomize Kustomization/Component, and JSON without apiVersion and kind. */
function notAnObjectReason(manifest: Manifest, file: string): string | undefined {
  const { apiVersion, kind } = manifest.object;
  if (typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/')) {
    return `a kustomize ${String(kind)}, not an object: run \`kustomize build\` and check its output`;
  }
  if (/\.json$/i.test(file) && apiVersion === undefined && kind === undefined) {
    return 'JSON without apiVersion and kind: not a Kubernetes object (a dashboard, a config file?)';
  }
  return undefined;
}

/**
 * Parses one multi-document YAML text; `file` names where it came from. The
 * synth can hand over the exact text it writes, so the gate reads the bytes
 * kubectl will read.
 */
export function parseManifests(text: string, file: string): { manifests: Manifest[]; errors: InputError[] } {
  let documents: unknown[];
  let roots: number[];
  try {
    const events = parseEvents(text, { filename: file });
    checkAliasExpansion(events, text, file);
    roots = LineIndex.rootOffsets(events);
    documents = constructFromEvents(events, { source: text, filename: file, schema: KUBECTL_YAML, maxAliases: MAX_ALIASES });
  } catch (error) {
    return { manifests: [], errors: [error instanceof InputError ? error : yamlError(error, file)] };
  }
  const index = new LineIndex(text);
  const manifests: Manifest[] = [];
  const errors: InputError[] = [];
  documents.forEach((object, docIndex) => {
    if (object === null || object === undefined) return; // an empty document
    const start = index.position(roots[docIndex] ?? 0);
    if (!isRecord(object)) {
      const what = Array.isArray(object) ? 'a list' : 'a scalar';
      errors.push(new InputError(file, `document ${docIndex + 1} is ${what}, not a mapping (a Kubernetes object)`, start.line, start.col));
      return;
    }
    const manifest: Manifest = { file, docIndex, line: start.line, object, lineOf: (path) => index.lineOf(docIndex, path) };
    manifests.push(...expandList(manifest));
  });
  return { manifests, errors };
}

/**
 * Manifests from objects already in memory. Nothing is serialised unless a
 * finding needs a line: then the objects are written as one multi-document
 * YAML text (`file`) and lines point into that text.
 */
export function manifestsFromObjects(objects: readonly Record<string, unknown>[], file = '<memory>'): Manifest[] {
  let index: LineIndex | undefined;
  const lines = () => (index ??= new LineIndex(toYamlText(objects)));
  return objects.flatMap((object, docIndex) =>
    expandList({
      file,
      docIndex,
      get line() {
        return lines().lineOf(docIndex, []);
      },
      object,
      lineOf: (path: KeyPath) => lines().lineOf(docIndex, path),
    }),
  );
}

/** Objects as one multi-document YAML text, quoting every string YAML 1.1 would misread. */
export function toYamlText(objects: readonly Record<string, unknown>[]): string {
  return objects.map((object) => dump(object, { noRefs: true, lineWidth: -1 })).join('---\n');
}

/**
 * Counts the nodes each alias stands for (the size of the anchored node,
 * aliases inside it included) without building anything, and stops at the
 * alias that takes the document past MAX_ALIAS_EXPANSION added nodes.
 */
function checkAliasExpansion(events: readonly Event[], text: string, file: string): void {
  if (!events.some((event) => event.type === EVENT_ID.ALIAS)) return;
  const anchors = new Map<string, number>();
  /** Open nodes: their size so far and their anchor, if any. */
  const stack: { size: number; anchor: string | undefined }[] = [];
  let expanded = 0;
  const anchorOf = (event: { anchorStart: number; anchorEnd: number }) =>
    event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined;
  const add = (size: number) => {
    const top = stack[stack.length - 1];
    if (top) top.size += size;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        anchors.clear();
        expanded = 0;
        stack.push({ size: 0, anchor: undefined });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        stack.push({ size: 1, anchor: anchorOf(event) });
        break;
      case EVENT_ID.SCALAR: {
        const anchor = anchorOf(event);
        if (anchor !== undefined) anchors.set(anchor, 1);
        add(1);
        break;
      }
      case EVENT_ID.ALIAS: {
        const size = anchors.get(text.slice(event.anchorStart, event.anchorEnd)) ?? 1;
        expanded += size;
        if (expanded > MAX_ALIAS_EXPANSION) {
          const at = new LineIndex(text).position(event.anchorStart - 1);
          throw new InputError(file, `YAML: too many alias expansions: aliases would add more than ${MAX_ALIAS_EXPANSION} nodes to this document (a "billion laughs" document?)`, at.line, at.col);
        }
        add(size);
        break;
      }
      case EVENT_ID.POP: {
        const done = stack.pop();
        if (done?.anchor !== undefined) anchors.set(done.anchor, done.size);
        if (done) add(done.size);
        break;
      }
    }
  }
}

/**
 * `kind: List` is kubectl's envelope for several objects in one document, and every typed list
 * (`ConfigMapList`, `RoleList`, …: what `kubectl get -o yaml` writes) is one too: check each item.
 */
function expandList(manifest: Manifest): Manifest[] {
  const { object } = manifest;
  if (typeof object.kind !== 'string' || !object.kind.endsWith('List') || !Array.isArray(object.items)) return [manifest];
  return asArray(object.items).flatMap((item, index) => {
    if (!isRecord(item)) return [];
    const prefix: KeyPath = ['items', index];
    return [
      {
        file: manifest.file,
        docIndex: manifest.docIndex,
        get line() {
          return manifest.lineOf(prefix);
        },
        object: item,
        lineOf: (path: KeyPath) => manifest.lineOf([...prefix, ...path]),
      },
    ];
  });
}

function yamlError(error: unknown, file: string): InputError {
  if (error instanceof YAMLException) {
    const mark = error.mark;
    return new InputError(file, `YAML: ${error.reason}`, mark ? mark.line + 1 : 1, mark ? mark.column + 1 : 1);
  }
  return new InputError(file, `YAML: ${error instanceof Error ? error.message : String(error)}`, 1, 1);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return `cannot read (${code ?? (error as Error).message})`;
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
