import { describe, expect, it } from 'vitest';
import { buildStack, only, runnable, synthService } from './stack-builder';

const podSpec = (stack: ReturnType<typeof buildStack>, name: string, kind = 'Deployment') => {
  const workload = only(synthService(stack, name).manifests, kind);
  return (kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template).spec;
};

const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const NODE_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['g5.xlarge'] }] }],
    },
  },
};

describe('pod settings (`pod`)', () => {
  it('renders every setting into the pod spec', () => {
    const stack = buildStack({
      worker: runnable('worker', {
        pod: {
          nodeSelector: { 'kubernetes.io/arch': 'arm64' },
          tolerations: [GPU_TOLERATION],
          affinity: NODE_AFFINITY,
          imagePullSecrets: ['ghcr-pull'],
          runtimeClassName: 'gvisor',
          hostAliases: [{ ip: '10.1.2.3', hostnames: ['legacy.internal'] }],
          dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
        },
      }),
    });
    const spec = podSpec(stack, 'worker');
    expect(spec.nodeSelector).toStrictEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(spec.tolerations).toStrictEqual([GPU_TOLERATION]);
    expect(spec.affinity).toStrictEqual(NODE_AFFINITY);
    expect(spec.imagePullSecrets).toStrictEqual([{ name: 'ghcr-pull' }]);
    expect(spec.runtimeClassName).toBe('gvisor');
    expect(spec.hostAliases).toStrictEqual([{ ip: '10.1.2.3', hostnames: ['legacy.internal'] }]);
    expect(spec.dnsConfig).toStrictEqual({ options: [{ name: 'ndots', value: '2' }] });
    // Still the restricted pod.
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.hostNetwork).toBeUndefined();
  });

  it('adds pod anti-affinity beside the spreading constraints, never instead', () => {
    const antiAffinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { team: 'search' } } } },
        ],
      },
    };
    const spec = podSpec(buildStack({ api: { ...buildStack().services.api, pod: { affinity: antiAffinity } } as any }), 'api');
    expect(spec.affinity).toStrictEqual(antiAffinity);
    expect(spec.topologySpreadConstraints).toHaveLength(2);
  });

  it('combines the stack\'s and the service\'s: lists both, node selectors merged, the rest the service\'s', () => {
    const stack = buildStack(
      {
        worker: runnable('worker', { pod: { imagePullSecrets: ['own', 'shared'], nodeSelector: { pool: 'gpu' }, tolerations: [GPU_TOLERATION], runtimeClassName: 'kata' } }),
        beat: runnable('singleton'),
      },
      { pod: { imagePullSecrets: ['shared'], nodeSelector: { 'kubernetes.io/arch': 'amd64', pool: 'general' }, runtimeClassName: 'gvisor' } },
    );
    const worker = podSpec(stack, 'worker');
    expect(worker.imagePullSecrets).toStrictEqual([{ name: 'shared' }, { name: 'own' }]);
    expect(worker.nodeSelector).toStrictEqual({ 'kubernetes.io/arch': 'amd64', pool: 'gpu' });
    expect(worker.tolerations).toStrictEqual([GPU_TOLERATION]);
    expect(worker.runtimeClassName).toBe('kata');
    const beat = podSpec(stack, 'beat');
    expect(beat.imagePullSecrets).toStrictEqual([{ name: 'shared' }]);
    expect(beat.runtimeClassName).toBe('gvisor');
    expect(beat.tolerations).toBeUndefined();
  });

  it('sets the pods of CronJobs and stores too', () => {
    const stack = buildStack({ report: runnable('cronjob', { schedule: '0 2 * * *' }) }, { pod: { imagePullSecrets: ['registry'] } });
    expect(podSpec(stack, 'report', 'CronJob').imagePullSecrets).toStrictEqual([{ name: 'registry' }]);
    expect(podSpec(stack, 'redis', 'StatefulSet').imagePullSecrets).toStrictEqual([{ name: 'registry' }]);
  });

  it('takes a priority class: a tier of the stack, or a class of the cluster', () => {
    const stack = buildStack({
      urgent: runnable('worker', { pod: { priorityClass: 'apis' } }),
      custom: runnable('worker', { pod: { priorityClass: 'platform-high' } }),
    });
    expect(podSpec(stack, 'urgent').priorityClassName).toBe('shop-test-apis');
    expect(podSpec(stack, 'custom').priorityClassName).toBe('platform-high');
    expect(podSpec(stack, 'api').priorityClassName).toBe('shop-batch');
  });

  it('renders no setting the overlay does not ask for', () => {
    const spec = podSpec(buildStack(), 'api');
    for (const key of ['nodeSelector', 'tolerations', 'affinity', 'imagePullSecrets', 'runtimeClassName', 'hostAliases', 'dnsConfig']) {
      expect(spec[key]).toBeUndefined();
    }
  });
});
