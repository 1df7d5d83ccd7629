/**
 * Overrides from the command line, layered over an environment (last wins):
 *
 *   overlays/base.yaml  <  overlays/<env>.yaml  <  -f FILE (in order)  <  --set KEY=VALUE (in order)
 *
 * Each layer is an overlay source like a file of overlays/, so it is validated the same way
 * and every problem names where it came from (`-f` files with line and column, `--set` by
 * the flag itself).
 */
import { parse } from 'yaml';
import type { KeyPath, OverlayProblem } from './errors';
import { readOverlaySource, type OverlaySource } from './source';

export interface CommandLineOverrides {
  /** `-f FILE`: overlay-shaped YAML files. */
  readonly files?: readonly string[];
  /** `--set KEY=VALUE`: one key, dotted (`services.api.replicas=4`; `images."ghcr.io/acme/api"=1.5.0`). */
  readonly sets?: readonly string[];
}

/** The override layers in precedence order, and every problem found reading them. */
export function overrideLayers(overrides: CommandLineOverrides = {}): { layers: OverlaySource[]; problems: OverlayProblem[] } {
  const layers: OverlaySource[] = [];
  const problems: OverlayProblem[] = [];
  for (const file of overrides.files ?? []) {
    const source = readOverlaySource(file, `-f ${file}`);
    if (Array.isArray(source)) problems.push(...source);
    else layers.push(source);
  }
  for (const expression of overrides.sets ?? []) {
    const source = setSource(expression);
    if ('message' in source) problems.push(source);
    else layers.push(source);
  }
  return { layers, problems };
}

/** `--set services.api.replicas=4` as a one-key overlay; the value is read as YAML (`4`, `[a, b]`, `null`). */
export function setSource(expression: string): OverlaySource | OverlayProblem {
  const file = `--set ${expression}`;
  const at = expression.indexOf('=');
  const path = at > 0 ? parseKeyPath(expression.slice(0, at)) : undefined;
  if (!path) {
    return { file, line: 0, col: 0, path: [], message: 'expected KEY=VALUE with a dotted key, e.g. `--set services.api.replicas=4`' };
  }
  let value: unknown;
  try {
    value = parse(expression.slice(at + 1), { version: '1.2' }) ?? null;
  } catch (err) {
    return { file, line: 0, col: 0, path, message: `the value is not YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  const data = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  const locate = (wanted: KeyPath) => {
    const depth = samePrefix(wanted, path);
    return { line: 0, col: 0, exact: depth === wanted.length, depth };
  };
  return { name: file, file, data, locate };
}

/** `a.b."c.d".e` → ['a', 'b', 'c.d', 'e']; `undefined` when a segment is empty or a quote is unclosed. */
export function parseKeyPath(text: string): string[] | undefined {
  const segments: string[] = [];
  const pattern = /\s*(?:"([^"]*)"|([^."]+))\s*(\.|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
    segments.push(match[1] ?? match[2]!);
    if (match[3] === '') return segments.every((s) => s !== '') ? segments : undefined;
  }
  return undefined;
}

function samePrefix(a: KeyPath, b: KeyPath): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
