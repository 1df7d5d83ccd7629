/**
 * StoreBackup on its own: each default it sets, each engine, each target, built in code with
 * cdk8s `Testing` (no overlay files).
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BACKUP_CRONJOB_DEFAULTS } from '../../lib/model/job-defaults';
import { BackupSchema } from '../../lib/model/operations-schema';
import type { ResolvedService } from '../../lib/model/schema';
import { BACKUP_DEFAULTS, BACKUP_ENGINES, scriptsData, StoreBackup, type BackupSettings, type StoreBackupProps } from '../../lib/operations/backup';
import { s3Region } from '../../lib/operations/backup/s3';
import { POSTGRES_STORE, QDRANT_STORE, REDIS_STORE, resolvedService } from './services';

const VOLUME = { target: { pvc: { size: '50Gi' } } } satisfies BackupSettings;
const S3 = { bucket: 'acme-backups', endpoint: 'https://s3.example.com:9000', secretName: 'backup-s3' };

/** Builds one StoreBackup in a test chart and synthesizes it. */
function synthBackup(store: string, service: ResolvedService, backup: BackupSettings, extra: Partial<StoreBackupProps> = {}) {
  const chart = Testing.chart();
  const construct = new StoreBackup(chart, 'Backup', {
    store,
    namespace: 'shop-dev',
    service,
    backup,
    labels: { stack: 'shop', environment: 'dev' },
    priorityClassName: 'shop-batch',
    ...extra,
  });
  const objects: any[] = Testing.synth(chart);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const pod = (cronJob: string) => find('CronJob', cronJob)?.spec.jobTemplate.spec.template.spec;
  return { construct, objects, find, pod };
}

const envOf = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('StoreBackup defaults', () => {
  // GIVEN a Postgres store whose backup names only its target
  const { construct, find, pod } = synthBackup('postgres', POSTGRES_STORE, VOLUME);
  const backup = find('CronJob', 'postgres-backup');

  it('runs nightly at 02:00', () => {
    expect(backup.spec.schedule).toBe('0 2 * * *');
    expect(construct.settings.schedule).toBe(BACKUP_DEFAULTS.schedule);
  });

  it('reads the schedule in UTC', () => {
    expect(backup.spec.timeZone).toBe('Etc/UTC');
  });

  it('keeps 30 days of backups', () => {
    expect(envOf(pod('postgres-backup').containers[0]).RETENTION_DAYS).toBe('30');
  });

  it.each([
    ['concurrencyPolicy', (spec: any) => spec.concurrencyPolicy, 'Forbid'],
    ['startingDeadlineSeconds', (spec: any) => spec.startingDeadlineSeconds, 600],
    ['successfulJobsHistoryLimit', (spec: any) => spec.successfulJobsHistoryLimit, 3],
    ['failedJobsHistoryLimit', (spec: any) => spec.failedJobsHistoryLimit, 3],
    ['backoffLimit', (spec: any) => spec.jobTemplate.spec.backoffLimit, 2],
    ['activeDeadlineSeconds', (spec: any) => spec.jobTemplate.spec.activeDeadlineSeconds, 3 * 3600],
    ['ttlSecondsAfterFinished', (spec: any) => spec.jobTemplate.spec.ttlSecondsAfterFinished, 7 * 86400],
  ] as const)('sets the backup CronJob default %s on both jobs', (field, read, value) => {
    expect(BACKUP_CRONJOB_DEFAULTS[field]).toBe(value);
    expect(read(backup.spec)).toBe(value);
    expect(read(find('CronJob', 'postgres-restore-verify').spec)).toBe(value);
  });

  it('verifies the restore weekly, Sunday 06:00, after the latest a 02:00 backup can end', () => {
    expect(find('CronJob', 'postgres-restore-verify').spec.schedule).toBe('0 6 * * 0');
  });

  it('takes the time zone the overlay schema fills in from the CronJob defaults (one definition)', () => {
    expect(BackupSchema.properties.timeZone.default).toBe(BACKUP_CRONJOB_DEFAULTS.timeZone);
  });

  it('guesses the engine from the image and runs the store\'s own image as its user', () => {
    expect(construct.engine).toBe('postgres');
    expect(construct.image).toBe('postgres:16.4');
    expect(pod('postgres-backup').securityContext.runAsUser).toBe(999);
    expect(backup.metadata.labels['app.kubernetes.io/version']).toBe('16.4');
  });

  it('requests 100m CPU and 256Mi memory (also the limit) for the backup, 250m and 512Mi for the verification', () => {
    expect(pod('postgres-backup').containers[0].resources).toStrictEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } });
    expect(pod('postgres-restore-verify').containers[0].resources).toStrictEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' } });
  });

  it('exposes what it created', () => {
    expect(construct.cronJob.name).toBe('postgres-backup');
    expect(construct.restoreVerify?.name).toBe('postgres-restore-verify');
    expect(construct.scripts.name).toBe('postgres-backup-scripts');
    expect(construct.volume?.name).toBe('postgres-backups');
    expect(construct.networkPolicies.backup.name).toBe('allow-postgres-backup');
    expect(construct.networkPolicies.store.name).toBe('allow-postgres-from-backup');
    expect(construct.networkPolicies.restoreVerify?.name).toBe('allow-postgres-restore-verify');
  });
});

