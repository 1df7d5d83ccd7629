/**
 * Turns ajv validation errors into gate Violations: a key path, a message
 * naming the bad value and what is expected, and a hint saying how to fix it.
 * Every message ends with the object's `apiVersion kind`.
 */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../../shared/did-you-mean';
import { formatPath } from '../../shared/key-path';
import type { KeyPath, Violation } from '../types';
import { valueAt } from '../../shared/values';
import { FORMAT_DESCRIPTIONS } from './formats';

/** Stable check ids of this module. */
export const SCHEMA_CHECKS = {
  unknownField: 'schema-unknown-field',
  required: 'schema-required',
  type: 'schema-type',
  enum: 'schema-enum',
  quantity: 'schema-quantity',
  format: 'schema-format',
  constraint: 'schema-constraint',
  typeMeta: 'schema-type-meta',
  unknownKind: 'schema-unknown-kind',
  deprecatedApiVersion: 'deprecated-api-version',
  cel: 'schema-cel-rule',
  celSkipped: 'schema-cel-skipped',
  other: 'schema',
} as const;

/** What the object claims to be, for messages: `apps/v1 Deployment`. */
export interface KindLabel {
  readonly apiVersion: string;
  readonly kind: string;
}

const label = (k: KindLabel): string => `${k.apiVersion} ${k.kind}`;
const where = (path: KeyPath): string => (path.length === 0 ? 'the object' : `\`${formatPath(path)}\``);

export function error(check: string, path: KeyPath, message: string, hint: string): Violation {
  return { check, severity: 'error', path, message, hint };
}

/** Renders a value for a message, short enough for one line. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number';
  return `a ${typeof value}`;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true/false)',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeHint(expected: readonly string[], value: unknown): string {
  const set = new Set(expected);
  if (value === null) return 'Give it a value: only an optional field accepts null (meaning "not set"); a required field, a list item or a map value does not.';
  if (set.has('integer') && set.has('string')) return 'Use a whole number (e.g. 8080) or a name (e.g. "http").';
  if (set.has('string') && set.has('number')) return 'Use a quantity such as 500m, 0.5, 2 or 1Gi.';
  if (set.has('integer')) {
    return typeof value === 'string' ? 'Write a whole number without quotes, e.g. `3` rather than "3".' : 'Use a whole number.';
  }
  if (set.has('number')) return 'Write a number without quotes.';
  if (set.has('boolean')) return 'Write true or false without quotes.';
  if (set.has('string')) return 'Quote the value so YAML reads it as a string, e.g. "1.0" or "true".';
  if (set.has('array')) return 'Write a YAML list (one `- item` per entry).';
  if (set.has('object')) return 'Write a mapping of `key: value` pairs.';
  return 'Fix the value to match the schema.';
}

/** Did-you-mean: the closest declared key, if it is plausibly a typo. */
function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = known.find((k) => k.toLowerCase() === key.toLowerCase());
  return lower ?? didYouMean(key, known);
}

function unknownFieldViolation(path: KeyPath, known: readonly string[], kind: KindLabel): Violation {
  const key = String(path[path.length - 1]);
  const parent = path.slice(0, -1);
  const suggestion = suggestKey(key, known);
  const listed = known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ');
  return error(
    SCHEMA_CHECKS.unknownField,
    path,
    `unknown field \`${key}\` in ${where(parent)} (${label(kind)})${suggestion ? ` — did you mean \`${suggestion}\`?` : ''}`,
    suggestion
      ? `Rename \`${key}\` to \`${suggestion}\`; the API server would silently drop the unknown field.`
      : `Remove \`${key}\`; the API server would silently drop it. Known fields here: ${listed || '(none)'}.`,
  );
}

