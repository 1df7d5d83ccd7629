/**
 * Backups of one store (`services.<store>.backup`):
 *
 *   ConfigMap      <store>-backup-scripts   the scripts of ops/scripts/, mounted at /opt/ops
 *   PVC            <store>-backups          when `target.pvc`
 *   CronJob        <store>-backup           dump (+ prune) → the volume; then upload when `target.s3`
 *   CronJob        <store>-restore-verify   Postgres: weekly restore of the latest dump into a scratch server
 *   NetworkPolicy  allow-<store>-backup     backup pods reach only their store (and the S3 endpoint)
 *   NetworkPolicy  allow-<store>-from-backup   the store accepts its backup pods
 *   NetworkPolicy  allow-<store>-restore-verify  the verification talks to nobody (S3 only when it needs it)
 *
 * Every pod is restricted like the services' pods (lib/constructs/pod-template.ts) and
 * carries a checksum of the scripts, so the next run picks up a changed script.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { imageVersion, recommendedLabels, selectorLabels, type LabelContext } from '../constructs/labels';
import { restrictedContainer, restrictedPod } from '../constructs/pod-template';
import { ResourceLedger } from '../constructs/resource-ledger';
import type { Backup } from '../model/operations-schema';
import type { BackupEngine } from '../model/service-facts';
import type { ResolvedService } from '../model/schema';

export const SCRIPTS_DIR = join(import.meta.dirname, '..', '..', 'ops', 'scripts');
export const SCRIPTS_CHECKSUM_ANNOTATION = 'checksum/scripts';
export const SCRIPTS_MOUNT = '/opt/ops';
export const BACKUP_MOUNT = '/backups';
export const QDRANT_BACKUP_IMAGE = 'curlimages/curl:8.11.1';
export const S3_IMAGE = 'amazon/aws-cli:2.22.35';
const BACKUP_USER = 10001;


const ENGINE: Record<BackupEngine, { scripts: string[]; pattern: string; portName?: string }> = {
  postgres: { scripts: ['pg-backup.sh', 'prune-backups.sh', 'pg-restore-verify.sh'], pattern: '*.dump' },
  qdrant: { scripts: ['qdrant-snapshot.sh', 'prune-backups.sh'], pattern: '*.snapshot', portName: 'http' },
  redis: { scripts: ['redis-backup.sh', 'prune-backups.sh'], pattern: '*.rdb' },
};


export function scriptsData(engine: BackupEngine, s3: boolean): Record<string, string> {
  const files = [...ENGINE[engine].scripts, ...(s3 ? ['s3-upload.sh'] : [])].sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(SCRIPTS_DIR, f), 'utf8')]));
}

function checksum(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]))).digest('hex');
}

/** `https://s3.example.com:9000` → 9000; https → 443, http → 80. */
export function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}

export interface StoreBackupProps {
  readonly store: string;
  readonly namespace: string;
  readonly service: ResolvedService;
  readonly backup: Backup;
  readonly engine: BackupEngine;
  readonly labels: LabelContext;
  readonly priorityClassName: string;
}

