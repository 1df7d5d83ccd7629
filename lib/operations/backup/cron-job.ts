/**
 * The CronJob shape of every backup job (the backup and its restore verification), with the
 * defaults of lib/model/job-defaults.ts. Every run is counted into the namespace quota.
 */
import type { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { recommendedLabels } from '../../constructs/labels';
import { ResourceLedger } from '../../constructs/resource-ledger';
import { BACKUP_CRONJOB_DEFAULTS } from '../../model/job-defaults';
import { cronJobLimits, type CronJobLimits } from '../../model/job-limits';
import { backupMetadata, type BackupObjectContext } from './metadata';
import { SCRIPTS_CHECKSUM_ANNOTATION } from './scripts';

export interface BackupCronJobProps {
  /** Name of the CronJob, also its construct id. */
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
  readonly pod: k8s.PodSpec;
  /** Checksum of the scripts: a changed script rolls the next run. */
  readonly scriptsChecksum: string;
  /** `app.kubernetes.io/version`. @default - none */
  readonly version?: string;
  /** Deadlines, retries, concurrency and history. @default - BACKUP_CRONJOB_DEFAULTS, not suspended */
  readonly limits?: CronJobLimits;
}

export function backupCronJob(scope: Construct, ctx: BackupObjectContext, props: BackupCronJobProps): k8s.KubeCronJob {
  const { name, version, pod } = props;
  const d = props.limits ?? cronJobLimits(undefined, BACKUP_CRONJOB_DEFAULTS);
  // concurrencyPolicy Forbid: at most one pod of each job at a time.
  ResourceLedger.of(scope).addPods(1, pod);
  const labels = recommendedLabels(ctx.labels, name, { component: 'backup', version });
  return new k8s.KubeCronJob(scope, name, {
    metadata: backupMetadata(ctx, name, 'backup', version),
    spec: {
      schedule: props.schedule,
      timeZone: props.timeZone,
      suspend: d.suspend || undefined,
      concurrencyPolicy: d.concurrencyPolicy,
      startingDeadlineSeconds: d.startingDeadlineSeconds,
      successfulJobsHistoryLimit: d.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: d.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: d.backoffLimit,
          activeDeadlineSeconds: d.activeDeadlineSeconds,
          ttlSecondsAfterFinished: d.ttlSecondsAfterFinished,
          template: { metadata: { labels, annotations: { [SCRIPTS_CHECKSUM_ANNOTATION]: props.scriptsChecksum } }, spec: pod },
        },
      },
    },
  });
}
