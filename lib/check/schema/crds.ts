/**
 * Custom resources the gate knows, and where their schemas come from:
 *
 * - Prometheus Operator (ServiceMonitor, PodMonitor, PrometheusRule), Argo CD
 *   (Application, AppProject, ApplicationSet) and External Secrets
 *   (ExternalSecret, SecretStore, ClusterSecretStore; v1 and v1beta1):
 *   generated/crds.json, built by scripts/build-schemas.ts from the
 *   @kubernetes-models packages (see scripts/schema-build/);
 * - every CRD file in imports/crds/ (the VerticalPodAutoscaler CRD, which no
 *   package ships; CloudNativePG; the Argo Rollouts Rollout and AnalysisTemplate,
 *   v1.9.1; the Prometheus Operator's Probe, v0.93.0), converted by crd-schema.ts.
 *
 * Both are made strict and compiled by the same ajv as the core schemas.
 */
import { readFileSync } from 'node:fs';
import { loadCrdDirectory, type CrdKindSchema } from './crd-schema';
import { acceptNullForOptional, closeObjectSchemas } from './strict';

/** ajv `$id` of the generated CRD definitions document. */
export const CRD_SCHEMA_ID = 'crds.json';

interface CrdDocument {
  /** npm package -> version the definitions were generated from. */
  readonly sources: Readonly<Record<string, string>>;
  /** `apiVersion/kind` -> definition name. */
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, unknown>>;
}

const document: CrdDocument = JSON.parse(readFileSync(new URL('./generated/crds.json', import.meta.url), 'utf8'));

export const crdSources: Readonly<Record<string, string>> = document.sources;

/** `apiVersion/kind` -> definition name in crds.json. */
export const crdKinds: ReadonlyMap<string, string> = new Map(Object.entries(document.kinds));

export function crdDefinitionRef(definition: string): string {
  return `${CRD_SCHEMA_ID}#/definitions/${definition}`;
}

/** The generated CRD definitions, made strict (optional fields still accept null), ready for `ajv.addSchema`. */
export function strictCrdSchema(): unknown {
  return acceptNullForOptional(closeObjectSchemas({ $id: CRD_SCHEMA_ID, definitions: document.definitions }));
}

/** CRD files written into the repo for APIs no npm package ships. */
const CRD_DIRECTORY = new URL('../../../imports/crds/', import.meta.url);

export function fileCrdSchemas(objectMetaRef: string): CrdKindSchema[] {
  return loadCrdDirectory(CRD_DIRECTORY, objectMetaRef);
}
