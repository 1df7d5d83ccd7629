/**
 * The synth pipeline: load and validate overlays → render every requested environment
 * in memory → write all folders atomically. Any error before the write leaves the output
 * folder untouched; the write itself is all-or-nothing (see render/write.ts).
 */
import { loadOverlays } from './overlay';
import { renderOverlay } from './render/render';
import { writeFolders, type FolderChanges, type WriteOptions } from './render/write';

export interface SynthOptions {
  /** Folder with base.yaml and one file per environment. */
  readonly overlaysDir: string;
  /** Output folder; each environment goes to `<outDir>/<environment>/`. */
  readonly outDir: string;
  /** Environments to render; all when empty. */
  readonly only?: readonly string[];
  readonly write?: WriteOptions;
}

export interface SynthResult {
  readonly folders: readonly (FolderChanges & { readonly objects: number })[];
  readonly millis: number;
}

export function synth(options: SynthOptions): SynthResult {
  const started = performance.now();
  const outputs = loadOverlays(options.overlaysDir, options.only).map((overlay) => {
    const files = renderOverlay(overlay);
    return { folder: overlay.environment, files: new Map(files.map((f) => [f.path, f.content])), objects: files.length };
  });
  const changes = writeFolders(options.outDir, outputs, options.write);
  return {
    folders: changes.map((c, i) => ({ ...c, objects: outputs[i].objects })),
    millis: performance.now() - started,
  };
}

export function formatSummary(result: SynthResult, outDir: string): string {
  const lines = result.folders.map((f) => {
    const delta = f.added.length + f.changed.length + f.removed.length;
    const detail = delta ? `${f.added.length} added, ${f.changed.length} changed, ${f.removed.length} removed` : 'unchanged';
    return `  ${`${outDir}/${f.folder}/`.padEnd(28)} ${String(f.objects).padStart(5)} objects  ${detail}`;
  });
  return [...lines, `synth: ${result.folders.length} folder(s) in ${Math.round(result.millis)} ms`].join('\n');
}
