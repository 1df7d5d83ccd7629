/** Selectors, API tokens, and bounded batch work. */
import { describeCheckCases } from './helpers';

describeCheckCases([
  {
    check: 'selector-matches-template',
    fails: [
      { object: 'Deployment shop/web', path: 'spec.selector', message: 'does not match the pod template labels (app.kubernetes.io/name=webapp)' },
      { object: 'ReplicationController shop/legacy', path: 'spec.selector', message: 'does not match the pod template labels (app.kubernetes.io/name=legacy-v2)' },
    ],
  },
  {
    check: 'automount-service-account-token',
    fails: [
      { object: 'Deployment shop/web', path: 'spec.template.spec.automountServiceAccountToken', message: 'ServiceAccount web does not set it to false either' },
      { object: 'Deployment shop/api', path: 'spec.template.spec.automountServiceAccountToken', message: 'automountServiceAccountToken is true' },
    ],
  },
  { check: 'cronjob-concurrency-policy', fails: [{ object: 'CronJob shop/backup', path: 'spec.concurrencyPolicy', message: 'is not set' }] },
  { check: 'cronjob-starting-deadline', fails: [{ object: 'CronJob shop/backup', path: 'spec.startingDeadlineSeconds' }] },
  { check: 'cronjob-active-deadline', fails: [{ object: 'CronJob shop/backup', path: 'spec.jobTemplate.spec.activeDeadlineSeconds' }] },
  { check: 'cronjob-backoff-limit', fails: [{ object: 'CronJob shop/backup', path: 'spec.jobTemplate.spec.backoffLimit' }] },
  { check: 'cronjob-successful-history', fails: [{ object: 'CronJob shop/backup', path: 'spec.successfulJobsHistoryLimit' }] },
  { check: 'cronjob-failed-history', fails: [{ object: 'CronJob shop/backup', path: 'spec.failedJobsHistoryLimit' }] },
  {
    check: 'cronjob-time-zone',
    fails: [
      { object: 'CronJob shop/backup', path: 'spec.timeZone', message: 'is not set' },
      { object: 'CronJob shop/report', path: 'spec.schedule', message: 'sets the zone with a TZ prefix' },
      { object: 'CronJob shop/empty-zone', path: 'spec.timeZone', message: 'timeZone "" is empty' },
      { object: 'CronJob shop/mars', path: 'spec.timeZone', message: 'timeZone "Mars/Olympus" is not an IANA time zone name' },
      { object: 'CronJob shop/lowercase', path: 'spec.timeZone', message: 'case-sensitive: "Europe/Berlin"' },
    ],
  },
  { check: 'job-restart-policy', fails: [{ object: 'Job shop/migrate', path: 'spec.template.spec.restartPolicy', message: 'restartPolicy is "Always"' }] },
  { check: 'job-ttl', fails: [{ object: 'Job shop/migrate', path: 'spec.ttlSecondsAfterFinished', message: 'no CronJob owns this Job' }] },
]);
