import type { KeyPath } from './types';

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders a key path the way people write it in reviews:
 * `spec.template.spec.containers[0].image`, with keys that are not plain
 * identifiers quoted: `metadata.labels["app.kubernetes.io/name"]`.
 */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
