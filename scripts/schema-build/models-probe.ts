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
import { FORMAT_DESCRIPTIONS } from '../../lib/check/schema/formats';
import type { JsonSchema } from '../../lib/check/schema/types';
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

/** Probes property `prop` of an object (its JSON pointer escapes `~` and `/`). */
function propertyProbe(validate: Validate, prop: string): Probe {
  return makeProbe(validate, (value) => ({ [prop]: value }), `/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/** Probes the first item of a list at the probed position. */
function itemProbe(probe: Probe): Probe {
  return (value, suffix = '') => probe([value], `/0${suffix}`);
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
    refine(items, itemProbe(probe));
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
        refine(copy, propertyProbe(validate, prop));
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

/**
 * The validator module name kubernetes-models gives an OpenAPI definition:
 * `io.k8s.api.core.v1.Container` -> `IoK8sApiCoreV1Container`.
 */
export function modelsDefinitionModule(definition: string): string {
  return definition
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A value no Kubernetes enum allows, so an `enum` error names the allowed values. */
const NOT_AN_ENUM_VALUE = '\u0001not-an-enum-value';

/** The enum values the validator reports for a string at the probed position, or undefined. */
function probeEnum(probe: Probe): string[] | undefined {
  const allowed = probe(NOT_AN_ENUM_VALUE).find((e) => e.keyword === 'enum')?.params.allowedValues;
  if (!Array.isArray(allowed) || allowed.length === 0 || !allowed.every((v) => typeof v === 'string')) return undefined;
  return [...allowed];
}

export interface EnumProbeResult {
  /** The definitions with enums added to string (and list-of-string) properties. */
  readonly definitions: Record<string, JsonSchema>;
  /** `definition#field` of every property that got an enum, sorted. */
  readonly fields: readonly string[];
}

/**
 * Adds enums to the string properties of `definitions` (a core Kubernetes
 * document, whose OpenAPI source dropped enums) from precompiled validators of
 * the same definitions in `schemaDirs` (kubernetes-models' `_schemas/`).
 * Nothing is invented: a property gets exactly the `allowedValues` its
 * validator reports for a value outside the enum; a definition or property the
 * validators do not know stays as it is. Build-time only.
 */
export async function probeEnums(definitions: Readonly<Record<string, JsonSchema>>, schemaDirs: readonly string[]): Promise<EnumProbeResult> {
  const out: Record<string, JsonSchema> = {};
  const fields: string[] = [];
  for (const [name, original] of Object.entries(definitions)) {
    out[name] = original;
    if (!original.properties) continue;
    const validate = await definitionValidator(name, schemaDirs);
    if (!validate) continue;
    const properties: Record<string, JsonSchema> = {};
    let changed = false;
    for (const [prop, sub] of Object.entries(original.properties)) {
      properties[prop] = enumProperty(original, prop, sub, validate);
      if (properties[prop] !== sub) {
        changed = true;
        fields.push(`${name}#${prop}`);
      }
    }
    if (changed) out[name] = { ...original, properties };
  }
  return { definitions: out, fields: fields.sort() };
}

/** The precompiled validator of a definition, from the first of `schemaDirs` that has one. */
async function definitionValidator(definition: string, schemaDirs: readonly string[]): Promise<Validate | undefined> {
  const dir = schemaDirs.find((d) => existsSync(join(d, `${modelsDefinitionModule(definition)}.js`)));
  if (dir === undefined) return undefined;
  const module = (await import(pathToFileURL(join(dir, `${modelsDefinitionModule(definition)}.js`)).href)) as { validate?: Validate };
  return module.validate;
}

/** Property `prop` of `owner` with the enum its validator reports, or `sub` itself when there is none to add. */
function enumProperty(owner: JsonSchema, prop: string, sub: JsonSchema, validate: Validate): JsonSchema {
  // kubernetes-models pins apiVersion and kind of every model to its own
  // values: those are model facts, not API enums (the gate picks the schema
  // by apiVersion/kind, and validates flowcontrol v1 against v1beta3).
  if (prop === 'apiVersion' || (prop === 'kind' && owner.properties?.apiVersion)) return sub;
  const probe = propertyProbe(validate, prop);
  if (sub.type === 'string' && !sub.enum && !sub.format) {
    const values = probeEnum(probe);
    if (values) return { ...sub, enum: values };
  } else if (sub.type === 'array' && sub.items?.type === 'string' && !sub.items.enum && !sub.items.format) {
    const values = probeEnum(itemProbe(probe));
    if (values) return { ...sub, items: { ...sub.items, enum: values } };
  }
  return sub;
}
