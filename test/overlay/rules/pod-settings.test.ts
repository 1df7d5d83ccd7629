import { describe, expect, it } from 'vitest';
import { podKeysWithoutPods } from '../../../lib/overlay/rules/type-keys';
import { servicePodSettings, stackPodSettings } from '../../../lib/overlay/rules/pod-settings';
import { format, problemsOf, stackWith } from '../stack';

const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const nodeTerm = (operator: string, values?: string[]) => ({
  affinity: { nodeAffinity: { [REQUIRED]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator, values }] }] } } },
});

describe('servicePodSettings', () => {
  it('accepts well-formed settings', () => {
    expect(problemsOf(servicePodSettings, 'worker', {
      pod: { ...nodeTerm('In', ['gpu']), tolerations: [{ key: 'dedicated', value: 'shop', effect: 'NoExecute', tolerationSeconds: 60 }], priorityClass: 'apis' },
    })).toStrictEqual([]);
  });

  it.each([
    ['In', undefined, '`In` needs at least one value in `values`'],
    ['Exists', ['x'], '`Exists` takes no `values`; remove them'],
    ['Gt', ['two'], '`Gt` takes exactly one integer in `values`'],
  ])('checks the values of `%s`', (operator, values, message) => {
    expect(problemsOf(servicePodSettings, 'worker', { pod: nodeTerm(operator, values) })).toStrictEqual([
      `services.worker.pod.affinity.nodeAffinity.${REQUIRED}.nodeSelectorTerms[0].matchExpressions[0].operator: ${message}`,
    ]);
  });

  it('checks label selectors of pod anti-affinity terms', () => {
    const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn' }] } };
    expect(problemsOf(servicePodSettings, 'web', { pod: { affinity: { podAntiAffinity: { [REQUIRED]: [term] } } } })).toStrictEqual([
      `services.web.pod.affinity.podAntiAffinity.${REQUIRED}[0].labelSelector.matchExpressions[0].operator: \`NotIn\` needs at least one value in \`values\``,
    ]);
  });

  it('checks tolerations', () => {
    expect(problemsOf(servicePodSettings, 'worker', {
      pod: { tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }, { effect: 'NoSchedule' }, { key: 'c', value: 'd', tolerationSeconds: 5 }] },
    })).toStrictEqual([
      'services.worker.pod.tolerations[0].value: `operator: Exists` matches any value; remove `value`',
      'services.worker.pod.tolerations[1].operator: a toleration without `key` matches every taint and needs `operator: Exists`',
      'services.worker.pod.tolerations[2].tolerationSeconds: `tolerationSeconds` applies only to `effect: NoExecute`',
    ]);
  });

  it('refuses the system priority classes, saying why', () => {
    expect(problemsOf(servicePodSettings, 'worker', { pod: { priorityClass: 'system-node-critical' } })).toStrictEqual([
      'services.worker.pod.priorityClass: `system-node-critical` is for cluster components: the API server admits it only in `kube-system`; use one of the stack\'s tiers (`stores`, `apis`, `batch`) or a class of your own',
    ]);
  });

  it('refuses pod settings on a kind without pods', () => {
    expect(problemsOf(podKeysWithoutPods, 'external', { pod: { nodeSelector: { a: 'b' } } })).toStrictEqual([
      'services.external.pod: an `external` service runs nothing in the cluster; remove `pod`',
    ]);
  });
});

describe('stackPodSettings', () => {
  it('checks the stack\'s settings at their own keys', () => {
    const stack = stackWith({}, { pod: { tolerations: [{ operator: 'Equal', value: 'x' }] } });
    expect(format(stackPodSettings({ stack, environment: 'dev' }))).toStrictEqual([
      'stack.pod.tolerations[0].operator: a toleration without `key` matches every taint and needs `operator: Exists`',
    ]);
  });
});
