import { describe, expect, it } from 'vitest';
import {
  externalAddress, keysOnlyForSomeKinds, podKeysWithoutPods, portsByKind, scheduleByKind, storageByKind, workloadKeys,
} from '../../../lib/overlay/rules/type-keys';
import { problemsOf } from '../stack';

describe('keysOnlyForSomeKinds', () => {
  it.each([
    ['ingress', 'worker', { ingress: { host: 'w.example.com' } }, '`ingress` applies only to `web` services, not `worker`'],
    ['autoscaling', 'store', { autoscaling: { minReplicas: 1, maxReplicas: 2 } }, '`autoscaling` applies only to `web`, `worker` services, not `store`'],
    ['pdb', 'singleton', { pdb: { maxUnavailable: 1 } }, '`pdb` applies only to `web`, `worker`, `store` services, not `singleton`'],
    ['metrics', 'cronjob', { metrics: { port: 'http' } }, '`metrics` applies only to `web`, `worker`, `singleton`, `store` services, not `cronjob`'],
    ['host', 'web', { host: 'api.example.com' }, '`host` applies only to `external` services, not `web`'],
    ['cidr', 'web', { cidr: '10.0.0.0/8' }, '`cidr` applies only to `external` services, not `web`'],
  ] as const)('rejects `%s` on a %s', (key, kind, override, message) => {
    expect(problemsOf(keysOnlyForSomeKinds, kind, override)).toStrictEqual([`services.${kind}.${key}: ${message}`]);
  });

  it('accepts each key on the kinds that take it', () => {
    expect(problemsOf(keysOnlyForSomeKinds, 'web', { ingress: { host: 'a.example.com' }, autoscaling: { minReplicas: 1, maxReplicas: 2 }, pdb: { maxUnavailable: 1 }, metrics: {} })).toStrictEqual([]);
    expect(problemsOf(keysOnlyForSomeKinds, 'external')).toStrictEqual([]);
  });
});

describe('podKeysWithoutPods', () => {
  it('rejects keys about pods on a service that runs nothing in the cluster', () => {
    expect(problemsOf(podKeysWithoutPods, 'external', { image: 'postgres:16.4', replicas: 2 })).toStrictEqual([
      'services.external.image: an `external` service runs nothing in the cluster; remove `image`',
      'services.external.replicas: an `external` service runs nothing in the cluster; remove `replicas`',
    ]);
  });

  it('leaves workloads alone', () => {
    expect(problemsOf(podKeysWithoutPods, 'worker', { replicas: 2 })).toStrictEqual([]);
  });
});

describe('externalAddress', () => {
  it('needs `host`', () => {
    expect(problemsOf(externalAddress, 'external', { host: null })).toStrictEqual([
      'services.external.type: an `external` service needs `host` (e.g. `host: db.example.com`)',
    ]);
  });

  it('needs `cidr`', () => {
    expect(problemsOf(externalAddress, 'external', { cidr: null })).toStrictEqual([
      'services.external.type: an `external` service needs `cidr`: the network its clients may reach (e.g. `10.20.0.0/16`)',
    ]);
  });
});

describe('workloadKeys', () => {
  it('needs `image` once merged', () => {
    expect(problemsOf(workloadKeys, 'worker', { image: null })).toStrictEqual(['services.worker: missing required key `image`']);
  });

  it('needs `resources` once merged', () => {
    expect(problemsOf(workloadKeys, 'cronjob', { resources: null })).toStrictEqual(['services.cronjob: missing required key `resources`']);
  });

  it('asks neither of an external service', () => {
    expect(problemsOf(workloadKeys, 'external')).toStrictEqual([]);
  });
});

describe('portsByKind', () => {
  it.each(['web', 'store', 'external'] as const)('a %s needs ports', (kind) => {
    expect(problemsOf(portsByKind, kind, { ports: null })).toStrictEqual([
      `services.${kind}.type: a \`${kind}\` service needs \`ports\` (e.g. \`ports: { http: 8000 }\`)`,
    ]);
  });

  it('a cronjob serves none', () => {
    expect(problemsOf(portsByKind, 'cronjob', { ports: { http: 8080 } })).toStrictEqual([
      'services.cronjob.ports: a `cronjob` service serves no ports; remove `ports`',
    ]);
  });

  it('a worker may have ports or not', () => {
    expect(problemsOf(portsByKind, 'worker', { ports: { metrics: 9000 } })).toStrictEqual([]);
    expect(problemsOf(portsByKind, 'worker')).toStrictEqual([]);
  });
});

describe('storageByKind', () => {
  it('a store needs storage', () => {
    expect(problemsOf(storageByKind, 'store', { storage: null })).toStrictEqual([
      'services.store.type: a `store` needs `storage` (e.g. `storage: { size: 10Gi }`)',
    ]);
  });

  it('no other kind has storage', () => {
    expect(problemsOf(storageByKind, 'worker', { storage: { size: '1Gi', mountPath: '/data' } })).toStrictEqual([
      'services.worker.storage: only a `store` has `storage`; a `worker` keeps no data',
    ]);
  });
});

describe('scheduleByKind', () => {
  it('a cronjob needs a schedule', () => {
    expect(problemsOf(scheduleByKind, 'cronjob', { schedule: null })).toStrictEqual([
      'services.cronjob.type: a `cronjob` needs `schedule` (e.g. `schedule: "0 2 * * *"`)',
    ]);
  });

  it('no other kind has one', () => {
    expect(problemsOf(scheduleByKind, 'singleton', { schedule: '*/5 * * * *' })).toStrictEqual([
      'services.singleton.schedule: only a `cronjob` has a `schedule`; this is a `singleton`',
    ]);
  });
});