export class StoreBackup extends Construct {
  readonly cronJob: k8s.KubeCronJob;
  readonly restoreVerify?: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: StoreBackupProps) {
    super(scope, id);
    const { store, namespace, service, backup, engine } = props;
    const spec = ENGINE[engine];
    const s3 = backup.target.s3;
    const pvc = backup.target.pvc;
    const image = backup.image ?? (engine === 'qdrant' ? QDRANT_BACKUP_IMAGE : service.image!);
    const backupName = `${store}-backup`;
    const verifyName = `${store}-restore-verify`;
    const meta = (name: string, component: string, version?: string) => ({
      name,
      namespace,
      labels: recommendedLabels(props.labels, name, { component, version }),
    });

    // ------------------------------------------------------------ scripts, volume
    const data = scriptsData(engine, Boolean(s3));
    const scripts = new k8s.KubeConfigMap(this, 'Scripts', { metadata: meta(`${store}-backup-scripts`, 'backup'), data });
    if (pvc) ResourceLedger.of(this).addClaims(1, pvc.size);
    const claim = pvc
      ? new k8s.KubePersistentVolumeClaim(this, 'Volume', {
          metadata: meta(`${store}-backups`, 'backup'),
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: pvc.storageClass,
            resources: { requests: { storage: k8s.Quantity.fromString(pvc.size) } },
          },
        })
      : undefined;

    const storePorts = Object.entries(service.ports ?? {}).sort(([, a], [, b]) => a - b);
    const [, storePort] = storePorts.find(([n]) => n === spec.portName) ?? storePorts[0] ?? ['', 0];
    const common: k8s.EnvVar[] = [
      { name: 'BACKUP_DIR', value: BACKUP_MOUNT },
      { name: 'BACKUP_PATTERN', value: spec.pattern },
      { name: 'RETENTION_DAYS', value: String(backup.retentionDays) },
      { name: 'HOME', value: '/tmp' },
    ];
    const engineEnv: k8s.EnvVar[] =
      engine === 'postgres'
        ? [
            { name: 'PGHOST', value: store },
            { name: 'PGPORT', value: String(storePort) },
            { name: 'PGUSER', value: backup.user },
            { name: 'PGDATABASE', value: backup.database },
            { name: 'BACKUP_PREFIX', value: `${store}-${backup.database}` },
            ...(backup.passwordSecret
              ? [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: backup.passwordSecret.name, key: backup.passwordSecret.key ?? 'password' } } }]
              : []),
          ]
        : engine === 'qdrant'
          ? [{ name: 'QDRANT_URL', value: `http://${store}:${storePort}` }]
          : [{ name: 'REDIS_HOST', value: store }, { name: 'REDIS_PORT', value: String(storePort) }];
    const dumpCommand = engine === 'postgres' ? 'pg-backup.sh' : engine === 'qdrant' ? 'qdrant-snapshot.sh' : 'redis-backup.sh';
    const steps = [dumpCommand, ...(pvc ? ['prune-backups.sh'] : [])].map((s) => `sh ${SCRIPTS_MOUNT}/${s}`).join(' && ');

    const resources = (dflt: { cpu: string; memory: string }): k8s.ResourceRequirements => {
      const r = backup.resources ?? dflt;
      return {
        requests: { cpu: k8s.Quantity.fromString(String(r.cpu)), memory: k8s.Quantity.fromString(r.memory) },
        limits: { memory: k8s.Quantity.fromString(r.memory) },
      };
    };
    const s3Env = (): k8s.EnvVar[] =>
      s3
        ? [
            { name: 'S3_BUCKET', value: s3.bucket },
            { name: 'S3_PREFIX', value: s3.prefix ?? `${namespace}/${store}` },
            { name: 'S3_ENDPOINT', value: s3.endpoint },
            { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: s3.secretName, key: 'AWS_ACCESS_KEY_ID' } } },
            { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: s3.secretName, key: 'AWS_SECRET_ACCESS_KEY' } } },
          ]
        : [];
    const container = (name: string, img: string, command: string, env: k8s.EnvVar[], res: k8s.ResourceRequirements, readOnlyBackups = false): k8s.Container => ({
      name,
      image: img,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', command],
      env,
      resources: res,
      securityContext: restrictedContainer(runAs),
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'scripts', mountPath: SCRIPTS_MOUNT, readOnly: true },
        { name: 'backups', mountPath: BACKUP_MOUNT, readOnly: readOnlyBackups || undefined },
      ],
    });
    // Postgres and Redis tools run as the image's user; the curl image as a plain numeric user.
    const runAs = engine === 'qdrant' ? BACKUP_USER : service.runAsUser;
    const podSpec = (
      containers: k8s.Container[],
      initContainers: k8s.Container[] | undefined,
      backupsVolume: k8s.Volume,
      scratchLimit?: string,
    ): k8s.PodSpec => ({
      serviceAccountName: undefined,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      priorityClassName: props.priorityClassName,
      restartPolicy: 'Never',
      securityContext: restrictedPod(runAs),
      initContainers,
      containers,
      volumes: [
        { name: 'tmp', emptyDir: scratchLimit ? { sizeLimit: k8s.Quantity.fromString(scratchLimit) } : {} },
        { name: 'scripts', configMap: { name: scripts.name, defaultMode: 0o555 } },
        backupsVolume,
      ],
    });
    const backupsVolume: k8s.Volume = claim
      ? { name: 'backups', persistentVolumeClaim: { claimName: claim.name } }
      : { name: 'backups', emptyDir: {} };
    const cronJob = (name: string, schedule: string, pod: k8s.PodSpec, deadline: number, version?: string) => {
      // concurrencyPolicy Forbid: at most one pod of each job at a time.
      ResourceLedger.of(this).addPods(1, pod);
      const labels = recommendedLabels(props.labels, name, { component: 'backup', version });
      return new k8s.KubeCronJob(this, name, {
        metadata: meta(name, 'backup', version),
        spec: {
          schedule,
          timeZone: backup.timeZone,
          concurrencyPolicy: 'Forbid',
          startingDeadlineSeconds: 600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: 2,
              activeDeadlineSeconds: deadline,
              ttlSecondsAfterFinished: 7 * 86400,
              template: {
                metadata: { labels, annotations: { [SCRIPTS_CHECKSUM_ANNOTATION]: checksum(data) } },
                spec: pod,
              },
            },
          },
        },
      });
    };

    // ------------------------------------------------------------ backup
    const dump = container(engine === 'postgres' ? 'pg-dump' : `${engine}-backup`, image, steps, [...common, ...engineEnv], resources({ cpu: '100m', memory: '256Mi' }));
    const upload = s3 ? container('s3-upload', S3_IMAGE, `sh ${SCRIPTS_MOUNT}/s3-upload.sh`, [...common, ...s3Env()], resources({ cpu: '100m', memory: '256Mi' })) : undefined;
    this.cronJob = cronJob(
      backupName,
      backup.schedule,
      podSpec(upload ? [upload] : [dump], upload ? [dump] : undefined, backupsVolume),
      3 * 3600,
      imageVersion(image),
    );

    const verify = engine === 'postgres' && backup.restoreVerify?.enabled !== false && claim;
    if (verify) {
      // ajv has filled in the schema's defaults (enabled, schedule).
      const rv = backup.restoreVerify!;
      const env: k8s.EnvVar[] = [
        ...common.filter((e) => e.name !== 'RETENTION_DAYS'),
        { name: 'SCRATCH_DIR', value: '/tmp' },
        ...(rv.tables?.length ? [{ name: 'VERIFY_TABLES', value: rv.tables.join(' ') }] : []),
        ...(rv.query ? [{ name: 'VERIFY_QUERY', value: rv.query }] : []),
      ];
      const check = container('restore-verify', image, `sh ${SCRIPTS_MOUNT}/pg-restore-verify.sh`, env, resources({ cpu: '250m', memory: '512Mi' }), true);
      // The scratch server lives in /tmp: cap it at the size of the store's volume, so a restore
      // can never fill the node's disk (the kubelet evicts the pod instead, and the Job fails).
      const scratch = service.storage?.size;
      this.restoreVerify = cronJob(verifyName, rv.schedule, podSpec([check], undefined, backupsVolume, scratch), 3 * 3600, imageVersion(image));
    }

    // ------------------------------------------------------------ network
    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    const s3Egress: k8s.NetworkPolicyEgressRule[] = s3
      ? [{ to: [{ ipBlock: { cidr: s3.cidr ?? '0.0.0.0/0' } }], ports: [tcp(endpointPort(s3.endpoint))] }]
      : [];
    new k8s.KubeNetworkPolicy(this, 'BackupPolicy', {
      metadata: meta(`allow-${backupName}`, 'network-policy'),
      spec: {
        podSelector: { matchLabels: selectorLabels(props.labels, backupName) },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          { to: [{ podSelector: { matchLabels: selectorLabels(props.labels, store) } }], ports: [tcp(storePort)] },
          ...s3Egress,
        ],
      },
    });
    new k8s.KubeNetworkPolicy(this, 'StorePolicy', {
      metadata: meta(`allow-${store}-from-backup`, 'network-policy'),
      spec: {
        podSelector: { matchLabels: selectorLabels(props.labels, store) },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: selectorLabels(props.labels, backupName) } }], ports: [tcp(storePort)] }],
      },
    });
    if (this.restoreVerify) {
      new k8s.KubeNetworkPolicy(this, 'VerifyPolicy', {
        metadata: meta(`allow-${verifyName}`, 'network-policy'),
        spec: {
          podSelector: { matchLabels: selectorLabels(props.labels, verifyName) },
          policyTypes: ['Ingress', 'Egress'],
        },
      });
    }
  }
}
