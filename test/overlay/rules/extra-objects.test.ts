import { describe, expect, it } from 'vitest';
import { extraObjectPlacement } from '../../../lib/overlay/rules/extra-objects';
import { format, stackWith } from '../stack';

const problems = (extraObjects: unknown[]) => {
  const stack = { ...stackWith(), extraObjects } as ReturnType<typeof stackWith>;
  return format(extraObjectPlacement({ stack, environment: 'dev' }));
};

describe('extraObjectPlacement', () => {
  it('accepts namespaced objects in the stack\'s namespace and cluster-scoped ones without', () => {
    expect(problems([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'shop' } },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'shop-urgent' }, value: 1000 },
    ])).toStrictEqual([]);
  });

  it('refuses another namespace and the same object twice', () => {
    expect(problems([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'other' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'flags', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'flags', namespace: 'shop' } },
    ])).toStrictEqual([
      'extraObjects[0].metadata.namespace: `other` is not this environment\'s namespace `shop`: ArgoCD\'s project allows only that one; leave it out for a cluster-scoped kind',
      'extraObjects[2].metadata.name: Secret `flags` is already extraObjects[1]; keep one',
    ]);
  });
});
