/** Backups of a CloudNativePG store: object store, daily base backup, and the restore verification's objects. */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cloudNativePg } from '../../lib/model/cloudnative-pg';
import type { RunnableService } from '../../lib/model/service-facts';
import { CloudNativePgBackup, cnpgSchedule, KUBECTL_IMAGE } from '../../lib/operations/backup/cloudnative-pg';
import { resolveBackup } from '../../lib/operations/backup/defaults';
import { buildStack, kinds, LABELS, NAMESPACE } from '../constructs/stack-builder';

const S3 = { bucket: 'backups', prefix: 'shop/db', endpoint: 'https://s3.example.com', secretName: 'backup-s3' };

function synth(backup: Record<string, unknown> = {}, postgres: Record<string, unknown> = {}) {
  const stack = buildStack({
    db: {
      type: 'store',
      image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
      ports: { postgres: 5432 },
      resources: { cpu: '500m', memory: '1Gi' },
      storage: { size: '20Gi', mountPath: '/var/lib/postgresql/data' },
      health: { liveness: { port: 'postgres' }, readiness: { port: 'postgres' } },
      postgres: { operator: 'cloudnative-pg', rto: '20m', ...postgres },
      backup: { target: { s3: S3 }, retentionDays: 14, ...backup },
    },
  });
  const service = stack.services.db as RunnableService;
  const chart = Testing.chart();
  new CloudNativePgBackup(chart, 'backup', {
    store: 'db',
    namespace: NAMESPACE,
    service,
    postgres: cloudNativePg(service)!,
    backup: resolveBackup(service.backup!),
    labels: LABELS,
    priorityClassName: 'shop-batch',
  });
  const manifests = Testing.synth(chart);
  const find = (kind: string, name?: string) => manifests.find((m) => m.kind === kind && (!name || m.metadata.name === name));
  return { manifests, find };
}

describe('CloudNativePgBackup', () => {
  it('archives to s3://<bucket>/<prefix> with gzip, the credentials by reference, retention in days', () => {
    const { spec } = synth().find('ObjectStore');
    expect(spec.configuration).toStrictEqual({
      destinationPath: 's3://backups/shop/db',
      endpointURL: 'https://s3.example.com',
      s3Credentials: {
        accessKeyId: { name: 'backup-s3', key: 'AWS_ACCESS_KEY_ID' },
        secretAccessKey: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' },
      },
      wal: { compression: 'gzip' },
      data: { compression: 'gzip' },
    });
    expect(spec.retentionPolicy).toBe('14d');
  });

  it('takes a base backup daily at 02:00 UTC (six fields, seconds first) through the plugin', () => {
    const { spec } = synth().find('ScheduledBackup');
    expect(spec).toStrictEqual({
      cluster: { name: 'db' },
      schedule: '0 0 2 * * *',
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      backupOwnerReference: 'self',
      immediate: true,
    });
    expect(cnpgSchedule('30 1 * * *', 'Europe/Berlin')).toBe('CRON_TZ=Europe/Berlin 0 30 1 * * *');
    expect(cnpgSchedule('@daily', 'Etc/UTC')).toBe('@daily');
  });

  it('verifies weekly with kubectl, within the RTO, allowed exactly what the script does', () => {
    const { find } = synth({ restoreVerify: { tables: ['public.users'], query: 'SELECT true' } });
    const job = find('CronJob', 'db-restore-verify');
    expect(job.spec.schedule).toBe('0 6 * * 0');
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('db-restore-verify');
    expect(pod.containers[0].image).toBe(KUBECTL_IMAGE);
    expect(pod.containers[0].env).toContainEqual({ name: 'RTO_SECONDS', value: '1200' });
    expect(pod.containers[0].env).toContainEqual({ name: 'VERIFY_TABLES', value: 'public.users' });
    expect(find('Role', 'db-restore-verify').rules).toStrictEqual([
      { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters'], verbs: ['create'] },
      { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters'], resourceNames: ['db-restore-verify'], verbs: ['get', 'delete'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: ['db-restore-verify-1'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/exec'], resourceNames: ['db-restore-verify-1'], verbs: ['create', 'get'] },
    ]);
    expect(find('RoleBinding', 'db-restore-verify').subjects).toStrictEqual([{ kind: 'ServiceAccount', name: 'db-restore-verify', namespace: NAMESPACE }]);
  });

  it('restores into a throwaway Cluster from the same object store, which archives nothing', () => {
    const manifest = parse(synth().find('ConfigMap', 'db-restore-verify').data['restore-verify-cluster.yaml']);
    expect(manifest.kind).toBe('Cluster');
    expect(manifest.metadata.name).toBe('db-restore-verify');
    expect(manifest.spec.bootstrap).toStrictEqual({ recovery: { source: 'origin', database: 'app', owner: 'app' } });
    expect(manifest.spec.externalClusters).toStrictEqual([
      { name: 'origin', plugin: { name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'db-backups', serverName: 'db' } } },
    ]);
    expect(manifest.spec.plugins).toBeUndefined();
  });

  it('renders no verification when it is off', () => {
    expect(kinds(synth({ restoreVerify: { enabled: false } }).manifests)).toStrictEqual(['ObjectStore', 'ScheduledBackup']);
  });
});
