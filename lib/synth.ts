/**
 * The synth pipeline: load and validate overlays → render every requested environment
 * in memory → write all folders atomically. Any error before the write leaves the output
 * folder untouched; the write itself is all-or-nothing (see render/write.ts).
 */
import { loadOverlays } from './overlay';
import { renderOverlay } from './render/render';
import { writeFolders, type FolderChanges, type FolderOutput, type WriteOptions } from './render/write';
import { ARGOCD_FOLDER, renderArgoCd } from './render/argocd';
import { overlayReport } from './render/report';
import type { Report } from './check';

/** The per-environment report next to the objects (Markdown: ArgoCD never applies it). */
export const REPORT_FILE = 'REPORT.md';

export interface SynthOptions {
  /** Folder with base.yaml and one file per environment. */
  readonly overlaysDir: string;
  /** Output folder; each environment goes to `<outDir>/<environment>/`. */
  readonly outDir: string;
  /** Environments to render; all when empty. */
  readonly only?: readonly string[];
  readonly write?: WriteOptions;
}

/** The rendered output failed the policy gate (`synth --check`): nothing was written. */
export class GateError extends Error {
  constructor(readonly report: Report) {
    super(`the rendered output fails the policy gate: ${report.findings.length} finding(s)`);
    this.name = 'GateError';
  }
}

/**
 * Checks the files exactly as they would be written, parsed the way kubectl parses them.
 * The gate is loaded only here: a plain synth does not pay for its schemas at start-up.
 */
export async function checkOutputs(outDir: string, outputs: readonly FolderOutput[]): Promise<Report> {
  const { checkManifests, parseManifests } = await import('./check');
  const manifests = outputs.flatMap(({ folder, files }) =>
    [...files]
      .filter(([path]) => path.endsWith('.yaml'))
      .flatMap(([path, text]) => parseManifests(text, `${outDir}/${folder}/${path}`).manifests),
  );
  return checkManifests(manifests);
}

export interface SynthResult {
  readonly folders: readonly (FolderChanges & { readonly objects: number })[];
  readonly millis: number;
}

export function synth(options: SynthOptions): SynthResult {
  const started = performance.now();
  return write(options, renderOutputs(options), started);
}

/** `synth --check`: render, run the policy gate on the files, and write only when it passes. */
export async function synthChecked(options: SynthOptions): Promise<SynthResult> {
  const started = performance.now();
  const outputs = renderOutputs(options);
  const report = await checkOutputs(options.outDir, outputs);
  if (!report.passed) throw new GateError(report);
  return write(options, outputs, started);
}

function write(options: SynthOptions, outputs: ReturnType<typeof renderOutputs>, started: number): SynthResult {
  const changes = writeFolders(options.outDir, outputs, options.write);
  return {
    folders: changes.map((c, i) => ({ ...c, objects: outputs[i].objects })),
    millis: performance.now() - started,
  };
}

/**
 * Every folder a synth writes, in memory: one per environment (its objects and REPORT.md)
 * and, when rendering all environments of a stack that sets `stack.gitops`, `argocd/`.
 * With `only`, `argocd/` is left alone: the AppProject needs every environment's namespaces
 * and kinds, so only a full synth can render it (`npm run diff` reports it when stale).
 */
export function renderOutputs(options: Pick<SynthOptions, 'overlaysDir' | 'only'>): (FolderOutput & { readonly objects: number })[] {
  const rendered = loadOverlays(options.overlaysDir, options.only).map((overlay) => ({ overlay, files: renderOverlay(overlay) }));
  const outputs = rendered.map(({ overlay, files }) => {
    const content = new Map(files.map((f) => [f.path, f.content]));
    content.set(REPORT_FILE, overlayReport(overlay.environment, files.map((f) => f.object)));
    return { folder: overlay.environment, files: content, objects: files.length };
  });
  if (!options.only?.length) {
    const argocd = renderArgoCd(rendered.map(({ overlay, files }) => ({ overlay, objects: files.map((f) => f.object) })));
    if (argocd.length) outputs.push({ folder: ARGOCD_FOLDER, files: new Map(argocd.map((f) => [f.path, f.content])), objects: argocd.length });
  }
  return outputs;
}

export function formatSummary(result: SynthResult, outDir: string): string {
  const lines = result.folders.map((f) => {
    const delta = f.added.length + f.changed.length + f.removed.length;
    const detail = delta ? `${f.added.length} added, ${f.changed.length} changed, ${f.removed.length} removed` : 'unchanged';
    return `  ${`${outDir}/${f.folder}/`.padEnd(28)} ${String(f.objects).padStart(5)} objects  ${detail}`;
  });
  return [...lines, `synth: ${result.folders.length} folder(s) in ${Math.round(result.millis)} ms`].join('\n');
}
