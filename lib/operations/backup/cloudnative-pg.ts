/**
 * Backups of a Postgres store run by CloudNativePG (`postgres.operator: cloudnative-pg`):
 * continuous WAL archiving plus daily base backups through the Barman Cloud plugin to the
 * store's `backup.target.s3`, so the store restores to any second of the retention window
 * (point-in-time recovery), and a weekly proof that it does, within the RTO.
 *
 *   ObjectStore      <store>-backups         s3://<bucket>/<prefix>, gzip, retention `<retentionDays>d`
 *   ScheduledBackup  <store>-daily           a base backup on `backup.schedule` (6 fields: seconds first)
 *   ConfigMap        <store>-restore-verify  cnpg-restore-verify.sh and the throwaway Cluster's manifest
 *   ServiceAccount, Role, RoleBinding  <store>-restore-verify   exactly what the script does (see rbac.ts)
 *   CronJob          <store>-restore-verify  kubectl: create the throwaway Cluster, check it, delete it
 *   NetworkPolicies  allow-<store>-restore-verify(-cluster)   (cloudnative-pg-network.ts)
 *
 * The Cluster archives to the ObjectStore by naming it in its `plugins` (lib/constructs/postgres-cluster.ts).
 */
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import {
  ObjectStore, ObjectStoreSpecConfigurationDataCompression, ObjectStoreSpecConfigurationWalCompression,
  ObjectStoreSpecInstanceSidecarConfigurationResourcesLimits as SidecarLimit,
  ObjectStoreSpecInstanceSidecarConfigurationResourcesRequests as SidecarRequest,
} from '../../../imports/objectstores-barmancloud.cnpg.io';
import {
  ScheduledBackup, ScheduledBackupSpecBackupOwnerReference, ScheduledBackupSpecMethod,
} from '../../../imports/scheduledbackups-postgresql.cnpg.io';
import * as k8s from '../../../imports/k8s';
import { imageVersion } from '../../constructs/labels';
import { overlaySettings, restrictedContainer, restrictedPod } from '../../constructs/pod-template';
import type { BackupPodSettings } from './pod';
import { ResourceLedger } from '../../constructs/resource-ledger';
import {
  BARMAN_CLOUD_PLUGIN, objectStoreName, restoreVerifyCluster, scheduledBackupName, type ResolvedPostgres,
} from '../../model/cloudnative-pg';
import { durationSeconds } from '../../model/duration';
import type { RunnableService } from '../../model/service-facts';
import { BACKUP_CRONJOB_DEFAULTS } from '../../model/job-defaults';
import { cronJobLimits } from '../../model/job-limits';
import { HELPER_IMAGES, helperImage, type HelperImages } from '../../model/helper-images';
import { backupCronJob } from './cron-job';
import type { ResolvedBackup } from './defaults';
import { backupMetadata, type BackupObjectContext } from './metadata';
import { restoreVerifyNetworkPolicies } from './cloudnative-pg-network';
import { restoreVerifyRbac } from './cloudnative-pg-rbac';
import type { S3Target } from './s3';
import { readScripts, scriptsChecksum, SCRIPTS_MOUNT } from './scripts';
import { throwawayCluster } from './cloudnative-pg-throwaway';

export const RESTORE_VERIFY_SCRIPT = 'cnpg-restore-verify.sh';
/** The throwaway Cluster's manifest, next to the script in the ConfigMap. */
export const RESTORE_VERIFY_MANIFEST = 'restore-verify-cluster.yaml';
/** kubectl for the restore verification (`stack.helperImages.kubectl` and `backup.image` override it). */
export const KUBECTL_IMAGE = HELPER_IMAGES.kubectl;
/** The image's user. */
const KUBECTL_USER = 1001;
/** The Barman Cloud sidecar in each instance: compresses and uploads WAL. */
export const SIDECAR_RESOURCES = { cpu: '100m', memory: '256Mi' } as const;
// kubectl caches API discovery in memory: 64Mi is tight.
const VERIFY_RESOURCES = { cpu: '50m', memory: '128Mi' } as const;

