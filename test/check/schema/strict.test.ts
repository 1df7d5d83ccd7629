/** closeObjectSchemas: kubeconform -strict semantics for JSON schemas. */
import { describe, expect, it } from 'vitest';
import { closeObjectSchemas } from '../../../lib/check/schema/strict';

describe('closeObjectSchemas', () => {
  it('closes every schema that lists properties, at any depth', () => {
    // GIVEN open object schemas nested in definitions, items and anyOf
    const schema = {
      definitions: {
        Spec: { type: 'object', properties: { replicas: { type: 'integer' }, template: { $ref: '#/definitions/Template' } } },
        Template: {
          type: 'object',
          properties: {
            containers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
            port: { anyOf: [{ type: 'object', properties: { n: { type: 'integer' } } }, { type: 'string' }] },
          },
        },
      },
    };
    // WHEN closed
    const closed = closeObjectSchemas(schema) as any;
    // THEN each property-listing object rejects other keys
    expect(closed.definitions.Spec.additionalProperties).toBe(false);
    expect(closed.definitions.Template.additionalProperties).toBe(false);
    expect(closed.definitions.Template.properties.containers.items.additionalProperties).toBe(false);
    expect(closed.definitions.Template.properties.port.anyOf[0].additionalProperties).toBe(false);
    // AND the input is left untouched
    expect((schema.definitions.Spec as any).additionalProperties).toBeUndefined();
  });

  it('leaves maps and free-form objects open', () => {
    const closed = closeObjectSchemas({
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        values: { type: 'object' },
        preserved: { type: 'object', properties: { a: {} }, additionalProperties: true },
      },
    }) as any;
    expect(closed.additionalProperties).toBe(false);
    expect(closed.properties.labels.additionalProperties).toEqual({ type: 'string' });
    expect(closed.properties.values.additionalProperties).toBeUndefined();
    expect(closed.properties.preserved.additionalProperties).toBe(true);
  });
});
