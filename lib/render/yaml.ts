/**
 * Serialising objects to YAML that every common parser reads the same way:
 * keys in a stable, conventional order, and every string that a YAML 1.1 parser
 * (PyYAML, go-yaml v2, old Helm) or a YAML 1.2 parser would read as something
 * else quoted (`"on"`, `"yes"`, `"0755"`, `"1e3"`, `"0o17"`, `"12:30"`).
 */
import { Scalar, stringify } from 'yaml';

/** Keys that read best first, in this order; everything else follows alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];
const RANK = new Map(LEADING_KEYS.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? LEADING_KEYS.length;
  const rb = RANK.get(b) ?? LEADING_KEYS.length;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

/** A deep copy with map keys in conventional order, dropping undefined values. */
export function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = orderKeys(v);
  }
  return out;
}

// YAML 1.2 reads `0o17` as an integer; the 1.1 schema we stringify with does not know it.
const YAML12_ONLY_NUMBER = /^[-+]?0o[0-7]+$/;

function quoteAmbiguous(_key: unknown, value: unknown): unknown {
  if (typeof value === 'string' && YAML12_ONLY_NUMBER.test(value)) {
    const scalar = new Scalar(value);
    scalar.type = Scalar.QUOTE_DOUBLE;
    return scalar;
  }
  return value;
}

/** One object as a YAML document (no `---`), ending in a newline. */
export function toYaml(object: unknown): string {
  return stringify(orderKeys(object), quoteAmbiguous, {
    // The 1.1 core schema quotes strings that 1.1 parsers would read as booleans,
    // octals, sexagesimals or timestamps; 1.2-only forms are handled by the replacer.
    version: '1.1',
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
  });
}
