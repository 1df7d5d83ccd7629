/**
 * `kubeconform -strict` semantics for JSON schemas: an object schema that lists
 * its properties rejects any other key. The published Kubernetes/CRD schemas
 * leave `additionalProperties` unset (open), which is why a typo such as
 * `spec.replicaz` passes a plain schema check and is silently dropped by the
 * API server.
 *
 * Schemas that are deliberately open keep working: maps carry an explicit
 * `additionalProperties` schema, and free-form objects (`type: object` with no
 * `properties`, or CRD `x-kubernetes-preserve-unknown-fields`, converted to
 * `additionalProperties: true` before this runs) are left alone.
 */
import { isJsonObject, type Json, type JsonObject } from './json';

/** Keywords whose value is a single subschema. */
const SUBSCHEMA = ['items', 'additionalProperties', 'not', 'additionalItems', 'contains', 'propertyNames'] as const;
/** Keywords whose value is a list of subschemas. */
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;
/** Keywords whose value maps names to subschemas. */
const SUBSCHEMA_MAPS = ['properties', 'definitions', 'patternProperties', '$defs'] as const;

/** Returns a deep copy of `schema` with every property-listing object schema closed. */
export function closeObjectSchemas<T>(schema: T): T {
  return close(schema as Json) as T;
}

function close(node: Json): Json {
  if (!isJsonObject(node)) return node;
  const out = withSubschemas(node, SUBSCHEMA, close);
  if (node.properties !== undefined && node.additionalProperties === undefined && node.patternProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * `null` in an optional field means "not set": the API server decodes it as the
 * zero value (and prunes it from custom resources), and kubeconform accepts it.
 * `kubectl create --dry-run=client -o yaml` always writes
 * `metadata.creationTimestamp: null`; `annotations: null` or `binaryData: null`
 * are common in hand-written YAML. So every property an object schema does not
 * list in `required` also accepts null; a required field, a list item or a map
 * value still does not.
 *
 * The wrapper is `{if: {type: 'null'}, else: <schema>}`: a non-null value meets
 * exactly the original schema and its errors (violations.ts drops ajv's extra
 * `if` error), so messages stay as they were. Run it after closeObjectSchemas.
 */
export function acceptNullForOptional<T>(schema: T): T {
  return nullable(schema as Json) as T;
}

function nullable(node: Json): Json {
  if (!isJsonObject(node)) return node;
  const out = withSubschemas(node, [...SUBSCHEMA, 'if', 'then', 'else'], nullable);
  const properties = out.properties;
  if (isJsonObject(properties)) {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => [name, required.has(name) || acceptsNull(sub) ? sub : { if: { type: 'null' }, else: sub }]),
    );
  }
  return out;
}

/** A shallow copy of `node` with `transform` applied to every subschema: those under `single` keys, in lists and in maps. */
function withSubschemas(node: JsonObject, single: readonly string[], transform: (sub: Json) => Json): JsonObject {
  const out: JsonObject = { ...node };
  for (const key of single) if (key in node) out[key] = transform(node[key]!);
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(transform);
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (isJsonObject(map)) out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, transform(sub)]));
  }
  return out;
}

/** True when the schema already accepts null (a CRD `nullable: true` field, or an unconstrained `{}`). */
function acceptsNull(schema: Json): boolean {
  if (schema === true) return true;
  if (!isJsonObject(schema)) return false;
  if (Object.keys(schema).length === 0) return true;
  const type = schema.type;
  return Array.isArray(type) ? type.includes('null') : type === 'null';
}
