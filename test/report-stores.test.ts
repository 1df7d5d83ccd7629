/** REPORT.md's Stores section: engine, copies, backup target and promises, read from objects and overlay. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/render/files';
import { overlayReport } from '../lib/render/report';
import { cronInterval } from '../lib/render/report-stores';
import { buildStack, runnable } from './constructs/stack-builder';

const object = (kind: string, name: string, spec: Record<string, unknown> = {}, apiVersion = 'apps/v1', annotations?: Record<string, string>): KubeObject =>
  ({ apiVersion, kind, metadata: { name, namespace: 'shop', ...(annotations ? { annotations } : {}) }, spec }) as KubeObject;

/** The Stores table rows of a report, as cells. */
function storeRows(report: string): string[][] {
  const section = report.split('## Stores')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| store '))
    .map((line) => line.slice(2, -2).split(' | '));
}

describe('cronInterval', () => {
  it.each([
    ['0 2 * * *', '24h'],
    ['15 2 * * 0', '7d'],
    ['5 * * * *', '1h'],
    ['0 */6 * * *', '6h'],
    ['*/15 * * * *', '15m'],
    ['0 2 1 * *', '`0 2 1 * *`'],
  ])('GIVEN %s WHEN read THEN the interval is %s', (schedule, interval) => {
    expect(cronInterval(schedule)).toBe(interval);
  });
});

describe('the Stores section', () => {
  const base = buildStack();
  const redisWithBackup = { ...base.services.redis, backup: { schedule: '15 2 * * *', target: { s3: { bucket: 'assistant-backups', prefix: 'prod/redis', endpoint: 'https://s3.eu-central-1.amazonaws.com', secretName: 'backup-s3' } } } };

  it('GIVEN a single-replica StatefulSet store with an S3 backup in a standard stack WHEN reported THEN the row says so', () => {
    const stack = buildStack({ redis: redisWithBackup as never });
    const report = overlayReport('dev', [object('StatefulSet', 'redis', { replicas: 1 })], stack);
    expect(report).toContain('Tier: standard');
    expect(storeRows(report)).toStrictEqual([['redis', 'StatefulSet', '1', 's3://assistant-backups/prod/redis', '24h (backup interval)', 'not promised', 'not checked']]);
  });

  it('GIVEN a production stack with a CNPG Cluster, its ObjectStore and postgres.rpo/rto WHEN reported THEN those are read', () => {
    const stack = buildStack({ postgres: runnable('store', { image: 'postgres:16.4', ports: { postgres: 5432 }, storage: { size: '1Gi', mountPath: '/var/lib/postgresql/data' }, health: { liveness: { port: 'postgres' } } }) as never }, { tier: 'production' });
    (stack.services.postgres as Record<string, unknown>).postgres = { rpo: '5m', rto: '30m' }; // keys another engine file adds
    const objects = [
      object('Cluster', 'postgres', { instances: 3 }, 'postgresql.cnpg.io/v1'),
      object('ObjectStore', 'postgres-backups', { configuration: { destinationPath: 's3://assistant-backups/prod/postgres' } }, 'barmancloud.cnpg.io/v1'),
      object('StatefulSet', 'redis', { replicas: 3 }, 'apps/v1', { 'cdk8s-stack.dev/waive.single-point-of-failure': 'HA lands later' }),
      object('StatefulSet', 'redis-sentinel', { replicas: 3 }),
    ];
    const report = overlayReport('prod', objects, stack);
    expect(report).toContain('Tier: **production**');
    expect(storeRows(report)).toStrictEqual([
      ['postgres', 'CloudNativePG', '3 instance(s)', 's3://assistant-backups/prod/postgres', '5m', '30m', 'none (gated)'],
      ['redis', 'Redis with Sentinel', '3 + 3 sentinels', 'none', '—', 'not promised', 'waived: HA lands later'],
    ]);
  });

  it('GIVEN a StatefulSet of 3 peers with a -headless Service WHEN reported THEN the engine is distributed', () => {
    const report = overlayReport('prod', [object('StatefulSet', 'redis', { replicas: 3 }), object('Service', 'redis-headless', {}, 'v1')], buildStack());
    expect(storeRows(report)[0]!.slice(0, 3)).toStrictEqual(['redis', 'distributed', '3']);
  });

  it('GIVEN no stack WHEN reported THEN there is no Stores section (objects-only callers)', () => {
    expect(overlayReport('dev', [])).not.toContain('## Stores');
  });
});