export interface CloudNativePgBackupProps {
  readonly store: string;
  readonly namespace: string;
  readonly service: RunnableService;
  readonly postgres: ResolvedPostgres;
  /** `services.<store>.backup` with its defaults; its `target.s3` is set (an overlay rule insists). */
  readonly backup: ResolvedBackup;
  readonly labels: BackupObjectContext['labels'];
  /** Priority class of the restore verification (its job and throwaway cluster). */
  readonly priorityClassName: string;
  /**
   * `stack.helperImages`: the registry mirror and the kubectl image of the restore verification.
   * @default - the defaults of HELPER_IMAGES
   */
  readonly images?: HelperImages;
  /** `stack.pod` and the store's `pod`, merged, without its affinity: the restore verification job's pod. @default - none */
  readonly podSettings?: BackupPodSettings;
}

export class CloudNativePgBackup extends Construct {
  readonly store: string;
  readonly postgres: ResolvedPostgres;
  readonly settings: ResolvedBackup;
  readonly objectStore: ObjectStore;
  readonly scheduledBackup: ScheduledBackup;
  /** The weekly restore verification (when `backup.restoreVerify.enabled`). */
  readonly restoreVerify?: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: CloudNativePgBackupProps) {
    super(scope, id);
    const { store, backup } = props;
    this.store = store;
    this.postgres = props.postgres;
    this.settings = backup;
    const s3 = backup.target.s3!;
    const objects: BackupObjectContext = { store, namespace: props.namespace, labels: props.labels };
    this.objectStore = new ObjectStore(this, 'ObjectStore', {
      metadata: backupMetadata(objects, objectStoreName(store), 'backup'),
      spec: objectStoreSpec(s3, props),
    });
    this.scheduledBackup = new ScheduledBackup(this, 'Daily', {
      metadata: backupMetadata(objects, scheduledBackupName(store), 'backup'),
      spec: {
        cluster: { name: store },
        schedule: cnpgSchedule(backup.schedule, backup.timeZone),
        method: ScheduledBackupSpecMethod.PLUGIN,
        pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
        backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
        // A new cluster gets its first base backup at once: point-in-time recovery starts from one.
        immediate: true,
      },
    });
    if (backup.restoreVerify.enabled) {
      this.restoreVerify = this.verification(objects, props);
      restoreVerifyNetworkPolicies(this, objects, { postgres: props.postgres, s3 });
    }
  }

  private verification(objects: BackupObjectContext, props: CloudNativePgBackupProps): k8s.KubeCronJob {
    const { store, backup, postgres: pg, service } = props;
    const name = restoreVerifyCluster(store);
    const manifest = stringify(throwawayCluster({ ...props, name }), { lineWidth: 0 });
    const data = { ...readScripts([RESTORE_VERIFY_SCRIPT]), [RESTORE_VERIFY_MANIFEST]: manifest };
    const configMap = new k8s.KubeConfigMap(this, 'Scripts', { metadata: backupMetadata(objects, name, 'backup'), data });
    const account = restoreVerifyRbac(this, objects, name);
    // The throwaway cluster's instance: counted into the namespace quota like the store's own.
    const ledger = ResourceLedger.of(this);
    ledger.addPods(1, { containers: [{ name: 'postgres', resources: { requests: { cpu: k8s.Quantity.fromString(String(service.resources.cpu)), memory: k8s.Quantity.fromString(service.resources.memory) }, limits: { memory: k8s.Quantity.fromString(service.resources.memoryLimit ?? service.resources.memory) } } }] });
    ledger.addClaims(1, service.storage!.size);
    const image = backup.image ?? helperImage(props.images, 'kubectl');
    const env: k8s.EnvVar[] = [
      { name: 'VERIFY_CLUSTER', value: name },
      { name: 'CLUSTER_MANIFEST', value: `${SCRIPTS_MOUNT}/${RESTORE_VERIFY_MANIFEST}` },
      { name: 'RTO_SECONDS', value: String(durationSeconds(pg.rto)) },
      { name: 'VERIFY_DATABASE', value: pg.database },
      ...(backup.restoreVerify.tables?.length ? [{ name: 'VERIFY_TABLES', value: backup.restoreVerify.tables.join(' ') }] : []),
      ...(backup.restoreVerify.query ? [{ name: 'VERIFY_QUERY', value: backup.restoreVerify.query }] : []),
      { name: 'HOME', value: '/tmp' },
    ];
    const pod: k8s.PodSpec = {
      serviceAccountName: account.name,
      automountServiceAccountToken: true,
      enableServiceLinks: false,
      priorityClassName: props.priorityClassName,
      restartPolicy: 'Never',
      securityContext: restrictedPod(KUBECTL_USER),
      ...overlaySettings(props.podSettings ?? {}),
      containers: [{
        name: 'restore-verify',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/sh', `${SCRIPTS_MOUNT}/${RESTORE_VERIFY_SCRIPT}`],
        env,
        resources: {
          requests: { cpu: k8s.Quantity.fromString(VERIFY_RESOURCES.cpu), memory: k8s.Quantity.fromString(VERIFY_RESOURCES.memory) },
          limits: { memory: k8s.Quantity.fromString(VERIFY_RESOURCES.memory) },
        },
        securityContext: restrictedContainer(KUBECTL_USER),
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'scripts', mountPath: SCRIPTS_MOUNT, readOnly: true }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'scripts', configMap: { name: configMap.name, defaultMode: 0o555 } }],
    };
    const job = backupCronJob(this, objects, {
      name,
      schedule: backup.restoreVerify.schedule,
      timeZone: backup.timeZone,
      pod,
      scriptsChecksum: scriptsChecksum(data),
      version: imageVersion(image),
      limits: cronJobLimits(backup.job, BACKUP_CRONJOB_DEFAULTS),
    });
    // kubectl needs its token: it creates, reads and deletes the throwaway Cluster (and only that; see the Role).
    job.metadata.addAnnotation('cdk8s-stack.dev/waive.automount-service-account-token', `kubectl creates, watches and deletes the throwaway Cluster ${name}; the Role ${name} allows nothing more`);
    return job;
  }
}

