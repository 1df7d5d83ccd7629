/** Rules of `keda` (queue-depth scaling by KEDA) and `migrations` (the migration Job of a release). */
import { describe, expect, it } from 'vitest';
import { kedaBounds, kedaOrAutoscaling, kedaQueueStores, migrationDatabase, scaleToZeroBehindIngress } from '../../../lib/overlay/rules/keda';
import { problemsOf, ruleProblems, stackWith } from '../stack';

const queue = (store = 'store') => ({ minReplicas: 0, maxReplicas: 3, queues: [{ store, length: 20 }] });

describe('kedaOrAutoscaling', () => {
  it('GIVEN both an HPA and KEDA on one service WHEN checked THEN it says to keep one', () => {
    expect(problemsOf(kedaOrAutoscaling, 'worker', { dependsOn: ['store'], keda: queue(), autoscaling: { minReplicas: 1, maxReplicas: 3 } })).toStrictEqual([
      'services.worker.keda: give either `autoscaling` (an HPA of ours) or `keda` (KEDA owns the HPA), not both: two autoscalers would fight over one workload. Move what `autoscaling` says into `keda` (`minReplicas`, `maxReplicas`, `scaleUp`, `scaleDown`) and set `autoscaling: null` in this environment',
    ]);
  });

  it('GIVEN KEDA alone WHEN checked THEN nothing is wrong', () => {
    expect(problemsOf(kedaOrAutoscaling, 'worker', { dependsOn: ['store'], keda: queue() })).toStrictEqual([]);
  });
});

describe('kedaBounds', () => {
  it('GIVEN min above max, a floor above max and a floor that ends when it starts WHEN checked THEN each is named', () => {
    const keda = { ...queue(), minReplicas: 4, schedules: [{ timeZone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 8 * * 1-5', replicas: 5 }] };
    expect(problemsOf(kedaBounds, 'worker', { dependsOn: ['store'], keda })).toStrictEqual([
      'services.worker.keda.minReplicas: minReplicas (4) is greater than maxReplicas (3); swap them or raise maxReplicas',
      'services.worker.keda.schedules[0].replicas: a floor of 5 pods is above maxReplicas (3): KEDA never runs more than maxReplicas; lower it or raise maxReplicas',
      'services.worker.keda.schedules[0].end: the floor ends when it starts (`0 8 * * 1-5`), so it never holds; give `end` another time (e.g. `start: 0 8 * * 1-5`, `end: 0 19 * * 1-5`)',
    ]);
  });

  it('GIVEN replicas beside KEDA WHEN checked THEN replicas must go', () => {
    expect(problemsOf(kedaBounds, 'worker', { dependsOn: ['store'], keda: queue(), replicas: 2 })).toStrictEqual([
      'services.worker.replicas: give either `replicas` or `keda`, not both: KEDA owns the replica count (set `replicas: null` in this environment)',
    ]);
  });
});

describe('kedaQueueStores', () => {
  it('GIVEN a queue on a Redis the service does not depend on WHEN checked THEN it names the dependencies to choose from', () => {
    const stack = stackWith({ cache: { type: 'store', image: 'redis:7.4.1', resources: { cpu: '100m', memory: '128Mi' }, ports: { redis: 6379 }, storage: { size: '1Gi', mountPath: '/data' }, health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } } }, worker: { dependsOn: ['store'], keda: queue('cache') } });
    expect(ruleProblems(kedaQueueStores, stack, 'worker')).toStrictEqual([
      "services.worker.keda.queues[0].store: `cache` is not among this service's `dependsOn`: KEDA reads the queue on a Redis the service works with, and its network policies are drawn from `dependsOn`. Add `cache` to `dependsOn`, or name one of `store`",
    ]);
  });

  it('GIVEN a queue on a dependency that is not Redis WHEN checked THEN it says so', () => {
    expect(problemsOf(kedaQueueStores, 'worker', { dependsOn: ['external'], keda: queue('external') })).toStrictEqual([
      "services.worker.keda.queues[0].store: `external` is not a Redis store (a `store` with image `redis` or `valkey`, or `backup.engine: redis`): KEDA's list trigger reads Redis lists; no dependency of this service is a Redis store",
    ]);
  });

  it('GIVEN a queue on the Redis store it depends on WHEN checked THEN nothing is wrong', () => {
    expect(problemsOf(kedaQueueStores, 'worker', { dependsOn: ['store'], keda: queue() })).toStrictEqual([]);
  });
});

describe('scaleToZeroBehindIngress', () => {
  it('GIVEN a web service with an ingress scaled to zero WHEN checked THEN minReplicas must be 1 or more', () => {
    const web = { dependsOn: ['store'], ingress: { host: 'shop.example.com' }, keda: queue() };
    expect(problemsOf(scaleToZeroBehindIngress, 'web', web)).toStrictEqual([
      'services.web.keda.minReplicas: a service with an `ingress` cannot scale to zero: KEDA wakes it on queue length, not on requests, so requests arriving at zero pods get 503s. Use `minReplicas: 1` or more, or remove `ingress`',
    ]);
  });

  it('GIVEN a web service with an ingress and a floor of one pod, or a worker at zero WHEN checked THEN nothing is wrong', () => {
    expect(problemsOf(scaleToZeroBehindIngress, 'web', { dependsOn: ['store'], ingress: { host: 'shop.example.com' }, keda: { ...queue(), minReplicas: 1 } })).toStrictEqual([]);
    expect(problemsOf(scaleToZeroBehindIngress, 'worker', { dependsOn: ['store'], keda: queue() })).toStrictEqual([]);
  });
});

describe('migrationDatabase', () => {
  const migrations = { command: ['alembic', 'upgrade', 'head'] };

  it('GIVEN a migration on a service without a database dependency WHEN checked THEN it names the databases to depend on', () => {
    expect(problemsOf(migrationDatabase, 'web', { dependsOn: ['store'], migrations })).toStrictEqual([
      'services.web.migrations: this service depends on no database (`dependsOn`: `store`): a migration has nothing to migrate, and its network policy would let it reach none; add the database to `dependsOn` (`external`), or remove `migrations`',
    ]);
  });

  it('GIVEN a migration on a service that depends on an external database or a Postgres store WHEN checked THEN nothing is wrong', () => {
    expect(problemsOf(migrationDatabase, 'web', { dependsOn: ['external'], migrations })).toStrictEqual([]);
    const postgres = { type: 'store', image: 'postgres:16.4', resources: { cpu: '100m', memory: '128Mi' }, ports: { postgres: 5432 }, storage: { size: '1Gi', mountPath: '/data' }, health: { liveness: { port: 'postgres' }, readiness: { command: ['pg_isready'] } } };
    const stack = stackWith({ pg: postgres, web: { dependsOn: ['pg'], migrations } });
    expect(ruleProblems(migrationDatabase, stack, 'web')).toStrictEqual([]);
  });
});
