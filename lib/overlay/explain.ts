/**
 * `synth --explain KEY`: where the value of one key comes from in each environment — every
 * layer that sets it (base, environment file, `-f` files, `--set`), in precedence order, and
 * the value the render uses (schema defaults included).
 */
import { join } from 'node:path';
import { valueAt } from '../shared/values';
import { loadOverlays, type ResolvedOverlay } from './index';
import { overrideLayers, parseKeyPath, type CommandLineOverrides } from './layers';
import { readOverlaySource, type OverlaySource } from './source';

export function explainKey(dir: string, only: readonly string[], overrides: CommandLineOverrides, key: string): string {
  const path = parseKeyPath(key);
  if (!path) return `--explain: \`${key}\` is not a dotted key path like services.api.replicas`;
  const overlays = loadOverlays(dir, only, overrides);
  const { layers } = overrideLayers(overrides);
  return overlays.map((overlay) => explainIn(dir, overlay, layers, path, key)).join('\n\n');
}

function explainIn(dir: string, overlay: ResolvedOverlay, overrides: OverlaySource[], path: string[], key: string): string {
  const files = ['base', overlay.environment].map((name) => fileSource(dir, name));
  const setters = [...files, ...overrides].flatMap((source) => {
    const value = valueAt(source.data, path);
    if (value === undefined) return [];
    const { line, col, exact } = source.locate(path);
    return [{ where: exact && line > 0 ? `${source.file}:${line}:${col}` : source.file, value }];
  });
  const final = valueAt(overlay.stack, path);
  const width = Math.max(0, ...setters.map((s) => s.where.length));
  const lines = setters.map((s, i) => `  ${s.where.padEnd(width)}  ${show(s.value)}${i === setters.length - 1 ? '   ← wins' : ''}`);
  if (!setters.length) lines.push(final === undefined ? '  not set anywhere' : '  not set in any layer: the schema default');
  return `${key} in ${overlay.environment} = ${final === undefined ? '(unset)' : show(final)}\n${lines.join('\n')}`;
}

function fileSource(dir: string, name: string): OverlaySource {
  for (const extension of ['yaml', 'yml']) {
    const source = readOverlaySource(join(dir, `${name}.${extension}`), name);
    if (!Array.isArray(source)) return source;
  }
  throw new Error(`${name} vanished while explaining`);
}

const show = (value: unknown) => (value === null ? 'null (removes the key)' : JSON.stringify(value));
