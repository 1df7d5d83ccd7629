import { describe, expect, it } from 'vitest';
import { aKind, serviceContext } from '../../../lib/overlay/rules/rule';
import { stackWith } from '../stack';

describe('serviceContext', () => {
  it('gives a service its traits and key paths under it', () => {
    const context = serviceContext(stackWith(), 'store');
    expect(context.traits.keepsData).toBe(true);
    expect(context.at('ports', 'redis')).toStrictEqual(['services', 'store', 'ports', 'redis']);
  });
});

describe('aKind', () => {
  it('names kinds with their article', () => {
    expect(aKind('store')).toBe('a `store`');
    expect(aKind('external')).toBe('an `external`');
    expect(aKind('web', 'worker')).toBe('a `web` or `worker`');
  });
});
