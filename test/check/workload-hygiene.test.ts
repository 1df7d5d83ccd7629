/** Selectors, API tokens, and bounded batch work. */
import { describeCheckCases } from './helpers';

describeCheckCases({
  'selector-matches-template': [
    ['Deployment shop/web', 'spec.selector', 'does not match the pod template labels (app.kubernetes.io/name=webapp)'],
    ['ReplicationController shop/legacy', 'spec.selector', 'does not match the pod template labels (app.kubernetes.io/name=legacy-v2)'],
  ],
  'automount-service-account-token': [
    ['Deployment shop/web', 'spec.template.spec.automountServiceAccountToken', 'ServiceAccount web does not set it to false either'],
    ['Deployment shop/api', 'spec.template.spec.automountServiceAccountToken', 'automountServiceAccountToken is true'],
  ],
  'cronjob-concurrency-policy': [['CronJob shop/backup', 'spec.concurrencyPolicy', 'is not set']],
  'cronjob-starting-deadline': [['CronJob shop/backup', 'spec.startingDeadlineSeconds']],
  'cronjob-active-deadline': [['CronJob shop/backup', 'spec.jobTemplate.spec.activeDeadlineSeconds']],
  'cronjob-backoff-limit': [['CronJob shop/backup', 'spec.jobTemplate.spec.backoffLimit']],
  'cronjob-successful-history': [['CronJob shop/backup', 'spec.successfulJobsHistoryLimit']],
  'cronjob-failed-history': [['CronJob shop/backup', 'spec.failedJobsHistoryLimit']],
  'cronjob-time-zone': [
    ['CronJob shop/backup', 'spec.timeZone', 'is not set'],
    ['CronJob shop/report', 'spec.schedule', 'sets the zone with a TZ prefix'],
    ['CronJob shop/empty-zone', 'spec.timeZone', 'timeZone "" is empty'],
    ['CronJob shop/mars', 'spec.timeZone', 'timeZone "Mars/Olympus" is not an IANA time zone name'],
    ['CronJob shop/lowercase', 'spec.timeZone', 'case-sensitive: "Europe/Berlin"'],
  ],
  'job-restart-policy': [['Job shop/migrate', 'spec.template.spec.restartPolicy', 'restartPolicy is "Always"']],
  'job-ttl': [['Job shop/migrate', 'spec.ttlSecondsAfterFinished', 'no CronJob owns this Job']],
});
