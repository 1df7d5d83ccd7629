/**
 * The limits of a CronJob the stack renders, from the overlay (`services.<name>.job`,
 * `services.<store>.backup.job`) over the defaults of job-defaults.ts.
 */
import { durationSeconds } from './duration';
import type { JobLimits } from './escape-hatches-schema';
import type { CronJobDefaults } from './job-defaults';

/** What a CronJob renders besides its schedule, time zone and pod. */
export type CronJobLimits = Omit<CronJobDefaults, 'timeZone'> & { readonly suspend: boolean };

const seconds = (duration: string | undefined, dflt: number) => (duration === undefined ? dflt : durationSeconds(duration));

export function cronJobLimits(job: JobLimits | undefined, defaults: CronJobDefaults): CronJobLimits {
  return {
    concurrencyPolicy: job?.concurrencyPolicy ?? defaults.concurrencyPolicy,
    startingDeadlineSeconds: seconds(job?.startingDeadline, defaults.startingDeadlineSeconds),
    successfulJobsHistoryLimit: job?.successfulJobsHistoryLimit ?? defaults.successfulJobsHistoryLimit,
    failedJobsHistoryLimit: job?.failedJobsHistoryLimit ?? defaults.failedJobsHistoryLimit,
    backoffLimit: job?.backoffLimit ?? defaults.backoffLimit,
    activeDeadlineSeconds: seconds(job?.activeDeadline, defaults.activeDeadlineSeconds),
    ttlSecondsAfterFinished: seconds(job?.ttlAfterFinished, defaults.ttlSecondsAfterFinished),
    suspend: job?.suspend ?? false,
  };
}
