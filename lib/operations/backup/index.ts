/**
 * Backups of one store (`services.<store>.backup`):
 *
 *   ConfigMap      <store>-backup-scripts   the scripts of ops/scripts/, mounted at /opt/ops
 *   PVC            <store>-backups          when `target.pvc`
 *   CronJob        <store>-backup           dump (+ prune) → the volume; then upload when `target.s3`
 *   CronJob        <store>-restore-verify   engines that have one (Postgres): a weekly restore of the latest dump
 *                                           (from the volume, else downloaded from S3 first)
 *   NetworkPolicy  allow-<store>-backup     backup pods reach only their store (and the S3 endpoint)
 *   NetworkPolicy  allow-<store>-from-backup   the store accepts its backup pods
 *   NetworkPolicy  allow-<store>-restore-verify  the verification talks to nobody (but the S3 endpoint when it downloads)
 *
 * What differs between engines is in BACKUP_ENGINES (one file per engine); this wires the
 * shared parts: scripts, volume, S3 upload, CronJob shape and network rules.
 *
 *   new StoreBackup(this, 'Backup-postgres', { store: 'postgres', namespace, service, backup, labels, priorityClassName });
 */
import { Construct } from 'constructs';
import type * as k8s from '../../../imports/k8s';
import { imageVersion, type LabelContext } from '../../constructs/labels';
import type { ResolvedService } from '../../model/schema';
import { backupEngine, sortedPorts, type BackupEngine } from '../../model/service-facts';
import { BACKUP_CRONJOB_DEFAULTS } from '../../model/job-defaults';
import { cronJobLimits } from '../../model/job-limits';
import { replacedHelperImage, helperImage, type HelperImages } from '../../model/helper-images';
import { backupCronJob } from './cron-job';
import { resolveBackup, type BackupSettings, type ResolvedBackup } from './defaults';
import type { BackupEngineContext, BackupEngineSpec, RestoreVerifyJob } from './engine-spec';
import { BACKUP_ENGINES, scriptsData } from './engines';
import type { BackupObjectContext } from './metadata';
import { backupNetworkPolicies, type BackupNetworkPolicies } from './network';
import { BACKUP_RESOURCES, backupContainer, backupPod, backupResources, backupsVolume, sharedEnv, type BackupPodProps, type BackupPodSettings } from './pod';
import { S3_DOWNLOAD_SCRIPT, S3_UPLOAD_SCRIPT, s3Env } from './s3';
import { PRUNE_SCRIPT, scriptsChecksum, scriptsConfigMap } from './scripts';
import { backupVolumeClaim } from './volume';

export { BACKUP_DEFAULTS, type BackupSettings, type ResolvedBackup } from './defaults';
export type { BackupEngineContext, BackupEngineSpec, RestoreVerifyJob } from './engine-spec';
export { BACKUP_ENGINES, scriptsData } from './engines';

export interface StoreBackupProps {
  /** Name of the store: its Service, its selector name and the prefix of every object here. */
  readonly store: string;
  readonly namespace: string;
  /** The store: its image, ports, user and volume size. */
  readonly service: ResolvedService;
  /** `services.<store>.backup`. A field with a schema default may be left out (see BACKUP_DEFAULTS). */
  readonly backup: BackupSettings;
  /** What the store runs. @default - `backup.engine`, else guessed from the store's image */
  readonly engine?: BackupEngine;
  readonly labels: LabelContext;
  /** Priority class of the backup pods. */
  readonly priorityClassName: string;
  /**
   * `stack.helperImages`: the registry mirror and images replacing the helper images backups run.
   * @default - the defaults of HELPER_IMAGES
   */
  readonly images?: HelperImages;
  /** `stack.pod` and the store's `pod`, merged, without its affinity. @default - none */
  readonly podSettings?: BackupPodSettings;
}

/** What every job of one backup shares. */
interface JobContext {
  readonly objects: BackupObjectContext;
  readonly engine: BackupEngineContext;
  readonly pod: Omit<BackupPodProps, 'containers' | 'initContainers'>;
  readonly scriptsChecksum: string;
  readonly images?: HelperImages;
}

export class StoreBackup extends Construct {
  /** Name of the store. */
  readonly store: string;
  /** What the store runs. */
  readonly engine: BackupEngine;
  /** `backup` with every default filled in. */
  readonly settings: ResolvedBackup;
  /** Image of the backup (and restore verification) container. */
  readonly image: string;
  /** User the backup pods run as. */
  readonly runAsUser: number;
  /** `<store>-backup-scripts`: the scripts the jobs run. */
  readonly scripts: k8s.KubeConfigMap;
  /** The volume of the `pvc` target. */
  readonly volume?: k8s.KubePersistentVolumeClaim;
  /** `<store>-backup`. */
  readonly cronJob: k8s.KubeCronJob;
  /** The restore verification, for engines that have one (and when it is on). */
  readonly restoreVerify?: k8s.KubeCronJob;
  /** What the backup pods may reach, and who may reach the store. */
  readonly networkPolicies: BackupNetworkPolicies;