function objectStoreSpec(s3: S3Target, props: CloudNativePgBackupProps) {
  const prefix = s3.prefix ?? `${props.namespace}/${props.store}`;
  const credential = (key: string) => ({ name: s3.secretName, key });
  return {
    configuration: {
      destinationPath: `s3://${s3.bucket}/${prefix.replace(/^\/+|\/+$/g, '')}`,
      endpointUrl: s3.endpoint,
      s3Credentials: { accessKeyId: credential('AWS_ACCESS_KEY_ID'), secretAccessKey: credential('AWS_SECRET_ACCESS_KEY') },
      wal: { compression: ObjectStoreSpecConfigurationWalCompression.GZIP },
      data: { compression: ObjectStoreSpecConfigurationDataCompression.GZIP },
    },
    retentionPolicy: `${props.backup.retentionDays}d`,
    instanceSidecarConfiguration: {
      resources: {
        requests: { cpu: SidecarRequest.fromString(SIDECAR_RESOURCES.cpu), memory: SidecarRequest.fromString(SIDECAR_RESOURCES.memory) },
        limits: { memory: SidecarLimit.fromString(SIDECAR_RESOURCES.memory) },
      },
    },
  };
}

/**
 * A 5-field cron schedule as CloudNativePG takes it: six fields, seconds first (`0 2 * * *` →
 * `0 0 2 * * *`); macros (`@daily`) stay. The operator schedules in UTC: another time zone is
 * given with the `CRON_TZ=` prefix its cron library reads.
 */
export function cnpgSchedule(schedule: string, timeZone: string): string {
  const six = schedule.startsWith('@') ? schedule : `0 ${schedule}`;
  return timeZone === 'Etc/UTC' || timeZone === 'UTC' ? six : `CRON_TZ=${timeZone} ${six}`;
}
