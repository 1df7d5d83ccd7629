/**
 * Turns cdk8s-plus-28's generated `lib/imports/k8s.d.ts` (json2jsii output of the
 * Kubernetes 1.28.0 OpenAPI definitions) back into JSON Schema definitions.
 *
 * Why this source: it is the only npm-shipped artefact that carries the exact
 * Kubernetes 1.28 field set. Every interface and every property carries a
 * `@schema <definition>[#<json field name>]` tag, so the original definition
 * names and JSON field names (e.g. `hostIPC`, `$ref`) survive the TypeScript
 * renaming. Optional (`?`) vs required properties mirror the OpenAPI `required`.
 *
 * Only used at build time (scripts/build-schemas.ts) and by the freshness test;
 * the gate itself loads the committed output.
 */
import type { JsonSchema, KubernetesSchemaDocument } from '../../lib/check/schema/types';

/** One `KubeXxx` construct class and the apiVersion/kind it renders. */
export interface KindClass {
  readonly className: string;
  readonly apiVersion: string;
  readonly kind: string;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * TypeScript `number` loses integer-vs-float. In the 1.28 definitions every
 * numeric field is an integer (int32/int64) except these three `double`s.
 */
const FLOAT_FIELDS: ReadonlySet<string> = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps#maximum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps#minimum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps#multipleOf',
]);

/** Fields whose OpenAPI format is `byte` (base64); the d.ts types them as plain strings. */
const BYTE_FIELDS: ReadonlySet<string> = new Set([
  'io.k8s.api.core.v1.Secret#data',
  'io.k8s.api.core.v1.ConfigMap#binaryData',
  'io.k8s.api.admissionregistration.v1.WebhookClientConfig#caBundle',
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec#caBundle',
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec#request',
]);

/**
 * Fields the OpenAPI document leaves optional but the API server's validation
 * requires, with a minimum length: a pod container without an image (or with
 * `image: ""`) is rejected for Pods and for every pod template (Deployment,
 * Job, PodTemplate, …). `Container` is only used by PodSpec containers and
 * initContainers; EphemeralContainer (added through a subresource) is left alone.
 */
const API_SERVER_REQUIRED: ReadonlyMap<string, readonly string[]> = new Map([['io.k8s.api.core.v1.Container', ['image']]]);

/**
 * cdk8s drops `status` from the props it generates. Objects with a `spec` also
 * have a (cluster-written) `status` in the API, except these 1.28 kinds.
 */
const KINDS_WITHOUT_STATUS: ReadonlySet<string> = new Set([
  'io.k8s.api.admissionregistration.v1alpha1.ValidatingAdmissionPolicyBinding',
  'io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicyBinding',
  'io.k8s.api.certificates.v1alpha1.ClusterTrustBundle',
  'io.k8s.api.coordination.v1.Lease',
  'io.k8s.api.core.v1.LimitRange',
  'io.k8s.api.networking.v1.IngressClass',
  'io.k8s.api.networking.v1.NetworkPolicy',
  'io.k8s.api.networking.v1alpha1.ClusterCIDR',
  'io.k8s.api.networking.v1alpha1.IPAddress',
  'io.k8s.api.resource.v1alpha2.ResourceClaimTemplate',
  'io.k8s.api.storage.v1.CSIDriver',
  'io.k8s.api.storage.v1.CSINode',
]);

interface ParsedProperty {
  readonly jsonName: string;
  readonly optional: boolean;
  /** TypeScript type text; maps are `{[key]: V}` written as `map:V`. */
  readonly type: string;
}

interface ParsedInterface {
  readonly tsName: string;
  readonly schemaName: string;
  readonly properties: readonly ParsedProperty[];
}

interface ParsedEnum {
  readonly schemaName: string;
  readonly values: readonly string[];
}

interface ParsedDts {
  readonly interfaces: ReadonlyMap<string, ParsedInterface>;
  /** TS enum name -> schema name and values. */
  readonly enums: ReadonlyMap<string, ParsedEnum>;
  /** TS class name -> schema name, for the Quantity / IntOrString wrapper classes. */
  readonly valueClasses: ReadonlyMap<string, string>;
}

