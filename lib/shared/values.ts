/**
 * Defensive readers for parsed YAML. The gate runs on any folder of YAML, so a
 * check must never assume a field has the shape the schema promises: a wrong
 * shape is the schema validator's finding, not a crash of the policy checks.
 * Shared with the renderer's readers of rendered objects (label selectors).
 */

import type { KeyPath } from './key-path';

export type JsonRecord = Record<string, any>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` under `root`; undefined where the path leaves the mappings and lists. */
export function valueAt(root: unknown, path: KeyPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The value when it is a mapping, else undefined. */
export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/** The value when it is a list, else an empty list. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a non-empty string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A string-to-string map (labels, annotations, Service selectors); other entries are dropped. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** A value quoted for a message: strings in double quotes, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
