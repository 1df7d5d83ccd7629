import { describe, expect, it } from 'vitest';
import { SERVICE_PATTERNS } from '../../lib/patterns';
import { SERVICE_TYPES } from '../../lib/model/service-kinds';
import { buildStack, kinds, only, runnable, synthService } from './stack-builder';

describe('service patterns: what each kind renders', () => {
  it('has a pattern for every service kind of the traits table', () => {
    expect(Object.keys(SERVICE_PATTERNS)).toStrictEqual(SERVICE_TYPES);
  });

  it('web: ServiceAccount, Deployment and ClusterIP Service', () => {
    // GIVEN the base stack  WHEN api is rendered
    const { manifests } = synthService(buildStack(), 'api');
    // THEN
    expect(kinds(manifests)).toStrictEqual(['Deployment', 'Service', 'ServiceAccount']);
    expect(manifests.find((m) => m.kind === 'Service').spec.type).toBe('ClusterIP');
  });

  it('web with two replicas also gets a PodDisruptionBudget', () => {
    const { manifests } = synthService(buildStack({ api: { ...buildStack().services.api, replicas: 2 } }), 'api');
    expect(kinds(manifests)).toContain('PodDisruptionBudget');
  });

  it('worker: a Deployment and no Service, even with a metrics port', () => {
    const stack = buildStack({ worker: runnable('worker', { ports: { metrics: 9090 } }) });
    expect(kinds(synthService(stack, 'worker').manifests)).toStrictEqual(['Deployment', 'ServiceAccount']);
  });

  it('singleton: Recreate, exactly one replica and no PDB whatever `replicas` says elsewhere', () => {
    const { manifests } = synthService(buildStack({ beat: runnable('singleton') }), 'beat');
    const deployment = manifests.find((m) => m.kind === 'Deployment');
    expect(deployment.spec.strategy).toStrictEqual({ type: 'Recreate' });
    expect(deployment.spec.replicas).toBe(1);
    expect(kinds(manifests)).not.toContain('PodDisruptionBudget');
  });

  it('store: a StatefulSet with a data claim and a headless Service', () => {
    const { manifests } = synthService(buildStack(), 'redis');
    expect(kinds(manifests)).toStrictEqual(['Service', 'ServiceAccount', 'StatefulSet']);
    expect(manifests.find((m) => m.kind === 'Service').spec.clusterIP).toBe('None');
  });

  it('cronjob: a CronJob whose pods restart on failure, never a PDB', () => {
    const { manifests } = synthService(buildStack({ report: runnable('cronjob', { schedule: '0 3 * * *', health: undefined }) }), 'report');
    expect(kinds(manifests)).toStrictEqual(['CronJob', 'ServiceAccount']);
    expect(only(manifests, 'CronJob').spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('external: only an ExternalName Service, whose ports target nothing', () => {
    const stack = buildStack({ db: { type: 'external', host: 'db.example.com', cidr: '10.0.0.0/16', ports: { postgres: 5432 } } });
    const { manifests } = synthService(stack, 'db');
    expect(kinds(manifests)).toStrictEqual(['Service']);
    expect(manifests[0].spec).toStrictEqual({
      type: 'ExternalName',
      externalName: 'db.example.com',
      ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
    });
  });

  it('waits for in-cluster dependencies on their first port, never for external ones', () => {
    const stack = buildStack({
      db: { type: 'external', host: 'db.example.com', cidr: '10.0.0.0/16', ports: { postgres: 5432 } },
      worker: runnable('worker', { dependsOn: ['redis', 'db'] }),
    });
    const pod = synthService(stack, 'worker').manifests.find((m) => m.kind === 'Deployment').spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toStrictEqual(['wait-for-dependencies']);
    expect(pod.initContainers[0].command[2]).toContain('nc -z -w 2 redis 6379');
    expect(pod.initContainers[0].command[2]).not.toContain('db');
  });
});