describe('StoreBackup settings', () => {
  it('uses the given schedule, time zone and retention', () => {
    // GIVEN a backup that sets them
    const { find, pod } = synthBackup('redis', REDIS_STORE, { ...VOLUME, schedule: '15 3 * * *', timeZone: 'Europe/Berlin', retentionDays: 7 });
    // THEN the CronJob runs them
    expect(find('CronJob', 'redis-backup').spec).toMatchObject({ schedule: '15 3 * * *', timeZone: 'Europe/Berlin' });
    expect(envOf(pod('redis-backup').containers[0]).RETENTION_DAYS).toBe('7');
  });

  it('takes `engine` over the image, and `image` over the engine\'s default', () => {
    const service = resolvedService({ ...POSTGRES_STORE, image: 'ghcr.io/acme/pg-custom:2' });
    const { construct, pod } = synthBackup('db', service, { ...VOLUME, engine: 'postgres', image: 'postgres:17.0' });
    expect(construct.engine).toBe('postgres');
    expect(pod('db-backup').containers[0].image).toBe('postgres:17.0');
  });

  it('refuses a store whose engine it cannot tell, saying what to set', () => {
    const service = resolvedService({ ...POSTGRES_STORE, image: 'ghcr.io/acme/mystery:1' });
    expect(() => synthBackup('mystery', service, VOLUME)).toThrow(
      'services.mystery.backup: cannot tell what `ghcr.io/acme/mystery:1` is; set `backup.engine` to postgres, qdrant or redis',
    );
  });

  it('uses `resources` for every container', () => {
    const { pod } = synthBackup('postgres', POSTGRES_STORE, { ...VOLUME, resources: { cpu: 0.5, memory: '1Gi' } });
    for (const job of ['postgres-backup', 'postgres-restore-verify']) {
      expect(pod(job).containers[0].resources).toStrictEqual({ requests: { cpu: '0.5', memory: '1Gi' }, limits: { memory: '1Gi' } });
    }
  });
});

