/**
 * The defaults of every CronJob the stack renders, in one place: the `cronjob` service kind
 * and the backup jobs of stores. They share a base; where they differ, the field says why.
 * Every field is one the gate asks CronJobs to set explicitly (lib/check/checks/workload-hygiene.ts).
 */

/** What a CronJob renders besides its schedule and pod. */
export interface CronJobDefaults {
  /** `spec.timeZone`: the zone the schedule is read in. */
  readonly timeZone: string;
  /** `spec.concurrencyPolicy`. */
  readonly concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  /** `spec.startingDeadlineSeconds`: a run that cannot start within this is skipped. */
  readonly startingDeadlineSeconds: number;
  /** `spec.successfulJobsHistoryLimit`. */
  readonly successfulJobsHistoryLimit: number;
  /** `spec.failedJobsHistoryLimit`. */
  readonly failedJobsHistoryLimit: number;
  /** `spec.jobTemplate.spec.backoffLimit`: retries of a failed run. */
  readonly backoffLimit: number;
  /** `spec.jobTemplate.spec.activeDeadlineSeconds`: the longest a run may take. */
  readonly activeDeadlineSeconds: number;
  /** `spec.jobTemplate.spec.ttlSecondsAfterFinished`: how long a finished Job and its pods stay. */
  readonly ttlSecondsAfterFinished: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** What every CronJob of the stack shares. */
const CRONJOB_BASE = {
  // UTC has no daylight-saving gaps or repeats: a run is never skipped or doubled twice a year.
  timeZone: 'Etc/UTC',
  // Never two runs at once: a slow run delays the next instead of racing it (and a hung one is
  // ended by activeDeadlineSeconds, so it cannot block later runs forever).
  concurrencyPolicy: 'Forbid',
  // Enough finished Jobs to compare the last few runs, few enough not to pile up.
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 3,
  // Two retries ride out a restarted node or a brief outage of a dependency; more hide a real failure.
  backoffLimit: 2,
} as const satisfies Partial<CronJobDefaults>;

/** CronJobs of the `cronjob` service kind (application tasks). */
export const SERVICE_CRONJOB_DEFAULTS: CronJobDefaults = {
  ...CRONJOB_BASE,
  // Application tasks may run every few minutes: a run missed by more than 5 minutes is
  // skipped rather than started late, next to the following one.
  startingDeadlineSeconds: 300,
  // An application task that runs for an hour is stuck.
  activeDeadlineSeconds: HOUR,
  // A day of finished Jobs is enough to read the logs of the last runs.
  ttlSecondsAfterFinished: DAY,
};

/** CronJobs of store backups and their restore verification (lib/operations/backup/). */
export const BACKUP_CRONJOB_DEFAULTS: CronJobDefaults = {
  ...CRONJOB_BASE,
  // Backups run once a day or week: a run delayed by up to 10 minutes (e.g. a busy node) is
  // still worth taking. The restore verification's default schedule counts on this bound.
  startingDeadlineSeconds: 10 * 60,
  // A dump of a large database, or restoring it into a scratch server, takes hours.
  activeDeadlineSeconds: 3 * HOUR,
  // A week of finished Jobs: a failed nightly backup is still there to read after a weekend.
  ttlSecondsAfterFinished: 7 * DAY,
};

/**
 * The migration Job of a service (`services.<name>.migrations`): one run per release, as an
 * ArgoCD hook (lib/constructs/migration-job.ts). The same retry rule as every Job of the stack.
 */
export interface MigrationJobDefaults {
  /** `spec.backoffLimit`: retries of a failed migration. */
  readonly backoffLimit: number;
  /** `spec.activeDeadlineSeconds`: the longest a migration may take, retries included. */
  readonly activeDeadlineSeconds: number;
  /** `spec.ttlSecondsAfterFinished`: how long the finished Job and its pod (its logs) stay. */
  readonly ttlSecondsAfterFinished: number;
}

export const MIGRATION_JOB_DEFAULTS: MigrationJobDefaults = {
  // As CRONJOB_BASE: two retries ride out a restarted node or a database that is still starting
  // (schema migrations on Postgres run in a transaction, so a failed attempt leaves nothing half-done).
  backoffLimit: CRONJOB_BASE.backoffLimit,
  // A migration holds locks the running app waits on: one that takes half an hour is stuck or
  // needs a maintenance window, not a rolling release. The sync stops and says so.
  activeDeadlineSeconds: HOUR / 2,
  // As an application task's run: a day to read the logs of the last migration. (The next
  // release's sync deletes the Job first anyway: hook-delete-policy BeforeHookCreation.)
  ttlSecondsAfterFinished: SERVICE_CRONJOB_DEFAULTS.ttlSecondsAfterFinished,
};