const SCHEMA_TAG = /^\s*\* @schema (\S+)\s*$/;
const INTERFACE_START = /^export interface (\w+) \{$/;
const ENUM_START = /^export declare enum (\w+) \{$/;
const CLASS_START = /^export declare class (\w+)(?: extends \w+)? \{$/;
const PROPERTY = /^ {4}readonly (\w+)(\?)?: (.+);$/;
const MAP_PROPERTY = /^ {4}readonly (\w+)(\?)?: \{$/;
const MAP_VALUE = /^ {8}\[key: string\]: (.+);$/;
const ENUM_MEMBER = /^ {4}\w+ = "(.*)",?$/;

/** The d.ts lines, the line being read and the `@schema` tag of the doc comment last seen. */
interface Cursor {
  readonly lines: readonly string[];
  at: number;
  tag?: string;
}

/** Follows doc comments: `/**` starts a new one (forgetting the tag); true when the line is a `@schema` tag. */
function readTag(cursor: Cursor, line: string): boolean {
  if (line.trim() === '/**') cursor.tag = undefined;
  const match = SCHEMA_TAG.exec(line);
  if (match) cursor.tag = match[1];
  return match !== null;
}

/** Line-oriented parser: json2jsii output is regular enough that no TS compiler is needed. */
function parseDts(text: string): ParsedDts {
  const cursor: Cursor = { lines: text.split('\n'), at: 0 };
  const interfaces = new Map<string, ParsedInterface>();
  const enums = new Map<string, ParsedEnum>();
  const valueClasses = new Map<string, string>();
  for (; cursor.at < cursor.lines.length; cursor.at++) {
    const line = cursor.lines[cursor.at]!;
    if (readTag(cursor, line)) continue;
    const iface = INTERFACE_START.exec(line);
    if (iface) {
      interfaces.set(iface[1]!, parseInterface(cursor, iface[1]!));
      continue;
    }
    const enumStart = ENUM_START.exec(line);
    if (enumStart) {
      enums.set(enumStart[1]!, parseEnum(cursor, enumStart[1]!));
      continue;
    }
    const cls = CLASS_START.exec(line);
    if (cls && (cursor.tag === QUANTITY || cursor.tag === INT_OR_STRING)) valueClasses.set(cls[1]!, cursor.tag);
  }
  return { interfaces, enums, valueClasses };
}

/** The interface starting at the cursor, which is left on its closing `}`. */
function parseInterface(cursor: Cursor, tsName: string): ParsedInterface {
  const schemaName = cursor.tag;
  if (!schemaName) throw new Error(`k8s.d.ts: interface ${tsName} has no @schema tag`);
  const properties: ParsedProperty[] = [];
  cursor.tag = undefined;
  for (cursor.at++; cursor.lines[cursor.at] !== '}'; cursor.at++) {
    const line = cursor.lines[cursor.at]!;
    if (readTag(cursor, line)) continue;
    const prop = PROPERTY.exec(line) ?? MAP_PROPERTY.exec(line);
    if (!prop) continue;
    properties.push(parseProperty(cursor, `${tsName}.${prop[1]}`, prop));
    cursor.tag = undefined;
  }
  return { tsName, schemaName, properties };
}

/** One property (`prop` is its PROPERTY or MAP_PROPERTY match); a map's value line and `};` are read too. */
function parseProperty(cursor: Cursor, where: string, prop: RegExpExecArray): ParsedProperty {
  const jsonName = cursor.tag?.split('#')[1];
  if (!jsonName) throw new Error(`k8s.d.ts: ${where} has no @schema field tag`);
  let type = prop[3];
  if (type === undefined) {
    const value = MAP_VALUE.exec(cursor.lines[++cursor.at]!);
    if (!value || cursor.lines[++cursor.at] !== '    };') throw new Error(`k8s.d.ts: unexpected map syntax at ${where}`);
    type = `map:${value[1]}`;
  }
  return { jsonName, optional: prop[2] === '?', type };
}

/** The enum starting at the cursor, which is left on its closing `}`. */
function parseEnum(cursor: Cursor, tsName: string): ParsedEnum {
  const values: string[] = [];
  for (cursor.at++; cursor.lines[cursor.at] !== '}'; cursor.at++) {
    const member = ENUM_MEMBER.exec(cursor.lines[cursor.at]!);
    if (member) values.push(member[1]!);
  }
  const parsed = { schemaName: cursor.tag ?? tsName, values };
  cursor.tag = undefined;
  return parsed;
}

/** Builds the definitions document from the d.ts text and the construct classes' GVKs. */
export function generateKubernetesSchemas(
  dtsText: string,
  kindClasses: readonly KindClass[],
  meta: { readonly kubernetesVersion: string; readonly source: string },
): KubernetesSchemaDocument {
  const parsed = parseDts(dtsText);
  const definitions: Record<string, JsonSchema> = {
    // Quantity: a number, or a string in the apimachinery quantity grammar (format checked at load).
    [QUANTITY]: { type: ['string', 'number'], format: 'quantity' },
    [INT_OR_STRING]: { type: ['integer', 'string'] },
  };
  for (const e of parsed.enums.values()) definitions[e.schemaName] = { type: 'string', enum: e.values };

  const topLevel = new Set(kindClasses.map((k) => `${k.className}Props`));
  for (const iface of parsed.interfaces.values()) {
    if (definitions[iface.schemaName]) throw new Error(`k8s.d.ts: duplicate definition ${iface.schemaName}`);
    definitions[iface.schemaName] = interfaceSchema(parsed, iface, topLevel.has(iface.tsName));
  }

  return {
    kubernetesVersion: meta.kubernetesVersion,
    source: meta.source,
    kinds: sortKeys(kindDefinitions(parsed, kindClasses)),
    definitions: sortKeys(definitions),
  };
}

/** The schema of one interface; a kind's top-level props get the fields cdk8s fills in itself. */
function interfaceSchema(parsed: ParsedDts, iface: ParsedInterface, topLevel: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const alsoRequired = API_SERVER_REQUIRED.get(iface.schemaName) ?? [];
  for (const p of iface.properties) {
    properties[p.jsonName] = typeSchema(parsed, p.type, `${iface.schemaName}#${p.jsonName}`);
    if (!p.optional || alsoRequired.includes(p.jsonName)) required.push(p.jsonName);
    if (alsoRequired.includes(p.jsonName) && properties[p.jsonName]!.type === 'string') {
      properties[p.jsonName] = { ...properties[p.jsonName], minLength: 1 };
    }
  }
  if (topLevel) {
    // cdk8s fills these in itself, so its props omit them; manifests carry them.
    properties.apiVersion = { type: 'string' };
    properties.kind = { type: 'string' };
    if (properties.spec && !KINDS_WITHOUT_STATUS.has(iface.schemaName)) properties.status = { type: 'object' };
  }
  return {
    type: 'object',
    properties: sortKeys(properties),
    ...(required.length > 0 ? { required: required.sort() } : {}),
  };
}

/** The schema of a property's TypeScript type; `field` (`definition#field`) picks integer vs number and byte strings. */
function typeSchema(parsed: ParsedDts, type: string, field: string): JsonSchema {
  if (type.startsWith('map:')) {
    return { type: 'object', additionalProperties: typeSchema(parsed, type.slice(4), field) };
  }
  if (type.endsWith('[]')) return { type: 'array', items: typeSchema(parsed, type.slice(0, -2), field) };
  switch (type) {
    case 'string':
      return BYTE_FIELDS.has(field) ? { type: 'string', format: 'byte' } : { type: 'string' };
    case 'number':
      return { type: FLOAT_FIELDS.has(field) ? 'number' : 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'any':
      return {};
    case 'Date':
      return { type: 'string', format: 'date-time' };
  }
  const valueClass = parsed.valueClasses.get(type);
  if (valueClass) return { $ref: `#/definitions/${valueClass}` };
  const enumDef = parsed.enums.get(type);
  if (enumDef) return { $ref: `#/definitions/${enumDef.schemaName}` };
  const iface = parsed.interfaces.get(type);
  if (iface) return { $ref: `#/definitions/${iface.schemaName}` };
  throw new Error(`k8s.d.ts: unsupported type '${type}' at ${field}`);
}

/** `apiVersion/kind` -> definition name, for every construct class. */
function kindDefinitions(parsed: ParsedDts, kindClasses: readonly KindClass[]): Record<string, string> {
  const kinds: Record<string, string> = {};
  for (const k of kindClasses) {
    const props = parsed.interfaces.get(`${k.className}Props`);
    if (!props) throw new Error(`k8s.d.ts: no props interface for ${k.className}`);
    kinds[`${k.apiVersion}/${k.kind}`] = props.schemaName;
  }
  return kinds;
}

/**
 * Enum values stated in the d.ts documentation, for string fields the
 * structured source (kubernetes-models' validators) has no enum for. Only the
 * unambiguous phrasing `should be one of "A", "B" or "C".` (every value quoted)
 * counts; in the 1.28 d.ts that is HPA v2 `MetricSpec.type` alone.
 * Returns `definition#field` -> values.
 */
export function documentedEnums(dtsText: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const block = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*\n\s*readonly /g;
  const oneOf = /\b(?:should|must) be one of ("[^"]+"(?:(?:,| or|, or) "[^"]+")+)[,.]/;
  for (const match of dtsText.matchAll(block)) {
    const doc = match[1]!;
    const field = /@schema (\S+#\S+)/.exec(doc)?.[1];
    const values = oneOf.exec(doc)?.[1];
    if (field && values) found.set(field, [...values.matchAll(/"([^"]+)"/g)].map((m) => m[1]!).sort());
  }
  return found;
}

/** Key-sorted copy, so generated documents are deterministic. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
