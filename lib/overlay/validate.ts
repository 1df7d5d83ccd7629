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

function translate(errors: ErrorObject[]): SchemaProblem[] {
  const problems = new Map<string, SchemaProblem>();
  const add = (path: KeyPath, message: string) => problems.set(`${path.join('\u0000')}\u0001${message}`, { path, message });
  // A bad map key also fails the `propertyNames` keyword itself; its inner error says more.
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    const p = e.params as Record<string, any>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const known = Object.keys((e.parentSchema as any)?.properties ?? {});
        const hint = suggest(p.additionalProperty, known);
        add(
          [...path, p.additionalProperty],
          hint
            ? `unknown key \`${p.additionalProperty}\` — did you mean \`${hint}\`?`
            : `unknown key \`${p.additionalProperty}\`; allowed keys: ${known.join(', ')}`,
        );
        break;
      }
      case 'required':
        add(path, `missing required key \`${p.missingProperty}\``);
        break;
      case 'type': {
        const wanted = String(p.type).split(',').filter((t) => t !== 'null').map((t) => TYPE_NAMES[t] ?? t);
        const examples = (e.parentSchema as { examples?: unknown[] } | undefined)?.examples;
        const hint = examples?.length ? ` (e.g. ${examples.map((x) => `\`${x}\``).join(', ')})` : '';
        add(path, `expected ${wanted.join(' or ')}, got ${describe(e.data)}${hint}`);
        break;
      }
      case 'enum': {
        const allowed = (p.allowedValues as unknown[]).filter((v) => v !== null).map(String);
        const hint = typeof e.data === 'string' ? suggest(e.data, allowed) : undefined;
        add(path, `${JSON.stringify(e.data)} is not one of ${allowed.join(', ')}${hint ? ` — did you mean \`${hint}\`?` : ''}`);
        break;
      }
      case 'format': {
        const rule = FORMATS[p.format];
        const subject = e.propertyName !== undefined ? `key ${JSON.stringify(e.propertyName)}` : JSON.stringify(e.data);
        add(e.propertyName !== undefined ? [...path, e.propertyName] : path, `${subject} is not ${rule?.expected ?? p.format}`);
        break;
      }
      case 'propertyNames':
        break;
      case 'multipleOf':
        add(path, `${JSON.stringify(e.data)} is finer than Kubernetes allows: use at most 3 decimals (1m)`);
        break;
      case 'exclusiveMinimum':
      case 'minimum':
      case 'maximum':
        add(path, `${JSON.stringify(e.data)} is out of range: must be ${p.comparison} ${p.limit}`);
        break;
      case 'pattern':
        add(path, `${JSON.stringify(e.data)} must match ${p.pattern}${p.pattern === '^/' ? ' (start with `/`)' : ''}`);
        break;
      case 'minLength':
        add(path, p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`);
        break;
      case 'minItems':
        add(path, `must list at least ${p.limit} item(s)`);
        break;
      case 'uniqueItems':
        add(path, `lists ${JSON.stringify((e.data as unknown[])[p.j])} twice: items must be unique`);
        break;
      default:
        add(path, e.message ?? `fails ${e.keyword}`);
    }
  }
  return [...problems.values()];
}
