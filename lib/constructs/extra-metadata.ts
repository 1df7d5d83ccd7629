/**
 * The overlay's extra labels and annotations (`stack.metadata`, `services.<name>.metadata`)
 * on the objects of one service. The stack's apply to every service, the service's merge
 * over them; the labels and annotations the stack sets itself always win (the overlay rules
 * reject keys that would collide with them).
 */
import type { MetadataTarget, ObjectMetadata } from '../model/escape-hatches-schema';
import type { Service, Stack } from '../model/schema';

/** The extra labels and annotations of one object of `service`: the stack's, then the service's. */
export function extraMetadataOf(stack: Stack, service: Service, target: MetadataTarget): ObjectMetadata {
  const [shared, own] = [stack.stack.metadata?.[target], service.metadata?.[target]];
  return { labels: { ...shared?.labels, ...own?.labels }, annotations: { ...shared?.annotations, ...own?.annotations } };
}

/** `metadata` with `extra` added under ours; an empty map stays unset so unchanged objects render as before. */
export function withExtraMetadata<M extends { labels?: Record<string, string>; annotations?: Record<string, string> }>(
  metadata: M,
  extra: ObjectMetadata,
): M {
  const labels = { ...extra.labels, ...metadata.labels };
  const annotations = { ...extra.annotations, ...metadata.annotations };
  return {
    ...metadata,
    labels: Object.keys(labels).length ? labels : undefined,
    annotations: Object.keys(annotations).length ? annotations : undefined,
  };
}