/** Resolves an ajv instancePath (JSON pointer) to a KeyPath, numbering array indices. */
function pointerToPath(pointer: string, root: unknown): KeyPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** Converts one validator run's errors, merging the branches of int-or-string style unions. */
export function fromAjvErrors(errors: readonly ErrorObject[], root: unknown, kind: KindLabel): Violation[] {
  const unique = new Map<string, ErrorObject>();
  for (const e of errors) {
    // `if` only says that the `else` branch of an optional field's null wrapper (strict.ts) failed; that branch reports why.
    if (e.keyword === 'if') continue;
    unique.set(`${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`, e);
  }
  // A value of the wrong type also fails its format (1.5 for an int64): the type error says it all.
  const typed = new Set([...unique.values()].filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const list = [...unique.values()].filter((e) => !(e.keyword === 'format' && typed.has(e.instancePath)));

  // anyOf/oneOf at a path: report one type error listing the accepted types, not each branch.
  const unionPaths = new Set(list.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const violations: Violation[] = [];
  for (const pointer of unionPaths) {
    const branchTypes = list.filter((e) => e.instancePath === pointer && e.keyword === 'type').flatMap((e) => typeList(e));
    const path = pointerToPath(pointer, root);
    const value = valueAt(root, path);
    const expected = [...new Set(branchTypes)];
    violations.push(
      expected.length > 0
        ? typeViolation(path, value, expected, kind)
        : error(SCHEMA_CHECKS.other, path, `${where(path)} is ${show(value)}, which matches none of the allowed forms (${label(kind)})`, 'Check the field against the resource documentation.'),
    );
  }
  for (const e of list) {
    if (unionPaths.has(e.instancePath) && (e.keyword === 'type' || e.keyword === 'anyOf' || e.keyword === 'oneOf')) continue;
    violations.push(fromAjvError(e, root, kind));
  }
  return violations;
}

/** Plain words for each failed bound or pattern (ajv runs with `messages: false`). */
const CONSTRAINT_TEXTS = new Map<string, (params: Record<string, unknown>) => string>([
  ['pattern', (params) => `must match the pattern ${String(params.pattern)}`],
  ['minimum', (params) => `must be at least ${String(params.limit)}`],
  ['maximum', (params) => `must be at most ${String(params.limit)}`],
  ['exclusiveMinimum', (params) => `must be greater than ${String(params.limit)}`],
  ['exclusiveMaximum', (params) => `must be less than ${String(params.limit)}`],
  ['multipleOf', (params) => `must be a multiple of ${String(params.multipleOf)}`],
  ['minLength', (params) => (params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`)],
  ['maxLength', (params) => `must be at most ${String(params.limit)} characters long`],
  ['minItems', (params) => (params.limit === 1 ? 'must list at least one item' : `must list at least ${String(params.limit)} items`)],
  ['maxItems', (params) => `must list at most ${String(params.limit)} items`],
  ['uniqueItems', () => 'must not repeat items'],
  ['minProperties', (params) => `must have at least ${String(params.limit)} keys`],
  ['maxProperties', (params) => `must have at most ${String(params.limit)} keys`],
]);

function typeList(e: ErrorObject): string[] {
  const t = (e.params as { type?: string | string[] }).type;
  return Array.isArray(t) ? t : typeof t === 'string' ? t.split(',') : [];
}

function typeViolation(path: KeyPath, value: unknown, expected: readonly string[], kind: KindLabel): Violation {
  const wanted = expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
  return error(
    SCHEMA_CHECKS.type,
    path,
    `${where(path)} is ${show(value)} (${describeType(value)}); expected ${wanted} (${label(kind)})`,
    typeHint(expected, value),
  );
}

/** One ajv error, resolved against the object, for the rule that words it. */
interface AjvErrorContext {
  readonly error: ErrorObject;
  readonly params: Record<string, unknown>;
  readonly path: KeyPath;
  readonly value: unknown;
  readonly kind: KindLabel;
}

/** How each ajv keyword becomes a violation; constraint keywords (CONSTRAINT_TEXTS) and unknown ones are handled after these. */
const KEYWORD_VIOLATIONS = new Map<string, (context: AjvErrorContext) => Violation>([
  ['additionalProperties', unknownFieldFromAjv],
  ['required', missingField],
  ['type', ({ error: e, path, value, kind }) => typeViolation(path, value, typeList(e), kind)],
  ['enum', notOneOf],
  ['const', notOneOf],
  ['format', badFormat],
]);

function fromAjvError(e: ErrorObject, root: unknown, kind: KindLabel): Violation {
  const path = pointerToPath(e.instancePath, root);
  const context: AjvErrorContext = { error: e, params: e.params as Record<string, unknown>, path, value: valueAt(root, path), kind };
  const rule = KEYWORD_VIOLATIONS.get(e.keyword) ?? (CONSTRAINT_TEXTS.has(e.keyword) ? constraintViolation : otherViolation);
  return rule(context);
}

function unknownFieldFromAjv({ error: e, params, path, kind }: AjvErrorContext): Violation {
  const properties = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return unknownFieldViolation([...path, String(params.additionalProperty)], Object.keys(properties).sort(), kind);
}

function missingField({ params, path, kind }: AjvErrorContext): Violation {
  const missing = String(params.missingProperty);
  return error(
    SCHEMA_CHECKS.required,
    [...path, missing],
    `missing required field \`${missing}\` in ${where(path)} (${label(kind)})`,
    `Add \`${missing}\` to ${where(path)}.`,
  );
}

function notOneOf({ params, path, value, kind }: AjvErrorContext): Violation {
  const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
  const values = allowed.map((v) => show(v)).join(', ');
  return error(
    SCHEMA_CHECKS.enum,
    path,
    `${where(path)} is ${show(value)}; expected one of ${values} (${label(kind)})`,
    `Use one of: ${values} (values are case-sensitive).`,
  );
}

function badFormat({ params, path, value, kind }: AjvErrorContext): Violation {
  const format = String(params.format);
  const wanted = FORMAT_DESCRIPTIONS[format] ?? `format "${format}"`;
  if (format === 'quantity') {
    return error(
      SCHEMA_CHECKS.quantity,
      path,
      `${where(path)} is ${show(value)}, not ${wanted} (${label(kind)})`,
      'Write a number with an optional unit suffix: m (milli), k/M/G/T (decimal) or Ki/Mi/Gi/Ti (binary), e.g. 250m CPU or 512Mi memory.',
    );
  }
  return error(SCHEMA_CHECKS.format, path, `${where(path)} is ${show(value)}, not ${wanted} (${label(kind)})`, `Write ${wanted}.`);
}

function constraintViolation({ error: e, params, path, value, kind }: AjvErrorContext): Violation {
  const rule = CONSTRAINT_TEXTS.get(e.keyword)!(params);
  return error(SCHEMA_CHECKS.constraint, path, `${where(path)} is ${show(value)}, but ${rule} (${label(kind)})`, `Change the value: it ${rule}.`);
}

function otherViolation({ error: e, path, value, kind }: AjvErrorContext): Violation {
  return error(
    SCHEMA_CHECKS.other,
    path,
    `${where(path)} is ${show(value)}, which fails schema rule \`${e.keyword}\` (${label(kind)})`,
    'Fix the field so it matches the resource schema.',
  );
}
