/** Reading one overlay file: YAML with positions kept, so every problem can name its line. */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { KeyPath, OverlayProblem } from './errors';
import { emptyValues, firstLine, isBinary, unresolvedAlias, yamlProblems } from './yaml-problems';

export interface OverlaySource {
  /** Environment name (file name without extension), `base` for the base. */
  readonly name: string;
  /** Path as shown to the user. */
  readonly file: string;
  /** Parsed content: plain JSON values (null where the file says null). */
  readonly data: unknown;
  /** Line and column of a key path, or of its deepest existing parent. */
  locate(path: KeyPath): { line: number; col: number; exact: boolean; depth: number };
}

export function readOverlaySource(file: string, name: string): OverlaySource | OverlayProblem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return [{ file, line: 0, col: 0, path: [], message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})` }];
  }
  return parseOverlaySource(text, file, name);
}

export function parseOverlaySource(text: string, file: string, name: string): OverlaySource | OverlayProblem[] {
  const lineCounter = new LineCounter();
  // `merge: true`: `<<: *defaults` merge keys work, as most YAML tools allow.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2', merge: true });
  if (isBinary(text)) return [{ file, line: 0, col: 0, path: [], message: 'not a text file (binary content): an overlay is a YAML text file' }];
  const problems = doc.errors.length ? yamlProblems(text, doc, lineCounter) : [];
  if (problems.length) return problems.map((p) => ({ file, ...p }));
  const alias = unresolvedAlias(doc, lineCounter);
  if (alias) return [{ file, ...alias }];
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An alias that expands too far (a "billion laughs" file).
    return [{ file, line: 1, col: 1, path: [], message: `YAML error: ${firstLine((err as Error).message)}` }];
  }
  const empty = emptyValues(doc, lineCounter);
  if (empty.length) return empty.map((p) => ({ file, ...p }));
  const proto = findKey(data, '__proto__');
  if (proto) {
    const { line, col } = locate(doc, lineCounter, proto);
    return [{ file, line, col, path: proto, message: 'the key `__proto__` is not allowed' }];
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return [{ file, line: 1, col: 1, path: [], message: 'an overlay file must be a YAML mapping (keys `stack`, `services`)' }];
  }
  return { name, file, data, locate: (path) => locate(doc, lineCounter, path) };
}

/** Path of the first map key named `key`, if any. */
function findKey(value: unknown, key: string, path: (string | number)[] = []): (string | number)[] | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findKey(v, key, [...path, i]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      if (k === key) return [...path, k];
      const found = findKey((value as Record<string, unknown>)[k], key, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function locate(doc: Document, lines: LineCounter, path: KeyPath) {
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      offset = node.range?.[0] ?? offset;
    } else {
      break;
    }
    depth++;
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col, exact: depth === path.length, depth };
}