  constructor(scope: Construct, id: string, props: StoreBackupProps) {
    super(scope, id);
    const { store, service } = props;
    this.store = store;
    const objects: BackupObjectContext = { store, namespace: props.namespace, labels: props.labels };
    this.settings = resolveBackup(props.backup);
    this.engine = props.engine ?? engineOf(store, service, this.settings);
    const spec = BACKUP_ENGINES[this.engine];
    this.image = this.settings.image ?? (spec.image && replacedHelperImage(props.images, spec.image)) ?? service.image!;
    this.runAsUser = spec.runAsUser ?? service.runAsUser;
    const { pvc, s3 } = this.settings.target;

    const data = scriptsData(this.engine, Boolean(s3));
    this.scripts = scriptsConfigMap(this, objects, data);
    this.volume = pvc ? backupVolumeClaim(this, objects, pvc) : undefined;
    const jobs: JobContext = {
      objects,
      engine: { store, service, backup: this.settings, storePort: storePort(service, spec.portName) },
      pod: {
        runAsUser: this.runAsUser,
        priorityClassName: props.priorityClassName,
        scriptsConfigMap: this.scripts.name,
        backupsVolume: backupsVolume(this.volume, service.storage?.size),
        settings: props.podSettings,
      },
      scriptsChecksum: scriptsChecksum(data),
      images: props.images,
    };
    this.cronJob = this.backupJob(spec, jobs);
    const verify = spec.restoreVerify?.(jobs.engine);
    this.restoreVerify = verify && this.restoreVerifyJob(spec, verify, jobs);
    this.networkPolicies = backupNetworkPolicies(this, objects, {
      storePort: jobs.engine.storePort,
      s3,
      restoreVerify: Boolean(this.restoreVerify),
      sentinel: Boolean(service.sentinel),
      restoreVerifyFromS3: Boolean(this.restoreVerify && !pvc && s3),
    });
  }

  /** `<store>-backup`: the dump (then prune, with a volume), followed by the upload with an S3 target. */
  private backupJob(spec: BackupEngineSpec, jobs: JobContext): k8s.KubeCronJob {
    const { pvc, s3 } = this.settings.target;
    const env = sharedEnv(spec.pattern, this.settings.retentionDays);
    const resources = backupResources(this.settings, BACKUP_RESOURCES);
    const dump = backupContainer({
      name: spec.containerName,
      image: this.image,
      scripts: [spec.backupScript, ...(pvc ? [PRUNE_SCRIPT] : [])],
      env: [...env, ...spec.env(jobs.engine)],
      resources,
      runAsUser: this.runAsUser,
    });
    const upload =
      s3 &&
      backupContainer({
        name: 's3-upload',
        image: helperImage(jobs.images, 's3Upload'),
        scripts: [S3_UPLOAD_SCRIPT],
        env: [...env, ...s3Env(s3, jobs.objects.namespace, jobs.objects.store)],
        resources,
        runAsUser: this.runAsUser,
      });
    // Init containers run first and one at a time: the upload starts after the dump succeeded.
    const pod = upload ? backupPod({ ...jobs.pod, containers: [upload], initContainers: [dump] }) : backupPod({ ...jobs.pod, containers: [dump] });
    return this.scheduled(jobs, `${jobs.objects.store}-backup`, this.settings.schedule, pod);
  }

  /**
   * `<store>-restore-verify`: restores the latest backup and checks it — from the volume, or
   * without one, from S3: an init container downloads the newest backups first (so it proves
   * the copy that survives the cluster).
   */
  private restoreVerifyJob(spec: BackupEngineSpec, verify: RestoreVerifyJob, jobs: JobContext): k8s.KubeCronJob {
    const { pvc, s3 } = this.settings.target;
    const download =
      !pvc && s3
        ? backupContainer({
            name: 's3-download',
            image: helperImage(jobs.images, 's3Upload'),
            scripts: [S3_DOWNLOAD_SCRIPT],
            env: [...sharedEnv(spec.pattern), ...s3Env(s3, jobs.objects.namespace, jobs.objects.store)],
            resources: backupResources(this.settings, BACKUP_RESOURCES),
            runAsUser: this.runAsUser,
          })
        : undefined;
    const check = backupContainer({
      name: 'restore-verify',
      image: this.image,
      scripts: [verify.script],
      env: [...sharedEnv(spec.pattern), ...verify.env],
      resources: backupResources(this.settings, verify.resources),
      runAsUser: this.runAsUser,
      readOnlyBackups: true,
    });
    const pod = backupPod({ ...jobs.pod, containers: [check], initContainers: download && [download], scratchLimit: verify.scratchLimit });
    return this.scheduled(jobs, `${jobs.objects.store}-restore-verify`, verify.schedule, pod);
  }

  /** A backup CronJob running `pod` on `schedule`, in the backup's time zone. */
  private scheduled(jobs: JobContext, name: string, schedule: string, pod: k8s.PodSpec): k8s.KubeCronJob {
    return backupCronJob(this, jobs.objects, {
      name,
      schedule,
      timeZone: this.settings.timeZone,
      pod,
      scriptsChecksum: jobs.scriptsChecksum,
      version: imageVersion(this.image),
      limits: cronJobLimits(this.settings.job, BACKUP_CRONJOB_DEFAULTS),
    });
  }
}

/** The engine named by `backup.engine`, else the one the image tells. */
function engineOf(store: string, service: ResolvedService, backup: ResolvedBackup): BackupEngine {
  const engine = backupEngine(service, backup);
  if (!engine) {
    const engines = Object.keys(BACKUP_ENGINES);
    const choices = `${engines.slice(0, -1).join(', ')} or ${engines.at(-1)}`;
    throw new Error(`services.${store}.backup: cannot tell what \`${service.image}\` is; set \`backup.engine\` to ${choices}`);
  }
  return engine;
}

/** The store's port the jobs reach: the engine's named port, else the lowest; 0 when it has none. */
function storePort(service: ResolvedService, portName: string | undefined): number {
  const ports = sortedPorts(service.ports);
  const [, port] = ports.find(([name]) => name === portName) ?? ports[0] ?? ['', 0];
  return port;
}
