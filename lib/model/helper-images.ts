/**
 * The images the stack adds itself (helpers beside the services' own images), by role, and how
 * the overlay's `stack.helperImages` replaces them: a per-role image, or a registry mirror in front of
 * the default (for air-gapped clusters and registry allow-lists).
 */

/** Default image of each role; `stack.helperImages.<role>` replaces it. */
export const HELPER_IMAGES = {
  /** The init container that waits for dependencies (busybox has `nc`). */
  waitForDependencies: 'busybox:1.36.1',
  /** The upload container of backups with an S3 target, and the download a restore verification from S3 starts with. */
  s3Upload: 'amazon/aws-cli:2.22.35',
  /** The snapshot job of Qdrant backups (the Qdrant image has no HTTP client). */
  qdrantBackup: 'curlimages/curl:8.11.1',
  /** The restore verification of CloudNativePG backups (creates, checks and deletes a throwaway Cluster). */
  kubectl: 'bitnami/kubectl:1.31.4',
} as const;

export type HelperImageRole = keyof typeof HELPER_IMAGES;

/** `stack.helperImages`: a registry mirror and per-role images. */
export type HelperImages = { readonly registry?: string } & { readonly [role in HelperImageRole]?: string };

/** The image's path on its registry: Docker Hub's short names are `library/<name>` there. */
function repositoryPath(image: string): string {
  const [first, ...rest] = image.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return rest.join('/');
  return rest.length ? image : `library/${image}`;
}

/** The image of `role`: the overlay's own, else the default behind the registry mirror, else the default. */
export function helperImage(images: HelperImages | undefined, role: HelperImageRole): string {
  const own = images?.[role];
  if (own) return own;
  return images?.registry ? `${images.registry}/${repositoryPath(HELPER_IMAGES[role])}` : HELPER_IMAGES[role];
}

/** `image` as the overlay replaces it, when it is the default of one of the stack's roles; else unchanged. */
export function replacedHelperImage(images: HelperImages | undefined, image: string): string {
  const role = (Object.keys(HELPER_IMAGES) as HelperImageRole[]).find((r) => HELPER_IMAGES[r] === image);
  return role ? helperImage(images, role) : image;
}
