/**
 * The images the stack adds itself (helpers beside the services' own images), by role, and how
 * the overlay's `stack.images` replaces them: a per-role image, or a registry mirror in front of
 * the default (for air-gapped clusters and registry allow-lists).
 */

/** Default image of each role; `stack.images.<role>` replaces it. */
export const STACK_IMAGES = {
  /** The init container that waits for dependencies (busybox has `nc`). */
  waitForDependencies: 'busybox:1.36.1',
  /** The upload container of backups with an S3 target. */
  s3Upload: 'amazon/aws-cli:2.22.35',
  /** The snapshot job of Qdrant backups (the Qdrant image has no HTTP client). */
  qdrantBackup: 'curlimages/curl:8.11.1',
} as const;

export type StackImageRole = keyof typeof STACK_IMAGES;

/** `stack.images`: a registry mirror and per-role images. */
export type StackImages = { readonly registry?: string } & { readonly [role in StackImageRole]?: string };

/** The image's path on its registry: Docker Hub's short names are `library/<name>` there. */
function repositoryPath(image: string): string {
  const [first, ...rest] = image.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return rest.join('/');
  return rest.length ? image : `library/${image}`;
}

/** The image of `role`: the overlay's own, else the default behind the registry mirror, else the default. */
export function stackImage(images: StackImages | undefined, role: StackImageRole): string {
  const own = images?.[role];
  if (own) return own;
  return images?.registry ? `${images.registry}/${repositoryPath(STACK_IMAGES[role])}` : STACK_IMAGES[role];
}

/** `image` as the overlay replaces it, when it is the default of one of the stack's roles; else unchanged. */
export function replacedStackImage(images: StackImages | undefined, image: string): string {
  const role = (Object.keys(STACK_IMAGES) as StackImageRole[]).find((r) => STACK_IMAGES[r] === image);
  return role ? stackImage(images, role) : image;
}
