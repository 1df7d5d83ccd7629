/**
 * Rendering one overlay in memory: build the chart, resolve it to plain objects, and
 * serialise each object to its own file. Nothing touches the disk here.
 */
import { App } from 'cdk8s';
import { StackChart } from '../../charts/stack-chart';
import type { ResolvedOverlay } from '../overlay';
import { extraObjects } from './extra-objects';
import { applyPatches } from './patches';
import { objectFile, objectId, type KubeObject } from './files';
import { toYaml } from './yaml';
import { withSyncWaves } from './sync-waves';

export interface RenderedFile {
  /** Path inside the overlay's folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  readonly object: KubeObject;
}

/** A construct said the stack cannot be rendered (cross-object rules); exit 2 like bad input. */
export class RenderError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'RenderError';
  }
}

export function renderOverlay(overlay: ResolvedOverlay): RenderedFile[] {
  const app = new App();
  const chart = new StackChart(app, overlay);
  const problems = chart.node
    .findAll()
    .flatMap((c) => c.node.validate().map((message) => `${overlay.environment}: ${c.node.path}: ${message}`));
  if (problems.length) throw new RenderError(problems);

  const files = new Map<string, RenderedFile>();
  const objects = applyPatches([...(chart.toJson() as KubeObject[]), ...extraObjects(overlay)], overlay);
  for (const object of withSyncWaves(objects)) {
    const path = objectFile(object);
    const clash = files.get(path);
    if (clash) {
      throw new RenderError([`${overlay.environment}: ${objectId(object)} and ${objectId(clash.object)} would both be written to ${path}; rename one`]);
    }
    files.set(path, { path, content: toYaml(object), object });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
