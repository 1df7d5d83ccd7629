/** Key paths inside YAML documents, written for people: one formatter for the overlay errors and the gate's findings. */

/** A key path, e.g. ['spec', 'template', 'spec', 'containers', 0, 'image']; [] is the whole document. */
export type KeyPath = ReadonlyArray<string | number>;

/** How a path is written: which keys stay bare and how the others are quoted. */
export interface KeyPathStyle {
  /** Keys written as they are; any other key is quoted as JSON. */
  readonly plainKey: RegExp;
  /** A quoted key as an index, `a["b.c"]`, or as a dotted segment, `a."b.c"`. */
  readonly quoted: 'index' | 'dotted';
}

/**
 * Kubernetes objects (the gate's findings), the way reviewers write them:
 * `spec.template.spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`.
 */
export const MANIFEST_PATH: KeyPathStyle = { plainKey: /^[A-Za-z_$][A-Za-z0-9_$-]*$/, quoted: 'index' };

/** Overlay files (the overlay errors): `services.api.replicas`, `services.api.config."log.level"`. */
export const OVERLAY_PATH: KeyPathStyle = { plainKey: /^[\w-]+$/, quoted: 'dotted' };

export function formatPath(path: KeyPath, style: KeyPathStyle = MANIFEST_PATH): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (style.plainKey.test(segment)) out += out === '' ? segment : `.${segment}`;
    else if (style.quoted === 'index') out += `[${JSON.stringify(segment)}]`;
    else out += (out === '' ? '' : '.') + JSON.stringify(segment);
  }
  return out;
}
