/**
 * JSON Schema validation of overlay files with ajv, and translation of ajv's errors into
 * one plain sentence per problem (with a did-you-mean where a close name exists).
 */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../shared/did-you-mean';
import { FORMATS } from '../model/formats';
// ajv's validators for lib/model/schema.ts, compiled ahead of time by `npm run gen:schema`.
import { validateMergedStack as mergedValidator, validateOverlayFile as fileValidator } from '../model/validators.generated';
import type { KeyPath } from './errors';

export interface SchemaProblem {
  readonly path: KeyPath;
  readonly message: string;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Validates one overlay file as written: every key optional, `null` allowed (it removes a key). */
export function validateOverlayFile(data: unknown): SchemaProblem[] {
  const validate = fileValidator as Validator;
  return validate(data) ? [] : translate(validate.errors ?? []);
}

/** Validates the merged stack (required keys present) and fills in schema defaults, in place. */
export function validateMergedStack(data: unknown): SchemaProblem[] {
  const validate = mergedValidator as Validator;
  return validate(data) ? [] : translate(validate.errors ?? []);
}

export function suggest(word: string, candidates: readonly string[]): string | undefined {
  return didYouMean(word, candidates, true);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false',
  object: 'a map', array: 'a list', null: 'null',
};

type Params = Record<string, any>;

/** One sentence for an ajv error of some keyword; `undefined` when the error adds nothing. */
type Explain = (error: ErrorObject, path: KeyPath, params: Params) => SchemaProblem | undefined;

function unknownKey(error: ErrorObject, path: KeyPath, p: Params): SchemaProblem {
  const known = Object.keys((error.parentSchema as any)?.properties ?? {});
  const hint = suggest(p.additionalProperty, known);
  return {
    path: [...path, p.additionalProperty],
    message: hint
      ? `unknown key \`${p.additionalProperty}\` — did you mean \`${hint}\`?`
      : `unknown key \`${p.additionalProperty}\`; allowed keys: ${known.join(', ')}`,
  };
}

function wrongType(error: ErrorObject, path: KeyPath, p: Params): SchemaProblem {
  const wanted = String(p.type).split(',').filter((t) => t !== 'null').map((t) => TYPE_NAMES[t] ?? t);
  const examples = (error.parentSchema as { examples?: unknown[] } | undefined)?.examples;
  const hint = examples?.length ? ` (e.g. ${examples.map((x) => `\`${x}\``).join(', ')})` : '';
  return { path, message: `expected ${wanted.join(' or ')}, got ${describe(error.data)}${hint}${quotingHint(String(p.type), error.data, error.parentSchema as Params | undefined)}` };
}

/** A value of the right type written with (or without) quotes: say which way to fix it. */
function quotingHint(types: string, value: unknown, schema: { format?: string; pattern?: string; examples?: unknown[] } | undefined): string {
  const wants = (t: string) => types.split(',').includes(t);
  if (typeof value === 'string') {
    if ((wants('integer') && /^-?\d+$/.test(value)) || (wants('number') && /^-?\d+(\.\d+)?$/.test(value)) || (wants('boolean') && /^(true|false)$/.test(value))) {
      return ' — remove the quotes';
    }
  } else if (wants('string') && !schema?.format && !schema?.pattern && !schema?.examples && (typeof value === 'number' || typeof value === 'boolean')) {
    // Only for free text: a number where a quantity or a version goes needs its unit or format, not quotes.
    return ` — quote it ("${value}")`;
  }
  return '';
}

function notAllowed(error: ErrorObject, path: KeyPath, p: Params): SchemaProblem {
  const allowed = (p.allowedValues as unknown[]).filter((v) => v !== null).map(String);
  const hint = typeof error.data === 'string' ? suggest(error.data, allowed) : undefined;
  return { path, message: `${JSON.stringify(error.data)} is not one of ${allowed.join(', ')}${hint ? ` — did you mean \`${hint}\`?` : ''}` };
}

/** A bad value, or a bad map key (`propertyName`): either way the format says what was expected. */
function badFormat(error: ErrorObject, path: KeyPath, p: Params): SchemaProblem {
  const rule = FORMATS[p.format];
  const expected = rule?.expected ?? p.format;
  if (error.propertyName !== undefined) return { path: [...path, error.propertyName], message: `key ${JSON.stringify(error.propertyName)} is not ${expected}` };
  const why = typeof error.data === 'string' ? rule?.explain?.(error.data) : undefined;
  return { path, message: `${JSON.stringify(error.data)} is not ${expected}${why ? `: ${why}` : ''}` };
}

const outOfRange: Explain = (error, path, p) => ({ path, message: `${JSON.stringify(error.data)} is out of range: must be ${p.comparison} ${p.limit}` });

const EXPLAIN: Readonly<Record<string, Explain>> = {
  additionalProperties: unknownKey,
  required: (_error, path, p) => ({ path, message: `missing required key \`${p.missingProperty}\`` }),
  type: wrongType,
  enum: notAllowed,
  format: badFormat,
  // A bad map key also fails the `propertyNames` keyword itself; its inner error says more.
  propertyNames: () => undefined,
  multipleOf: (error, path) => ({ path, message: `${JSON.stringify(error.data)} is finer than Kubernetes allows: use at most 3 decimals (1m)` }),
  exclusiveMinimum: outOfRange,
  minimum: outOfRange,
  maximum: outOfRange,
  pattern: (error, path, p) => ({ path, message: `${JSON.stringify(error.data)} must match ${p.pattern}${p.pattern === '^/' ? ' (start with `/`)' : ''}` }),
  minLength: (_error, path, p) => ({ path, message: p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long` }),
  minItems: (_error, path, p) => ({ path, message: `must list at least ${p.limit} item(s)` }),
  uniqueItems: (error, path, p) => ({ path, message: `lists ${JSON.stringify((error.data as unknown[])[p.j])} twice: items must be unique` }),
};

const ajvMessage: Explain = (error, path) => ({ path, message: error.message ?? `fails ${error.keyword}` });

/** ajv's errors as one sentence each, without repeats, in ajv's order. */
function translate(errors: ErrorObject[]): SchemaProblem[] {
  const problems = new Map<string, SchemaProblem>();
  for (const error of errors) {
    const explain = Object.hasOwn(EXPLAIN, error.keyword) ? EXPLAIN[error.keyword] : ajvMessage;
    const problem = explain(error, pointerToPath(error.instancePath), error.params as Params);
    if (problem) problems.set(`${problem.path.join('\u0000')}\u0001${problem.message}`, problem);
  }
  return [...problems.values()];
}
