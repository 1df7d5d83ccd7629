/**
 * Turns CustomResourceDefinition files (openAPIV3Schema per version) into
 * strict JSON schemas that ajv compiles like the core ones: the bundled
 * upstream CRDs (imports/upstream-crds/), those in the input and --crds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { CRD_QUANTITY_PATTERN, FORMAT_DESCRIPTIONS } from './formats';
import { isJsonObject, type Json, type JsonObject } from './json';
import { acceptNullForOptional, closeObjectSchemas } from './strict';

export interface CrdKindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  /** Strict JSON schema of the whole object; `metadata` refers to `objectMetaRef`. */
  readonly schema: JsonObject;
  /** The CRD file it came from, for messages. */
  readonly source: string;
  /** The version's openAPIV3Schema as the CRD writes it (for its x-kubernetes-validations CEL rules). */
  readonly openApi: Json;
}

/** JSON Schema keywords kept as they are; everything else (descriptions, x-kubernetes-*, …) is dropped. */
const KEPT = new Set([
  'type', 'enum', 'pattern', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required',
]);

/** Converts one OpenAPI v3 (structural CRD) schema node to draft-07 JSON Schema. */
export function openApiToJsonSchema(node: Json): Json {
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (KEPT.has(key)) out[key] = value;
  convertFormatAndBounds(node, out);
  convertSubschemas(node, out);
  convertKubernetesExtensions(node, out);
  return out;
}

/**
 * A Go (RE2) pattern as a JavaScript one. JavaScript has no inline flag `(?i)` (the Prometheus
 * Operator's AlertmanagerConfig writes month and weekday names with it): it is dropped and every
 * ASCII letter outside a character class matches either case. Where RE2 scoped the flag to a group,
 * the result accepts a little more, never less.
 */
export function re2PatternToJs(pattern: string): string {
  if (!pattern.includes('(?i)')) return pattern;
  let out = '';
  let inClass = false;
  const text = pattern.replaceAll('(?i)', '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ']') {
      inClass = false;
      out += c;
    } else if (!inClass && /[a-z]/i.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else {
      out += c;
    }
  }
  return out;
}

/** A CRD pattern as ajv compiles it; a pattern that still does not compile is dropped (not checked) rather than crash the run. */
export function jsPattern(pattern: string): string | undefined {
  const converted = re2PatternToJs(pattern);
  try {
    new RegExp(converted, 'u');
    return converted;
  } catch {
    return undefined;
  }
}

function convertFormatAndBounds(node: JsonObject, out: JsonObject): void {
  if (typeof out.pattern === 'string') {
    const pattern = jsPattern(out.pattern);
    if (pattern === undefined) delete out.pattern;
    else out.pattern = pattern;
  }
  // Formats ajv does not know (uri, duration, …) are documentation only in the API server too.
  if (typeof node.format === 'string' && node.format in FORMAT_DESCRIPTIONS) out.format = node.format;
  // OpenAPI 3.0 boolean exclusive bounds -> draft-07 numeric ones.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
}

function convertSubschemas(node: JsonObject, out: JsonObject): void {
  if (isJsonObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, openApiToJsonSchema(v)]));
  }
  if (node.items !== undefined) out.items = openApiToJsonSchema(node.items);
  if (node.additionalProperties !== undefined) out.additionalProperties = openApiToJsonSchema(node.additionalProperties);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(openApiToJsonSchema);
  }
  if (node.not !== undefined) out.not = openApiToJsonSchema(node.not);
}

/** int-or-string, preserve-unknown-fields and nullable, in JSON Schema terms. */
function convertKubernetesExtensions(node: JsonObject, out: JsonObject): void {
  if (node['x-kubernetes-int-or-string'] === true) {
    // Replaces the generated `anyOf: [{type: integer}, {type: string}]` with one type check.
    out.type = ['integer', 'string'];
    delete out.anyOf;
    if (out.pattern === CRD_QUANTITY_PATTERN) {
      // A resource.Quantity: same check as the core schemas, and a readable message.
      delete out.pattern;
      out.format = 'quantity';
    }
  }
  if (node['x-kubernetes-preserve-unknown-fields'] === true && out.additionalProperties === undefined) {
    out.additionalProperties = true;
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
}

/** Strict JSON schemas for every served version of every CRD in `crdYaml`. */
export function crdKindSchemas(crdYaml: string, source: string, objectMetaRef: string): CrdKindSchema[] {
  // js-yaml: several times faster than `yaml` documents on the 2 MB of bundled CRDs (startup cost).
  return loadAll(crdYaml).flatMap((doc) => {
    const crd = doc as JsonObject | null;
    return crd && typeof crd === 'object' ? crdObjectKindSchemas(crd, source, objectMetaRef) : [];
  });
}

/** Strict JSON schemas for every served version of one CustomResourceDefinition object (none for any other object). */
export function crdObjectKindSchemas(crd: JsonObject, source: string, objectMetaRef: string): CrdKindSchema[] {
  if (crd.kind !== 'CustomResourceDefinition' || !isJsonObject(crd.spec ?? null)) return [];
  const spec = crd.spec as JsonObject;
  const group = spec.group as string;
  const kind = (spec.names as JsonObject | undefined)?.kind as string | undefined;
  if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) return [];
  const result: CrdKindSchema[] = [];
  for (const version of spec.versions as JsonObject[]) {
    if (!isJsonObject(version) || version.served === false) continue;
    // apiextensions/v1beta1 CRDs could share one top-level schema; v1 has one per version.
    const openApi = (version.schema as JsonObject | undefined)?.openAPIV3Schema ?? (spec.validation as JsonObject | undefined)?.openAPIV3Schema;
    if (!openApi) throw new Error(`${source}: ${kind} ${version.name as string} has no openAPIV3Schema`);
    const converted = openApiToJsonSchema(openApi) as JsonObject;
    const properties = { ...(converted.properties as JsonObject), metadata: { $ref: objectMetaRef } };
    result.push({
      apiVersion: `${group}/${version.name as string}`,
      kind,
      // The API server prunes null from optional fields of custom resources, so they accept it.
      schema: acceptNullForOptional(closeObjectSchemas({ ...converted, properties })),
      source,
      openApi,
    });
  }
  return result;
}

/** Reads every `*.yaml`/`*.yml` CRD file in `directory`. */
export function loadCrdDirectory(directory: URL, objectMetaRef: string, label = 'imports/crds'): CrdKindSchema[] {
  const path = fileURLToPath(directory);
  return readdirSync(path)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((name) => crdKindSchemas(readFileSync(new URL(name, directory), 'utf8'), `${label}/${name}`, objectMetaRef));
}
