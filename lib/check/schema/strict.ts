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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: { [key: string]: Json } = { ...node };
  for (const key of SUBSCHEMA) if (key in node) out[key] = close(node[key]!);
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(close);
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (map && typeof map === 'object' && !Array.isArray(map)) {
      out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, close(sub)]));
    }
  }
  if (node.properties !== undefined && node.additionalProperties === undefined && node.patternProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}
