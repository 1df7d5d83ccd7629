/**
 * `extraObjects`: objects the overlay writes itself, rendered as written beside the stack's,
 * with the recommended labels added where missing (so `kubectl get -l` and ArgoCD find them)
 * and `app.kubernetes.io/component: extra-object`, which REPORT.md lists them by. The gate
 * checks them like every other rendered object.
 */
import { recommendedLabels, type LabelContext } from '../constructs/labels';
import type { ResolvedOverlay } from '../overlay';
import { objectId, type KubeObject } from './files';

/** `app.kubernetes.io/component` of an extra object: what REPORT.md lists them by. */
export const EXTRA_OBJECT_COMPONENT = 'extra-object';
const COMPONENT_LABEL = 'app.kubernetes.io/component';

export function extraObjects({ stack, environment }: ResolvedOverlay): KubeObject[] {
  const context: LabelContext = { stack: stack.stack.name, environment, extra: stack.stack.labels };
  return (stack.extraObjects ?? []).map((object) => {
    const copy = structuredClone(object) as KubeObject & { metadata: { labels?: Record<string, string> } };
    const labels = {
      ...recommendedLabels(context, copy.metadata.name),
      ...copy.metadata.labels,
      [COMPONENT_LABEL]: EXTRA_OBJECT_COMPONENT,
    };
    return { ...copy, metadata: { ...copy.metadata, labels } };
  });
}

/** The REPORT.md section listing the extra objects; none when there are none. */
export function extraObjectsSection(objects: readonly KubeObject[]): string[] {
  const extras = objects.filter((o) => (o.metadata.labels as Record<string, string> | undefined)?.[COMPONENT_LABEL] === EXTRA_OBJECT_COMPONENT);
  if (!extras.length) return [];
  return ['## Extra objects (`extraObjects`)', '', ...extras.map((o) => `- ${objectId(o)}`), ''];
}
