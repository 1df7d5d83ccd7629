/**
 * The synth pipeline: load and validate overlays → render every requested environment
 * in memory → write all folders atomically. Any error before the write leaves the output
 * folder untouched; the write itself is all-or-nothing (see render/write.ts).
 */
import { join } from 'node:path';
import { formatProblem, loadStack, type CommandLineOverrides } from './overlay';
import { renderOverlay } from './render/render';
import { writeFolders, type FolderChanges, type FolderOutput, type WriteOptions } from './render/write';
import { ARGOCD_FOLDER, renderArgoCd } from './render/argocd';
import { overlayReport } from './render/report';
import { overlayOrigin } from './render/origins';
import { keptPicture, TRAFFIC_PICTURE_FILE } from './render/traffic-picture';
import { dashboardPicture, dashboardsOf, dashboardSvg } from './render/dashboard-layout';
import { customRunbookStubs } from './operations/alerts/custom';
import { resolveAlerts } from './operations/rules';

/** The per-environment report next to the objects (Markdown: ArgoCD never applies it). */
export const REPORT_FILE = 'REPORT.md';

export interface SynthOptions {
  /** Folder with base.yaml and one file per environment. */
  readonly overlaysDir: string;
  /** Output folder; each environment goes to `<outDir>/<environment>/`. */
  readonly outDir: string;
  /** Environments to render; all when empty. */
  readonly only?: readonly string[];
  /** `-f` files and `--set` keys layered over every environment rendered. */
  readonly overrides?: CommandLineOverrides;
  readonly write?: WriteOptions;
  /**
   * Output folder whose traffic pictures (`<env>/traffic.svg`, drawn by `npm run pictures`) are kept
   * while they still show the environment's chart; default `outDir`.
   */
  readonly picturesFrom?: string;
}

/** One folder a synth is about to write, with what the gate needs to know about it. */
export interface RenderedFolder extends FolderOutput {
  readonly objects: number;
  /** The environment's overlay sets `stack.tier: production`: the gate's production checks apply. */
  readonly production: boolean;
  /** File path → where in the overlays its object comes from (`overlays/base.yaml:20:3 (services.api)`). */
  readonly origins?: ReadonlyMap<string, string>;
}

/**
 * Looks at everything a synth is about to write, before anything is written; throwing writes
 * nothing. The synth command passes the policy gate here (scripts/synth-gate.ts: every folder
 * with `--check`, production folders always), so the renderer never depends on the gate.
 */
export type VerifyOutputs = (outDir: string, outputs: readonly RenderedFolder[]) => Promise<void>;

export interface SynthResult {
  readonly folders: readonly (FolderChanges & { readonly objects: number })[];
  readonly millis: number;
  /** What renders but is probably a mistake, one `file:line:col: key: message` line each. */
  readonly warnings: readonly string[];
}

/** The folders a synth writes, in memory, and the overlays' warnings. */
export interface RenderedStack {
  readonly folders: RenderedFolder[];
  readonly warnings: readonly string[];
}

export function synth(options: SynthOptions): SynthResult {
  const started = performance.now();
  return write(options, renderOutputs(options), started);
}

/** Renders, lets `verify` look at the files in memory, and writes them only when it passes. */
export async function synthVerified(options: SynthOptions, verify: VerifyOutputs): Promise<SynthResult> {
  const started = performance.now();
  const rendered = renderOutputs(options);
  await verify(options.outDir, rendered.folders);
  return write(options, rendered, started);
}

function write(options: SynthOptions, { folders, warnings }: RenderedStack, started: number): SynthResult {
  const changes = writeFolders(options.outDir, folders, options.write);
  return {
    folders: changes.map((c, i) => ({ ...c, objects: folders[i].objects })),
    millis: performance.now() - started,
    warnings,
  };
}

/**
 * Every folder a synth writes, in memory: one per environment (its objects and REPORT.md)
 * and, when rendering all environments of a stack that sets `stack.gitops`, `argocd/`.
 * With `only`, `argocd/` is left alone: the AppProject needs every environment's namespaces
 * and kinds, so only a full synth can render it (`npm run diff` reports it when stale).
 */
export function renderOutputs(options: Pick<SynthOptions, 'overlaysDir' | 'only' | 'overrides' | 'picturesFrom'> & { readonly outDir?: string }): RenderedStack {
  const picturesFrom = options.picturesFrom ?? options.outDir;
  const { overlays, warnings } = loadStack(options.overlaysDir, options.only, options.overrides);
  const rendered = overlays.map((overlay) => ({ overlay, files: renderOverlay(overlay) }));
  const outputs: RenderedFolder[] = rendered.map(({ overlay, files }) => {
    const content = new Map(files.map((f) => [f.path, f.content]));
    const report = overlayReport(overlay.environment, files.map((f) => f.object), overlay.stack);
    content.set(REPORT_FILE, report);
    const picture = picturesFrom === undefined ? undefined : keptPicture(join(picturesFrom, overlay.environment, TRAFFIC_PICTURE_FILE), report);
    if (picture !== undefined) content.set(TRAFFIC_PICTURE_FILE, picture);
    // The dashboards' layout pictures REPORT.md shows (ArgoCD applies only .yaml/.yml/.json: it ignores them).
    for (const dashboard of dashboardsOf(files.map((f) => f.object))) content.set(dashboardPicture(dashboard), dashboardSvg(dashboard));
    // Custom alerts that name no runbook link a stub: written next to REPORT.md, to fill in and publish.
    for (const [path, markdown] of customRunbookStubs(overlay.stack, resolveAlerts(overlay.stack.stack.alerts))) content.set(path, markdown);
    const origins = new Map(files.flatMap((f) => {
      const origin = overlayOrigin(overlay, f.object);
      return origin ? [[f.path, origin] as const] : [];
    }));
    return { folder: overlay.environment, files: content, objects: files.length, production: overlay.stack.stack.tier === 'production', origins };
  });
  if (!options.only?.length) {
    const argocd = renderArgoCd(rendered.map(({ overlay, files }) => ({ overlay, objects: files.map((f) => f.object) })));
    if (argocd.length) outputs.push({ folder: ARGOCD_FOLDER, files: new Map(argocd.map((f) => [f.path, f.content])), objects: argocd.length, production: false });
  }
  return { folders: outputs, warnings: warnings.map((w) => `warning: ${formatProblem(w)}`) };
}

export function formatSummary(result: SynthResult, outDir: string): string {
  const lines = result.folders.map((f) => {
    const delta = f.added.length + f.changed.length + f.removed.length;
    const detail = delta ? `${f.added.length} added, ${f.changed.length} changed, ${f.removed.length} removed` : 'unchanged';
    return `  ${`${outDir}/${f.folder}/`.padEnd(28)} ${String(f.objects).padStart(5)} objects  ${detail}`;
  });
  return [...lines, `synth: ${result.folders.length} folder(s) in ${Math.round(result.millis)} ms`].join('\n');
}
