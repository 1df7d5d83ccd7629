/**
 * Custom resource schemas learnt for one run: from CustomResourceDefinition
 * objects in the input and from `--crds PATH` (files or folders). They take
 * precedence over the bundled schemas of the same apiVersion and kind: the CRD
 * that is applied with the objects is the one the API server will use.
 */
import type { JsonObject } from './json';
import { crdObjectKindSchemas, type CrdKindSchema } from './crd-schema';
import { CRD_OBJECT_META_REF, crdValidator, type KindValidator } from './registry';

export interface CrdSource {
  readonly object: Record<string, unknown>;
  /** Where it came from, for messages: `file` or `--crds file`. */
  readonly source: string;
}

export class CrdCatalog {
  private readonly schemas = new Map<string, CrdKindSchema>();
  private readonly validators = new Map<string, KindValidator>();
  /** CRDs that could not be turned into a schema, with why (reported by the engine). */
  readonly problems: { source: string; reason: string }[] = [];

  constructor(crds: readonly CrdSource[]) {
    for (const crd of crds) {
      try {
        for (const schema of crdObjectKindSchemas(crd.object as JsonObject, crd.source, CRD_OBJECT_META_REF)) {
          this.schemas.set(`${schema.apiVersion}/${schema.kind}`, schema);
        }
      } catch (error) {
        this.problems.push({ source: crd.source, reason: (error as Error).message });
      }
    }
  }

  get size(): number {
    return this.schemas.size;
  }

  kinds(): { apiVersion: string; kind: string; source: string }[] {
    return [...this.schemas.values()].map(({ apiVersion, kind, source }) => ({ apiVersion, kind, source }));
  }

  validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
    const key = `${apiVersion}/${kind}`;
    let validator = this.validators.get(key);
    if (!validator) {
      const schema = this.schemas.get(key);
      if (!schema) return undefined;
      validator = crdValidator(schema);
      this.validators.set(key, validator);
    }
    return validator;
  }
}

/** True for a CustomResourceDefinition object the catalog can learn from. */
export function isCrdObject(object: Record<string, unknown>): boolean {
  return object.kind === 'CustomResourceDefinition' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('apiextensions.k8s.io/');
}
