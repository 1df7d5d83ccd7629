/**
 * The `images:` section: release versions by image name, applied to every container of the
 * merged stack (main, init and sidecar containers) before anything else reads the images.
 */
import type { Stack } from '../model/schema';
import { splitImageRef } from '../model/formats';
import type { SchemaProblem } from './validate';

/** Retags the stack's images in place; a problem for each name no container uses. */
export function applyImageVersions(stack: Stack): SchemaProblem[] {
  const versions = stack.images ?? {};
  const used = new Set<string>();
  for (const service of Object.values(stack.services)) {
    const containers = [service, ...(service.initContainers ?? []), ...(service.sidecars ?? [])];
    for (const container of containers) {
      const ref = container.image ? splitImageRef(container.image) : undefined;
      if (!ref || !Object.hasOwn(versions, ref.repo)) continue;
      used.add(ref.repo);
      const version = versions[ref.repo]!;
      container.image = version.startsWith('sha256:') ? `${ref.repo}@${version}` : `${ref.repo}:${version}`;
    }
  }
  return Object.keys(versions)
    .filter((name) => !used.has(name))
    .map((name) => ({ path: ['images', name], message: `no container of this environment runs \`${name}\`; check the name (no tag) or remove it` }));
}
