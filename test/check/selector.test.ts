/** Label selector semantics and the index behind every cross-object check. */
import { describe, expect, it } from 'vitest';
import { LabelIndex, labelSelector, mapSelector, matches } from '../../lib/shared/selector';

describe('label selectors', () => {
  const labels = { app: 'api', tier: 'web', canary: 'true' };

  it.each([
    [{ matchLabels: { app: 'api' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'edge'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Like', values: ['w'] }] }, false],
    [{}, true],
    [null, false],
  ])('GIVEN selector %j WHEN matched against app=api,tier=web,canary=true THEN %s', (selector, expected) => {
    expect(matches(labelSelector(selector), labels)).toBe(expected);
  });

  it('GIVEN a Service with an empty selector map WHEN matched THEN it selects nothing (its endpoints are managed by hand)', () => {
    expect(matches(mapSelector({}), labels)).toBe(false);
  });
});

describe('LabelIndex', () => {
  it('GIVEN indexed items WHEN queried THEN the answers equal a full scan, in insertion order', () => {
    const index = new LabelIndex<number>();
    const items: Record<string, string>[] = [];
    for (let i = 0; i < 200; i++) {
      const item = { app: `app-${i % 10}`, tier: i % 3 === 0 ? 'web' : 'worker', ...(i % 7 === 0 ? { canary: 'true' } : {}) };
      items.push(item);
      index.add(item, i);
    }
    const selectors = [
      { matchLabels: { app: 'app-3' } },
      { matchLabels: { app: 'app-3', tier: 'web' } },
      { matchExpressions: [{ key: 'canary', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }, { key: 'app', operator: 'NotIn', values: ['app-0'] }] },
      { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] },
      { matchLabels: { app: 'nope' } },
      {},
    ];
    for (const raw of selectors) {
      const selector = labelSelector(raw);
      const scan = items.flatMap((labels, i) => (matches(selector, labels) ? [i] : []));
      expect(index.select(selector), JSON.stringify(raw)).toEqual(scan);
    }
  });
});
