/** KedaScaling (ScaledObject + TriggerAuthentication) and MigrationJob, and how a pattern wires them. */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KedaScaling } from '../../lib/constructs/keda-scaling';
import type { Keda } from '../../lib/model/keda-schema';
import { buildStack, kinds, only, runnable, synthService } from './stack-builder';

const worker = (keda: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  runnable('worker', { dependsOn: ['redis'], keda: { minReplicas: 0, maxReplicas: 4, queues: [{ store: 'redis', length: 20 }], ...keda }, ...extra });

describe('KedaScaling', () => {
  // ONE stack for the construct-level cases: a plain Redis and one under Sentinel.
  const stack = buildStack({
    cache: { ...buildStack().services.redis, sentinel: { replicas: 3, sentinels: 3, quorum: 2 } },
    worker: worker({ queues: [{ store: 'redis', length: 20 }, { store: 'cache', list: 'emails', length: 5, activation: 2, database: 1 }] }, { dependsOn: ['redis', 'cache'] }),
  });
  const settings = stack.services.worker!.keda as Keda;

  it('GIVEN a workload of another kind (e.g. an Argo Rollout) WHEN scaled THEN the ScaledObject targets that kind, not a hard-coded Deployment', () => {
    const chart = Testing.chart();
    const target = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'worker' };
    new KedaScaling(chart, 'Keda', { metadata: { name: 'worker', namespace: 'shop' }, keda: settings, stack, target });
    const scaledObject = only(Testing.synth(chart), 'ScaledObject');
    expect(scaledObject.spec.scaleTargetRef).toStrictEqual(target);
  });

  it('GIVEN queues on a single Redis and on one under Sentinel WHEN scaled THEN each gets its trigger type and namespace-qualified addresses, no auth without `auth`', () => {
    const chart = Testing.chart();
    new KedaScaling(chart, 'Keda', { metadata: { name: 'worker', namespace: 'shop' }, keda: settings, stack, target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' } });
    const manifests = Testing.synth(chart);
    expect(kinds(manifests)).toStrictEqual(['ScaledObject']);
    const { spec } = only(manifests, 'ScaledObject');
    expect(spec.triggers).toStrictEqual([
      { type: 'redis', name: 'redis-celery', metadata: { address: 'redis.shop.svc:6379', listName: 'celery', listLength: '20', activationListLength: '0', databaseIndex: '0' } },
      {
        type: 'redis-sentinel',
        name: 'cache-emails',
        metadata: {
          addresses: 'cache-sentinel-0.cache-sentinel.shop.svc:26379,cache-sentinel-1.cache-sentinel.shop.svc:26379,cache-sentinel-2.cache-sentinel.shop.svc:26379',
          sentinelMaster: 'mymaster',
          listName: 'emails',
          listLength: '5',
          activationListLength: '2',
          databaseIndex: '1',
        },
      },
    ]);
    // The defaults are KEDA's own, written down once (KEDA_DEFAULTS) and rendered explicitly.
    expect([spec.minReplicaCount, spec.maxReplicaCount, spec.pollingInterval, spec.cooldownPeriod]).toStrictEqual([0, 4, 30, 300]);
    expect(spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown).toStrictEqual({
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 1, periodSeconds: 60 }],
    });
  });
});

describe('a worker with `keda`', () => {
  const stack = buildStack({
    worker: worker({
      auth: { password: { secret: 'redis-auth', key: 'password' }, username: { secret: 'redis-auth', key: 'user' } },
      schedules: [{ timeZone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 19 * * 1-5', replicas: 2 }],
    }, { vpa: { mode: 'Initial', maxAllowed: { cpu: '1', memory: '1Gi' } } }),
  });
  const { manifests } = synthService(stack, 'worker');

  it('GIVEN keda WHEN rendered THEN there is a ScaledObject and no HPA of ours, and the Deployment leaves replicas to KEDA', () => {
    expect(kinds(manifests)).toContain('ScaledObject');
    expect(kinds(manifests)).not.toContain('HorizontalPodAutoscaler');
    expect(only(manifests, 'Deployment').spec.replicas).toBeUndefined();
    expect(only(manifests, 'ScaledObject').spec.scaleTargetRef).toStrictEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' });
  });

  it('GIVEN auth WHEN rendered THEN a TriggerAuthentication references the Secrets and every queue trigger uses it; cron floors carry no auth', () => {
    expect(only(manifests, 'TriggerAuthentication')).toMatchObject({
      metadata: { name: 'worker-keda', namespace: 'shop' },
      spec: { secretTargetRef: [{ parameter: 'password', name: 'redis-auth', key: 'password' }, { parameter: 'username', name: 'redis-auth', key: 'user' }] },
    });
    const [queue, floor] = only(manifests, 'ScaledObject').spec.triggers;
    expect(queue.authenticationRef).toStrictEqual({ name: 'worker-keda' });
    expect(JSON.stringify(queue.metadata)).not.toMatch(/password/i);
    expect(floor).toStrictEqual({ type: 'cron', name: 'schedule-1', metadata: { timezone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 19 * * 1-5', desiredReplicas: '2' } });
  });

  it('GIVEN a VPA beside KEDA WHEN rendered THEN it may size cpu and memory (KEDA scales on queues only), and says so', () => {
    const vpa = only(manifests, 'VerticalPodAutoscaler');
    expect(vpa.spec.resourcePolicy.containerPolicies[0].controlledResources).toStrictEqual(['cpu', 'memory']);
    expect(vpa.metadata.annotations['cdk8s-stack.dev/vpa-note']).toBe('KEDA scales this workload on queue length and schedules only; this VPA updates cpu and memory requests (mode Initial).');
  });
});

describe('a web service with `migrations`', () => {
  const postgres = { type: 'store', image: 'postgres:16.4', ports: { postgres: 5432 }, resources: { cpu: '100m', memory: '256Mi' }, storage: { size: '1Gi', mountPath: '/data' }, health: { liveness: { port: 'postgres' }, readiness: { command: ['pg_isready'] } } } as const;
  const stack = buildStack({
    postgres,
    api: { ...buildStack().services.api, dependsOn: ['postgres', 'redis'], secretEnv: { DATABASE_URL: { secret: 'db', key: 'url' } }, migrations: { command: ['alembic', 'upgrade', 'head'], activeDeadline: '10m' } },
  });
  const { manifests } = synthService(stack, 'api');
  const job = only(manifests, 'Job');

  it('GIVEN migrations WHEN rendered THEN one hook Job runs in the stores\' wave with the documented defaults', () => {
    expect(job.metadata.name).toBe('api-migrate');
    expect(job.metadata.annotations).toStrictEqual({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '-1',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 86400 });
  });

  it('GIVEN migrations WHEN rendered THEN its pod is the service\'s (identity, env, restricted security) under its own name label, without probes, ports or preStop', () => {
    const pod = job.spec.template.spec;
    const app = only(manifests, 'Deployment').spec.template.spec;
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('api-migrate');
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toStrictEqual(app.securityContext);
    const [main] = pod.containers;
    expect(main.command).toStrictEqual(['alembic', 'upgrade', 'head']);
    expect(main.env).toStrictEqual(app.containers[0].env);
    expect(main.securityContext).toStrictEqual(app.containers[0].securityContext);
    for (const key of ['ports', 'livenessProbe', 'readinessProbe', 'lifecycle']) expect(main[key], key).toBeUndefined();
    // It waits for its database only, not for Redis.
    expect(pod.initContainers.map((c: any) => c.command[2])).toStrictEqual(['until nc -z -w 2 postgres 5432; do echo "waiting for postgres:5432"; sleep 2; done\n']);
  });
});
