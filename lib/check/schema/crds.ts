/**
 * The custom resources the gate knows without being told: every CRD file in
 * imports/upstream-crds/, the upstream CRDs of pinned releases that the
 * renderer's typed classes come from too (versions in that folder's README).
 * Drop an upstream CRD file there and the gate knows its kinds (every served
 * version), with the strict schema and the CEL rules (crd-schema.ts, cel.ts).
 *
 * They are converted when the registry is first built (js-yaml, about 2 MB of
 * YAML) and compiled per kind on first use, by the same ajv as the core schemas.
 */
import { loadCrdDirectory, type CrdKindSchema } from './crd-schema';

/** The vendored upstream CRD files. */
export const CRD_DIRECTORY = new URL('../../../imports/upstream-crds/', import.meta.url);

export function fileCrdSchemas(objectMetaRef: string): CrdKindSchema[] {
  return loadCrdDirectory(CRD_DIRECTORY, objectMetaRef, 'imports/upstream-crds');
}