describe('StoreBackup engines', () => {
  it('has one engine per name the overlay schema accepts', () => {
    expect(Object.keys(BACKUP_ENGINES).sort()).toStrictEqual([...BackupSchema.properties.engine.enum].sort());
  });

  it('postgres: pg_dump as the configured user, with the password by Secret reference (key `password` by default)', () => {
    const { pod } = synthBackup('postgres', POSTGRES_STORE, { ...VOLUME, passwordSecret: { name: 'postgres-credentials' }, database: 'shop' });
    const dump = pod('postgres-backup').containers[0];
    expect(dump.name).toBe('pg-dump');
    expect(dump.command).toStrictEqual(['/bin/sh', '-c', 'sh /opt/ops/pg-backup.sh && sh /opt/ops/prune-backups.sh']);
    expect(envOf(dump)).toStrictEqual({
      BACKUP_DIR: '/backups',
      BACKUP_PATTERN: '*.dump',
      RETENTION_DAYS: '30',
      HOME: '/tmp',
      PGHOST: 'postgres',
      PGPORT: '5432',
      PGUSER: 'postgres',
      PGDATABASE: 'shop',
      BACKUP_PREFIX: 'postgres-shop',
      PGPASSWORD: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } },
    });
  });

  it('postgres: restores into a scratch server capped at the store\'s volume size, reading the backups read-only', () => {
    const { pod } = synthBackup('postgres', POSTGRES_STORE, { ...VOLUME, restoreVerify: { tables: ['public.users'], query: 'select true' } });
    const verify = pod('postgres-restore-verify');
    expect(verify.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '20Gi' } });
    const check = verify.containers[0];
    expect(check.name).toBe('restore-verify');
    expect(check.command).toStrictEqual(['/bin/sh', '-c', 'sh /opt/ops/pg-restore-verify.sh']);
    expect(check.volumeMounts).toContainEqual({ name: 'backups', mountPath: '/backups', readOnly: true });
    expect(envOf(check)).toStrictEqual({
      BACKUP_DIR: '/backups',
      BACKUP_PATTERN: '*.dump',
      HOME: '/tmp',
      SCRATCH_DIR: '/tmp',
      VERIFY_TABLES: 'public.users',
      VERIFY_QUERY: 'select true',
    });
  });

  it('postgres: no restore verification when it is switched off', () => {
    const { construct, find } = synthBackup('postgres', POSTGRES_STORE, { ...VOLUME, restoreVerify: { enabled: false } });
    expect(construct.restoreVerify).toBeUndefined();
    expect(find('CronJob', 'postgres-restore-verify')).toBeUndefined();
    expect(find('NetworkPolicy', 'allow-postgres-restore-verify')).toBeUndefined();
  });

  it('postgres: without a volume, the verification downloads the latest dump from S3 first (and may reach only the endpoint)', () => {
    const { pod, find } = synthBackup('postgres', POSTGRES_STORE, { target: { s3: S3 } });
    const spec = pod('postgres-restore-verify');
    expect(spec.initContainers.map((c: any) => [c.name, c.image, c.command])).toStrictEqual([
      ['s3-download', 'amazon/aws-cli:2.22.35', ['/bin/sh', '-c', 'sh /opt/ops/s3-download.sh']],
    ]);
    expect(envOf(spec.initContainers[0])).toMatchObject({ BACKUP_DIR: '/backups', BACKUP_PATTERN: '*.dump', S3_PREFIX: 'shop-dev/postgres', S3_BUCKET: 'acme-backups' });
    expect(spec.containers.map((c: any) => c.name)).toStrictEqual(['restore-verify']);
    expect(spec.volumes).toContainEqual({ name: 'backups', emptyDir: { sizeLimit: '20Gi' } }); // the store's volume size
    expect(find('NetworkPolicy', 'allow-postgres-restore-verify').spec.egress).toStrictEqual([find('NetworkPolicy', 'allow-postgres-backup').spec.egress[1]]);
    // With a volume it reads the volume and talks to nobody, S3 or not.
    const both = synthBackup('postgres', POSTGRES_STORE, { target: { ...VOLUME.target, s3: S3 } });
    expect(both.pod('postgres-restore-verify').initContainers).toBeUndefined();
    expect(both.find('NetworkPolicy', 'allow-postgres-restore-verify').spec.egress).toBeUndefined();
  });

  it('redis: copies the RDB snapshot with the store\'s image, and has no restore verification', () => {
    const { construct, pod, objects } = synthBackup('redis', REDIS_STORE, VOLUME);
    const dump = pod('redis-backup').containers[0];
    expect(dump).toMatchObject({ name: 'redis-backup', image: 'redis:7.4.1', command: ['/bin/sh', '-c', 'sh /opt/ops/redis-backup.sh && sh /opt/ops/prune-backups.sh'] });
    expect(envOf(dump)).toMatchObject({ BACKUP_PATTERN: '*.rdb', REDIS_HOST: 'redis', REDIS_PORT: '6379' });
    expect(construct.restoreVerify).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'CronJob')).toHaveLength(1);
  });

  it('qdrant: snapshots through the `http` port with curl\'s image, as a plain numeric user', () => {
    // GIVEN a Qdrant whose lowest port is not `http`
    const service = resolvedService({ ...QDRANT_STORE, ports: { admin: 6000, http: 6333 } });
    const { construct, pod } = synthBackup('qdrant', service, VOLUME);
    const spec = pod('qdrant-backup');
    expect(construct.image).toBe('curlimages/curl:8.11.1');
    expect(spec.securityContext.runAsUser).toBe(10001);
    expect(spec.containers[0]).toMatchObject({ name: 'qdrant-backup', command: ['/bin/sh', '-c', 'sh /opt/ops/qdrant-snapshot.sh && sh /opt/ops/prune-backups.sh'] });
    expect(envOf(spec.containers[0])).toMatchObject({ BACKUP_PATTERN: '*.snapshot', QDRANT_URL: 'http://qdrant:6333' });
  });
});

