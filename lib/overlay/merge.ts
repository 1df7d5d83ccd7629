/**
 * How an environment file overrides the base:
 *  - maps merge key by key, recursively;
 *  - lists and scalars replace the base value whole;
 *  - `null` removes the key (and everything under it).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isMap = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeOverlay(base: unknown, override: unknown): Json {
  if (!isMap(base) || !isMap(override)) return stripNulls(override === undefined ? base : override) as Json;
  const out: Record<string, Json> = {};
  // Own keys only: a service or config key may be called `constructor` or `toString`.
  for (const key of Object.keys(base)) if (!Object.hasOwn(override, key)) out[key] = stripNulls(base[key]) as Json;
  for (const [key, value] of Object.entries(override)) {
    if (value === null) continue;
    out[key] = Object.hasOwn(base, key) ? mergeOverlay(base[key], value) : (stripNulls(value) as Json);
  }
  // Remove keys whose value stripped down to nothing in the base too.
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
  return out;
}
