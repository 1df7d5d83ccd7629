/**
 * Recovers the constraints a `.d.ts` cannot express (integer vs number,
 * string patterns and formats, numeric and length bounds, required lists)
 * from the @kubernetes-models precompiled validators, by feeding each
 * definition's validator one tell-tale value per property and reading the
 * ajv error it reports (e.g. `{keyword: 'pattern', params: {pattern}}`).
 *
 * Each definition has its own validator module (`_schemas/<Definition>.js`),
 * so every probe is local to one property: nested definitions are probed
 * through their own validators, never by recursion. Build-time only.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FORMAT_DESCRIPTIONS } from './formats';
import type { JsonSchema } from './kubernetes-dts';
import type { ModelSchemas } from './models-dts';

interface ProbeError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

type Validate = ((data: unknown) => boolean) & { errors?: ProbeError[] | null };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };


function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

async function loadValidator(definition: string, file: string): Promise<Validate | undefined> {
  const path = join(packageRoot(file), '_schemas', `${definition}.js`);
  if (!existsSync(path)) return undefined;
  const module = (await import(pathToFileURL(path).href)) as { validate?: Validate };
  return module.validate;
}

/** Errors reported exactly at `pointer` when validating `data`. */
function errorsAt(validate: Validate, data: unknown, pointer: string): ProbeError[] {
  return validate(data) ? [] : (validate.errors ?? []).filter((e) => e.instancePath === pointer);
}

function validRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Errors the validator reports for `value` at the probed position (plus `suffix`, for nested values). */
type Probe = (value: unknown, suffix?: string) => ProbeError[];

function makeProbe(validate: Validate, wrap: (value: unknown) => unknown, pointer: string): Probe {
  return (value, suffix = '') => errorsAt(validate, wrap(value), pointer + suffix);
}

/** Refines one inline schema in place. */
function refine(schema: Mutable<JsonSchema>, probe: Probe): void {
  if (schema.$ref) return; // the referenced definition is refined through its own validator
  if (schema.type === 'number') {
    if (probe(0.5).some((e) => e.keyword === 'type' && e.params.type === 'integer')) schema.type = 'integer';
    bounds(schema, [...probe(-1e15), ...probe(1e15)]);
  } else if (schema.type === 'string' && !schema.enum) {
    const errors = [...probe('\u0001'), ...probe(''), ...probe('x'.repeat(70_000))];
    const pattern = errors.find((e) => e.keyword === 'pattern')?.params.pattern;
    if (typeof pattern === 'string' && validRegExp(pattern)) schema.pattern = pattern;
    bounds(schema, errors);
  } else if (schema.type === 'array' && schema.items) {
    bounds(schema, probe([]));
    const items = { ...schema.items } as Mutable<JsonSchema>;
    refine(items, (value, suffix = '') => probe([value], `/0${suffix}`));
    schema.items = items;
  } else if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const values = { ...schema.additionalProperties } as Mutable<JsonSchema>;
    refine(values, (value, suffix = '') => probe({ probe: value }, `/probe${suffix}`));
    schema.additionalProperties = values;
  }
}

function bounds(schema: Mutable<JsonSchema>, errors: readonly ProbeError[]): void {
  for (const e of errors) {
    const limit = e.params.limit;
    if (e.keyword === 'format' && typeof e.params.format === 'string' && e.params.format in FORMAT_DESCRIPTIONS) schema.format = e.params.format;
    if (typeof limit !== 'number') continue;
    if (e.keyword === 'minimum' || e.keyword === 'maximum' || e.keyword === 'exclusiveMinimum' || e.keyword === 'exclusiveMaximum') schema[e.keyword] = limit;
    if (e.keyword === 'minLength' || e.keyword === 'maxLength' || e.keyword === 'minItems' || e.keyword === 'maxItems') schema[e.keyword] = limit;
  }
}

/** Returns a copy of `schemas` with every definition refined by its validator. */
export async function probeConstraints(schemas: ModelSchemas): Promise<ModelSchemas> {
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, original] of Object.entries(schemas.definitions)) {
    const schema = structuredClone(original) as Mutable<JsonSchema>;
    const validate = await loadValidator(name, schemas.files[name]!);
    if (validate && schema.properties) {
      const properties: Record<string, JsonSchema> = {};
      for (const [prop, sub] of Object.entries(schema.properties)) {
        const copy = { ...sub } as Mutable<JsonSchema>;
        refine(copy, makeProbe(validate, (value) => ({ [prop]: value }), `/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`));
        properties[prop] = copy;
      }
      schema.properties = properties;
      // The validator's own required list is authoritative.
      const required = errorsAt(validate, {}, '').filter((e) => e.keyword === 'required').map((e) => String(e.params.missingProperty));
      if (required.length > 0) schema.required = [...new Set(required)].sort();
      else delete schema.required;
    } else if (validate && !schema.$ref) {
      refine(schema, makeProbe(validate, (value) => value, ''));
    }
    definitions[name] = schema;
  }
  return { ...schemas, definitions };
}
