/**
 * The schema of one overlay file, derived from the stack schema: an environment file
 * overrides only what it names, so nothing is required, and `null` is allowed on every
 * key (it removes the key from the merged stack). This is also the schema published for
 * editors (`schema/overlay.schema.json`).
 */
type JsonSchema = Record<string, any>;

function allowNull(schema: JsonSchema): JsonSchema {
  const out = relax(schema);
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

function relax(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, allowNull(v)]));
    } else if (key === 'additionalProperties' && typeof value === 'object') {
      out.additionalProperties = allowNull(value);
    } else if (key === 'items' || key === 'propertyNames') {
      out[key] = relax(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** `stack` is the merged-stack schema (lib/model/stack.schema.json). */
export function overlayFileSchema(stack: JsonSchema): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...relax(stack) };
}
