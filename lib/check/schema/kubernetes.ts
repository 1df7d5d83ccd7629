/**
 * The core Kubernetes 1.28 schemas: JSON Schema definitions generated from
 * cdk8s-plus-28 by scripts/build-schemas.ts (see scripts/schema-build/), committed
 * as generated/kubernetes-1.28.json and kept fresh by a test.
 */
import { readFileSync } from 'node:fs';
import type { KubernetesSchemaDocument } from './types';
import { acceptNullForOptional, closeObjectSchemas } from './strict';

export const KUBERNETES_VERSION = '1.28';

/** ajv `$id` of the definitions document; refs look like `kubernetes-1.28.json#/definitions/<name>`. */
export const KUBERNETES_SCHEMA_ID = 'kubernetes-1.28.json';

export const OBJECT_META_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const document: KubernetesSchemaDocument = JSON.parse(
  readFileSync(new URL('./generated/kubernetes-1.28.json', import.meta.url), 'utf8'),
);

/** `apiVersion/kind` (e.g. `apps/v1/Deployment`) -> definition name, for every core kind. */
export const kubernetesKinds: ReadonlyMap<string, string> = new Map(Object.entries(document.kinds));

export function kubernetesDefinitionRef(definition: string): string {
  return `${KUBERNETES_SCHEMA_ID}#/definitions/${definition}`;
}

/** The definitions document, made strict (optional fields still accept null), ready for `ajv.addSchema`. */
export function strictKubernetesSchema(): { readonly $id: string; readonly definitions: unknown } {
  return acceptNullForOptional(closeObjectSchemas({ $id: KUBERNETES_SCHEMA_ID, definitions: document.definitions }));
}
