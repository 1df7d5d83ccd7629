/**
 * Where in the overlays a rendered object comes from, so a gate finding during synth names the
 * overlay key to change, not only the rendered file: the extra object that wrote it, the service it
 * belongs to (its `app.kubernetes.io/name` or, for a NetworkPolicy, the pods it selects; or a name
 * the service prefixes, as `postgres-backup`), else the stack as a whole.
 */
import type { ResolvedOverlay } from '../overlay';
import type { KeyPath } from '../overlay/errors';
import { EXTRA_OBJECT_COMPONENT } from './extra-objects';
import type { KubeObject } from './files';

const NAME_LABEL = 'app.kubernetes.io/name';

export function overlayKeyOf({ stack }: ResolvedOverlay, object: KubeObject): KeyPath {
  const labels = (object.metadata.labels ?? {}) as Record<string, string>;
  if (labels['app.kubernetes.io/component'] === EXTRA_OBJECT_COMPONENT) {
    const index = (stack.extraObjects ?? []).findIndex((o) => o.kind === object.kind && o.metadata.name === object.metadata.name);
    if (index >= 0) return ['extraObjects', index];
  }
  // A NetworkPolicy belongs to the pods it selects.
  const selected = (object.spec as { podSelector?: { matchLabels?: Record<string, string> } } | undefined)?.podSelector?.matchLabels?.[NAME_LABEL];
  const name = selected ?? labels[NAME_LABEL] ?? object.metadata.name;
  const services = Object.keys(stack.services).sort((a, b) => b.length - a.length);
  const service = services.find((s) => name === s) ?? services.find((s) => name.startsWith(`${s}-`));
  return service ? ['services', service] : ['stack'];
}

/** `overlays/base.yaml:20:3 (services.api)`: the file and line that declare the object's key. */
export function overlayOrigin(overlay: ResolvedOverlay, object: KubeObject): string | undefined {
  const path = overlayKeyOf(overlay, object);
  const where = overlay.locate?.(path);
  return where && `${where.file}:${where.line}:${where.col} (${path.join('.')})`;
}
