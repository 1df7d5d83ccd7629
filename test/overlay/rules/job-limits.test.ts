import { describe, expect, it } from 'vitest';
import { jobLimits } from '../../../lib/overlay/rules/job-limits';
import { keysOnlyForSomeKinds } from '../../../lib/overlay/rules/type-keys';
import { problemsOf } from '../stack';

describe('jobLimits', () => {
  it('accepts limits the controller can honour', () => {
    expect(problemsOf(jobLimits, 'cronjob', { job: { activeDeadline: '2h', startingDeadline: '10s', backoffLimit: 0, suspend: true } })).toStrictEqual([]);
  });

  it('refuses a starting deadline under the controller\'s period, and an empty run deadline', () => {
    expect(problemsOf(jobLimits, 'cronjob', { job: { activeDeadline: '0s', startingDeadline: '5s' } })).toStrictEqual([
      'services.cronjob.job.activeDeadline: must be at least 1s: a run needs time to do anything',
      'services.cronjob.job.startingDeadline: must be at least 10s: the CronJob controller checks schedules every 10 s, so a shorter deadline can skip every run',
    ]);
  });

  it('checks the limits of backups too', () => {
    const backup = { target: { pvc: { size: '1Gi' } }, job: { startingDeadline: '1s' } };
    expect(problemsOf(jobLimits, 'store', { backup })).toStrictEqual([
      'services.store.backup.job.startingDeadline: must be at least 10s: the CronJob controller checks schedules every 10 s, so a shorter deadline can skip every run',
    ]);
  });

  it('takes `job` on CronJob kinds only', () => {
    expect(problemsOf(keysOnlyForSomeKinds, 'worker', { job: { backoffLimit: 1 } })).toStrictEqual([
      'services.worker.job: `job` applies only to `cronjob` services, not `worker`',
    ]);
  });
});
