/**
 * apiVersion/kind -> validator. Validators are built on first use and cached:
 * compiling a kind's schema (e.g. Deployment pulls in all of PodSpec) costs
 * milliseconds, validating one object with the compiled function microseconds.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { Violation } from '../types';
import { evaluateCelRules, hasCelRules } from './cel';
import type { CrdKindSchema } from './crd-schema';
import { fileCrdSchemas } from './crds';
import { addKubernetesFormats } from './formats';
import {
  KUBERNETES_VERSION,
  OBJECT_META_DEFINITION,
  kubernetesDefinitionRef,
  kubernetesKinds,
  strictKubernetesSchema,
} from './kubernetes';
import { fromAjvErrors, SCHEMA_CHECKS, type KindLabel } from './violations';

export type KindValidator = (object: Record<string, unknown>) => Violation[];

export interface KnownKind extends KindLabel {
  /** Where the schema comes from, for messages. */
  readonly source: string;
  /** Part of the core Kubernetes API (not a custom resource). */
  readonly core: boolean;
}

interface Entry extends KnownKind {
  build(): KindValidator;
}

/**
 * flowcontrol.apiserver.k8s.io/v1 arrived in 1.29 with the same shape as
 * v1beta3; 1.28 only serves v1beta3, which the gate refuses as deprecated.
 * Validating v1 against v1beta3 lets the replacement through.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['flowcontrol.apiserver.k8s.io/v1/FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema'],
  ['flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io/v1beta3/PriorityLevelConfiguration'],
]);

const key = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;

let sharedAjv: Ajv | undefined;

/**
 * ajv options, shared with the tests. Tuned for compile speed: a Deployment
 * pulls ~200 definitions (all of PodSpec) into its first compile.
 */
export const AJV_OPTIONS = {
  allErrors: true, // report every problem of an object at once, as kubeconform does
  verbose: true, // parentSchema on errors: the known keys, for did-you-mean
  messages: false, // violations.ts writes its own messages
  inlineRefs: false, // compile each definition once, shared by every kind that uses it
  code: { optimize: false }, // ~35% faster compiles, validation barely slower
  strict: false, // tests compile every kind with strict: true instead
  allowUnionTypes: true,
  validateSchema: false, // the generated documents are checked by tests; skip at run time
} as const;

/** One ajv instance for all schemas, so CRDs can $ref core ObjectMeta and share compiled definitions. */
function ajv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv(AJV_OPTIONS);
    addKubernetesFormats(sharedAjv);
    sharedAjv.addSchema(strictKubernetesSchema() as object);
  }
  return sharedAjv;
}

function ajvValidator(compile: () => ValidateFunction, label: KindLabel): () => KindValidator {
  return () => {
    const validate = compile();
    return (object) => (validate(object) ? [] : fromAjvErrors(validate.errors ?? [], object, label));
  };
}

const labelOf = (key: string): KindLabel => {
  const slash = key.lastIndexOf('/');
  return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
};

function buildEntries(): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const add = (entry: Entry): void => {
    const k = key(entry.apiVersion, entry.kind);
    if (entries.has(k)) throw new Error(`schema registry: ${k} is defined twice (${entries.get(k)!.source}, ${entry.source})`);
    entries.set(k, entry);
  };

  const core = `Kubernetes ${KUBERNETES_VERSION}`;
  for (const [k, definition] of kubernetesKinds) {
    const label = labelOf(k);
    add({ ...label, source: core, core: true, build: ajvValidator(() => ajv().compile({ $ref: kubernetesDefinitionRef(definition) }), label) });
  }
  for (const [alias, target] of ALIASES) {
    const definition = kubernetesKinds.get(target);
    if (!definition) throw new Error(`schema registry: alias target ${target} is not a ${core} kind`);
    const label = labelOf(alias);
    add({ ...label, source: `${core} (${target} schema)`, core: true, build: ajvValidator(() => ajv().compile({ $ref: kubernetesDefinitionRef(definition) }), label) });
  }
  for (const crd of fileCrdSchemas(kubernetesDefinitionRef(OBJECT_META_DEFINITION))) {
    add({ apiVersion: crd.apiVersion, kind: crd.kind, source: crd.source, core: false, build: () => crdValidator(crd) });
  }
  return entries;
}

/** The ObjectMeta reference CRD schemas use for `metadata`. */
export const CRD_OBJECT_META_REF = kubernetesDefinitionRef(OBJECT_META_DEFINITION);

/**
 * The validator of one CRD version: its strict schema, then its x-kubernetes-validations CEL rules.
 * Rules it cannot evaluate come back as one schema-cel-skipped note per object (the engine sums them per kind).
 */
export function crdValidator(crd: CrdKindSchema): KindValidator {
  const validate = ajv().compile(crd.schema);
  const label = { apiVersion: crd.apiVersion, kind: crd.kind };
  const cel = hasCelRules(crd.openApi);
  return (object) => {
    const violations = validate(object) ? [] : fromAjvErrors(validate.errors ?? [], object, label);
    if (!cel) return violations;
    const outcome = evaluateCelRules(crd.openApi, object);
    violations.push(...outcome.violations);
    if (outcome.skipped > 0) {
      violations.push({
        check: SCHEMA_CHECKS.celSkipped,
        severity: 'note',
        path: [],
        message: `${outcome.skipped} x-kubernetes-validations rule${outcome.skipped === 1 ? '' : 's'} not evaluated (Kubernetes CEL extensions the gate's CEL library lacks); ${outcome.evaluated} evaluated`,
        hint: 'nothing to do; a server-side dry run (kubectl apply --dry-run=server) evaluates every rule',
      });
    }
    return violations;
  };
}

let entries: Map<string, Entry> | undefined;
const validators = new Map<string, KindValidator>();

function allEntries(): Map<string, Entry> {
  entries ??= buildEntries();
  return entries;
}

/** The cached validator for this kind, or undefined when the gate has no schema for it. */
export function validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
  const k = key(apiVersion, kind);
  let validator = validators.get(k);
  if (!validator) {
    const entry = allEntries().get(k);
    if (!entry) return undefined;
    validator = entry.build();
    validators.set(k, validator);
  }
  return validator;
}

export function knownKinds(): readonly KnownKind[] {
  return [...allEntries().values()].map(({ apiVersion, kind, source, core }) => ({ apiVersion, kind, source, core }));
}
