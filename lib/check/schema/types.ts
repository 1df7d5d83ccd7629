/**
 * The shape of the committed schema documents (generated/*.json): what
 * scripts/build-schemas.ts writes and the gate reads.
 */

/** The subset of JSON Schema the generators emit. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: ReadonlyArray<string | number | boolean>;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
}

/** generated/kubernetes-1.28.json. */
export interface KubernetesSchemaDocument {
  readonly kubernetesVersion: string;
  readonly source: string;
  /** Where the enums come from (the d.ts has none); see scripts/build-schemas.ts. */
  readonly enumSource?: string;
  /** `apiVersion/kind` (e.g. `apps/v1/Deployment`, `v1/Service`) -> definition name. */
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}
