import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BACKUP_CRONJOB_DEFAULTS, SERVICE_CRONJOB_DEFAULTS } from '../../lib/model/job-defaults';
import { StoreBackup } from '../../lib/operations/backup';
import { POSTGRES_STORE } from '../operations/services';
import { buildStack, only, runnable, synthService } from './stack-builder';

const cronJob = (job?: Record<string, unknown>) =>
  only(synthService(buildStack({ report: runnable('cronjob', { schedule: '0 2 * * *', ...(job ? { job } : {}) }) }), 'report').manifests, 'CronJob');

describe('job limits (`job`, `backup.job`)', () => {
  it('renders the documented defaults when the overlay sets none', () => {
    const { spec } = cronJob();
    expect(spec.suspend).toBeUndefined();
    expect(spec.concurrencyPolicy).toBe(SERVICE_CRONJOB_DEFAULTS.concurrencyPolicy);
    expect(spec.startingDeadlineSeconds).toBe(SERVICE_CRONJOB_DEFAULTS.startingDeadlineSeconds);
    expect(spec.jobTemplate.spec.activeDeadlineSeconds).toBe(SERVICE_CRONJOB_DEFAULTS.activeDeadlineSeconds);
    expect(spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(SERVICE_CRONJOB_DEFAULTS.ttlSecondsAfterFinished);
  });

  it('renders every limit the overlay sets', () => {
    const { spec } = cronJob({
      activeDeadline: '6h', backoffLimit: 0, concurrencyPolicy: 'Replace', suspend: true,
      successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 5, startingDeadline: '30m', ttlAfterFinished: '1h30m',
    });
    expect(spec.suspend).toBe(true);
    expect(spec.concurrencyPolicy).toBe('Replace');
    expect(spec.startingDeadlineSeconds).toBe(1800);
    expect([spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit]).toStrictEqual([1, 5]);
    expect(spec.jobTemplate.spec).toMatchObject({ activeDeadlineSeconds: 6 * 3600, backoffLimit: 0, ttlSecondsAfterFinished: 5400 });
  });

  it('fills the defaults of the keys left out', () => {
    const { spec } = cronJob({ backoffLimit: 5 });
    expect(spec.jobTemplate.spec.backoffLimit).toBe(5);
    expect(spec.jobTemplate.spec.activeDeadlineSeconds).toBe(SERVICE_CRONJOB_DEFAULTS.activeDeadlineSeconds);
  });

  it('sets the limits of backup jobs from `backup.job`, over the backup defaults', () => {
    const chart = Testing.chart();
    new StoreBackup(chart, 'Backup', {
      store: 'postgres', namespace: 'shop', service: POSTGRES_STORE, labels: { stack: 'shop', environment: 'dev' }, priorityClassName: 'shop-batch',
      backup: { target: { pvc: { size: '10Gi' } }, job: { activeDeadline: '8h', suspend: true } },
    });
    for (const job of Testing.synth(chart).filter((o) => o.kind === 'CronJob')) {
      expect(job.spec.suspend).toBe(true);
      expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(8 * 3600);
      expect(job.spec.startingDeadlineSeconds).toBe(BACKUP_CRONJOB_DEFAULTS.startingDeadlineSeconds);
    }
  });
});