describe('StoreBackup targets', () => {
  it('pvc: a claim of its own, the dump pruned after each run', () => {
    const { find, pod } = synthBackup('redis', REDIS_STORE, { target: { pvc: { size: '5Gi', storageClass: 'fast' } } });
    expect(find('PersistentVolumeClaim', 'redis-backups').spec).toStrictEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast',
      resources: { requests: { storage: '5Gi' } },
    });
    expect(pod('redis-backup').volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'redis-backups' } });
  });

  it('s3: the dump runs first (init container), then the upload, with credentials by Secret reference and no volume', () => {
    const { find, pod, objects } = synthBackup('redis', REDIS_STORE, { target: { s3: S3 } });
    const spec = pod('redis-backup');
    expect(spec.initContainers.map((c: any) => c.name)).toStrictEqual(['redis-backup']);
    expect(spec.initContainers[0].command).toStrictEqual(['/bin/sh', '-c', 'sh /opt/ops/redis-backup.sh']); // nothing to prune
    expect(spec.containers.map((c: any) => [c.name, c.image])).toStrictEqual([['s3-upload', 'amazon/aws-cli:2.22.35']]);
    expect(envOf(spec.containers[0])).toMatchObject({
      S3_BUCKET: 'acme-backups',
      S3_PREFIX: 'shop-dev/redis',
      S3_ENDPOINT: 'https://s3.example.com:9000',
      AWS_DEFAULT_REGION: 'us-east-1', // an endpoint that names no AWS region
      AWS_SECRET_ACCESS_KEY: { secretKeyRef: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } },
    });
    // A scratch directory capped at the store's volume size: a backup never fills the node's disk.
    expect(spec.volumes).toContainEqual({ name: 'backups', emptyDir: { sizeLimit: '2Gi' } });
    expect(find('PersistentVolumeClaim', 'redis-backups')).toBeUndefined();
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('s3: signs for the region the AWS endpoint names', () => {
    expect(s3Region('https://s3.eu-central-1.amazonaws.com')).toBe('eu-central-1');
    expect(s3Region('https://s3.dualstack.us-west-2.amazonaws.com')).toBe('us-west-2');
    expect(s3Region('https://s3-ap-southeast-1.amazonaws.com')).toBe('ap-southeast-1');
    expect(s3Region('https://s3.amazonaws.com')).toBe('us-east-1');
    expect(s3Region('http://minio.storage:9000')).toBe('us-east-1');
  });

  it('s3: the backup pods reach the endpoint\'s port: anywhere outside (private and link-local ranges excepted), unless `cidr` narrows it', () => {
    const anywhere = synthBackup('redis', REDIS_STORE, { target: { s3: S3 } }).find('NetworkPolicy', 'allow-redis-backup');
    expect(anywhere.spec.egress[1]).toStrictEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
    const v6 = synthBackup('redis', REDIS_STORE, { target: { s3: { ...S3, cidr: '::/0' } } }).find('NetworkPolicy', 'allow-redis-backup');
    expect(v6.spec.egress[1].to).toStrictEqual([{ ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10'] } }]);
    const narrow = synthBackup('redis', REDIS_STORE, { target: { s3: { ...S3, cidr: '10.1.0.0/16' } } }).find('NetworkPolicy', 'allow-redis-backup');
    expect(narrow.spec.egress[1].to).toStrictEqual([{ ipBlock: { cidr: '10.1.0.0/16' } }]);
  });
});

describe('StoreBackup shared parts', () => {
  const { find, pod } = synthBackup('postgres', POSTGRES_STORE, VOLUME);

  it('ships the engine\'s scripts in a ConfigMap, and a checksum of them on every pod', () => {
    expect(find('ConfigMap', 'postgres-backup-scripts').data).toStrictEqual(scriptsData('postgres', false));
    expect(Object.keys(scriptsData('postgres', true)).sort()).toStrictEqual(['pg-backup.sh', 'pg-restore-verify.sh', 'prune-backups.sh', 's3-download.sh', 's3-lib.sh', 's3-upload.sh']);
    const annotation = (job: string) => find('CronJob', job).spec.jobTemplate.spec.template.metadata.annotations['checksum/scripts'];
    expect(annotation('postgres-backup')).toMatch(/^[0-9a-f]{64}$/);
    expect(annotation('postgres-restore-verify')).toBe(annotation('postgres-backup'));
  });

  it('runs restricted pods without a service account token, in the given priority class', () => {
    const spec = pod('postgres-backup');
    expect(spec).toMatchObject({ automountServiceAccountToken: false, enableServiceLinks: false, restartPolicy: 'Never', priorityClassName: 'shop-batch' });
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('lets the backup pods reach only their store, and the store accept them', () => {
    const selector = (name: string) => ({ matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'shop-dev' } });
    expect(find('NetworkPolicy', 'allow-postgres-backup').spec).toStrictEqual({
      podSelector: selector('postgres-backup'),
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ to: [{ podSelector: selector('postgres') }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
    expect(find('NetworkPolicy', 'allow-postgres-from-backup').spec).toStrictEqual({
      podSelector: selector('postgres'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: selector('postgres-backup') }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
    expect(find('NetworkPolicy', 'allow-postgres-restore-verify').spec).toStrictEqual({
      podSelector: selector('postgres-restore-verify'),
      policyTypes: ['Ingress', 'Egress'],
    });
  });
});
