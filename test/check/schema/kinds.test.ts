/** apiVersion/kind: required, must be known, never skipped. */
import { describe, expect, it } from 'vitest';
import { check, checkObject } from './manifest';

describe('apiVersion and kind', () => {
  it('reports a missing apiVersion and a non-string kind', () => {
    // GIVEN an object without apiVersion and with a numeric kind
    const violations = check(`{kind: 7, metadata: {name: x}}`);
    // THEN both are schema-type-meta violations at their keys
    expect(violations).toEqual([
      expect.objectContaining({ check: 'schema-type-meta', path: ['apiVersion'], message: 'the object has no `apiVersion`' }),
      expect.objectContaining({ check: 'schema-type-meta', path: ['kind'] }),
    ]);
    expect(violations[1]!.message).toContain('7');
  });

  it('reports a document that is not a mapping', () => {
    expect(checkObject(['a', 'list'])).toEqual([expect.objectContaining({ check: 'schema-type-meta', path: [] })]);
  });
});

describe('a kind without a schema', () => {
  it('is a warning (an error with --unknown-kinds error), never skipped silently', () => {
    // GIVEN a kind the gate has no schema for
    const violations = check(`{apiVersion: example.com/v1, kind: Foo, metadata: {name: x}}`);
    // THEN schema-unknown-kind, with a hint how to add a CRD
    expect(violations).toEqual([expect.objectContaining({ check: 'schema-unknown-kind', path: ['kind'], severity: 'warning' })]);
    expect(violations[0]!.message).toContain('`Foo`');
    expect(violations[0]!.message).toContain('`example.com/v1`');
    expect(violations[0]!.hint).toContain('--crds');
  });

  it('suggests the kind a typo was meant to be', () => {
    const [violation] = check(`{apiVersion: apps/v1, kind: Deploymnet, metadata: {name: x}}`);
    expect(violation).toMatchObject({ check: 'schema-unknown-kind' });
    expect(violation!.hint).toContain('Did you mean kind `Deployment`?');
  });

  it('names the apiVersion a known kind lives under', () => {
    const [violation] = check(`{apiVersion: apps/v1, kind: CronJob, metadata: {name: x}}`);
    expect(violation).toMatchObject({ check: 'schema-unknown-kind' });
    expect(violation!.hint).toContain('`batch/v1`');
  });
});
