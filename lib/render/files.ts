/**
 * Where each object goes inside an overlay's folder: one file per object, named
 * `<namespace>/<kind>-<name>.yaml` (cluster-scoped objects under `_cluster/`).
 * Kind and namespace in the path mean objects of different kinds or namespaces that
 * share a name never collide, and the name tells a reviewer what the file holds.
 */
export const CLUSTER_FOLDER = '_cluster';

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; [key: string]: unknown };
  readonly [key: string]: unknown;
}

export function objectFile(object: KubeObject): string {
  const folder = object.metadata.namespace ?? CLUSTER_FOLDER;
  return `${folder}/${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

export function objectId(object: KubeObject): string {
  const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind} ${ns}${object.metadata.name}`;
}
