/** CRD openAPIV3Schema -> strict draft-07 JSON Schema. */
import { describe, expect, it } from 'vitest';
import { crdKindSchemas, openApiToJsonSchema, re2PatternToJs } from '../../../lib/check/schema/crd-schema';
import { CRD_QUANTITY_PATTERN } from '../../../lib/check/schema/formats';

describe('openApiToJsonSchema', () => {
  it('turns x-kubernetes-int-or-string into one type check, and quantity patterns into the quantity format', () => {
    expect(openApiToJsonSchema({ anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true })).toEqual({ type: ['integer', 'string'] });
    expect(
      openApiToJsonSchema({ anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: CRD_QUANTITY_PATTERN, 'x-kubernetes-int-or-string': true }),
    ).toEqual({ type: ['integer', 'string'], format: 'quantity' });
  });

  it('keeps preserve-unknown-fields objects open and nullable fields nullable', () => {
    expect(openApiToJsonSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true })).toEqual({ type: 'object', additionalProperties: true });
    expect(openApiToJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
  });

  it('converts OpenAPI 3.0 boolean exclusive bounds and drops documentation and unknown formats', () => {
    expect(
      openApiToJsonSchema({ type: 'integer', minimum: 0, exclusiveMinimum: true, description: 'd', format: 'int32', 'x-kubernetes-validations': [] }),
    ).toEqual({ type: 'integer', exclusiveMinimum: 0, format: 'int32' });
    expect(openApiToJsonSchema({ type: 'string', format: 'uri' })).toEqual({ type: 'string' });
  });
});

describe('re2PatternToJs', () => {
  it('reads the RE2 inline flag (?i), which JavaScript lacks, as either case of every letter (AlertmanagerConfig weekdays)', () => {
    const weekday = '^((?i)sun|mon|tues|wednes|thurs|fri|satur)day(?:((:(sun|mon|tues|wednes|thurs|fri|satur)day)$)|$)';
    const pattern = new RegExp(re2PatternToJs(weekday), 'u');
    for (const ok of ['saturday', 'Saturday', 'monday:friday']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['caturday', 'sat', 'monday:']) expect(pattern.test(bad), bad).toBe(false);
    expect(re2PatternToJs('^[a-z]\\d+$')).toBe('^[a-z]\\d+$');
    expect(re2PatternToJs('(?i)a[b]\\w')).toBe('[aA][b]\\w');
  });
});

describe('crdKindSchemas', () => {
  it('yields a strict schema per served version, with metadata pointing at ObjectMeta', () => {
    // GIVEN a CRD with a served and an unserved version
    const yaml = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            metadata: {type: object}
            spec: {type: object, properties: {size: {type: integer}}}
    - name: v0
      served: false
      storage: false
      schema: {openAPIV3Schema: {type: object}}
`;
    // WHEN converted
    const kinds = crdKindSchemas(yaml, 'widgets.yaml', 'core#/ObjectMeta');
    // THEN only v1, closed, with metadata as a $ref
    expect(kinds.map((k) => `${k.apiVersion} ${k.kind}`)).toEqual(['example.com/v1 Widget']);
    // (optional fields also accept null, which the API server prunes from custom resources)
    const orNull = (schema: object) => ({ if: { type: 'null' }, else: schema });
    expect(kinds[0]!.schema).toEqual({
      type: 'object',
      properties: {
        metadata: orNull({ $ref: 'core#/ObjectMeta' }),
        spec: orNull({ type: 'object', properties: { size: orNull({ type: 'integer' }) }, additionalProperties: false }),
      },
      additionalProperties: false,
    });
  });
});
