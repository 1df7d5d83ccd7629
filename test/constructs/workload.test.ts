import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DATA_VOLUME, ServiceCronJob, ServiceDeployment, ServiceStatefulSet } from '../../lib/constructs/workload';

const metadata = { name: 'api', namespace: 'shop' };
const selector = { 'app.kubernetes.io/name': 'api' };
const template = { metadata: { labels: selector }, spec: { containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.2.3' }] } };

describe('ServiceDeployment', () => {
  it('rolls with 25 % surge and never goes below the desired count by default', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const workload = new ServiceDeployment(chart, 'Workload', { metadata, selector, template, replicas: 2 });
    // THEN
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.strategy).toStrictEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(spec.replicas).toBe(2);
    expect(spec.revisionHistoryLimit).toBe(5);
    expect(workload.scaleTarget).toStrictEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
  });

  it('leaves `replicas` out when none is given (an HPA owns the count)', () => {
    const chart = Testing.chart();
    new ServiceDeployment(chart, 'Workload', { metadata, selector, template });
    expect(Testing.synth(chart)[0].spec).not.toHaveProperty('replicas');
  });

  it('uses Recreate when two pods must never run at once', () => {
    const chart = Testing.chart();
    new ServiceDeployment(chart, 'Workload', { metadata, selector, template, replicas: 1, neverTwoAtOnce: true });
    expect(Testing.synth(chart)[0].spec.strategy).toStrictEqual({ type: 'Recreate' });
  });
});

describe('ServiceStatefulSet', () => {
  it('keeps one retained claim per replica, named `data`, with the stable labels only', () => {
    const chart = Testing.chart();
    const claimLabels = { ...selector, 'app.kubernetes.io/component': 'store' };
    new ServiceStatefulSet(chart, 'Workload', {
      metadata,
      selector,
      template,
      replicas: 1,
      storage: { size: '5Gi', mountPath: '/data', storageClass: 'fast' },
      claimLabels,
    });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.serviceName).toBe('api');
    expect(spec.podManagementPolicy).toBe('OrderedReady');
    expect(spec.persistentVolumeClaimRetentionPolicy).toStrictEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(spec.volumeClaimTemplates).toStrictEqual([
      {
        metadata: { name: DATA_VOLUME, labels: claimLabels },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } },
      },
    ]);
  });
});

describe('ServiceCronJob', () => {
  it('never overlaps itself, runs in UTC by default and cleans up its jobs', () => {
    const chart = Testing.chart();
    new ServiceCronJob(chart, 'Workload', { metadata, schedule: '0 3 * * *', template, jobLabels: selector });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.timeZone).toBe('Etc/UTC');
    expect(spec.concurrencyPolicy).toBe('Forbid');
    expect(spec.startingDeadlineSeconds).toBe(300);
    expect([spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit]).toStrictEqual([3, 3]);
    expect(spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    expect(spec.jobTemplate.metadata.labels).toStrictEqual(selector);
  });

  it('keeps the time zone it is given', () => {
    const chart = Testing.chart();
    new ServiceCronJob(chart, 'Workload', { metadata, schedule: '0 3 * * *', timeZone: 'Europe/Berlin', template, jobLabels: selector });
    expect(Testing.synth(chart)[0].spec.timeZone).toBe('Europe/Berlin');
  });
});
