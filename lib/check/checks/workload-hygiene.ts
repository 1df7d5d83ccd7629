/**
 * Workload settings that are easy to forget and expensive to miss: selectors
 * that match their own pods, no API token where the pod does not need the API,
 * and batch jobs that are bounded in time, retries and leftovers.
 */
import type { Check, Reporter } from '../check';
import { namespaceOf } from '../objects';
import { describeLabels, describeSelector, isEmptySelector, labelSelector, mapSelector, matches } from '../../shared/selector';
import type { Manifest } from '../types';
import { timeZoneProblem } from '../../shared/time-zone';
import { asArray, asRecord, asString, show } from '../../shared/values';

const group = 'workload-hygiene';
const SELECTED_KINDS = new Set(['Deployment', 'Rollout', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * A CronJob setting that must be written down explicitly (the defaults are
 * unbounded or surprising), plus any further rule on the same CronJob,
 * reported under the same id.
 */
function requireCronJobField(path: readonly string[], also?: (cronJob: Manifest, report: Reporter) => void): Check['run'] {
  return (inventory, report) => {
    for (const cronJob of inventory.ofKind('CronJob')) {
      let value: unknown = cronJob.object;
      for (const key of path) value = asRecord(value)?.[key];
      if (value === undefined || value === null) {
        report(cronJob, path, `${path.join('.')} is not set`);
      }
      also?.(cronJob, report);
    }
  };
}

function checkScheduleZone(cronJob: Manifest, report: Reporter): void {
  const zone = asRecord(cronJob.object.spec)?.timeZone;
  if (typeof zone === 'string') {
    const problem = timeZoneProblem(zone);
    if (problem) report(cronJob, ['spec', 'timeZone'], `timeZone ${show(zone)} ${problem}`);
  }
  const schedule = asString(asRecord(cronJob.object.spec)?.schedule);
  if (schedule !== undefined && /^\s*(CRON_)?TZ=/.test(schedule)) {
    report(cronJob, ['spec', 'schedule'], `schedule ${show(schedule)} sets the zone with a TZ prefix, which the API rejects; use spec.timeZone`);
  }
}

export const workloadHygieneChecks: readonly Check[] = [
  {
    id: 'selector-matches-template',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'A Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController selector (and a Job\'s manual selector) matches its own pod template labels.',
    hint: 'make spec.selector.matchLabels a subset of spec.template.metadata.labels',
    rationale: 'The API server rejects a workload whose selector does not match its template; an empty selector would adopt every pod of the namespace. kube-linter mismatching-selector; kube-score deployment-pod-selector-labels-match-template-metadata-labels.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        const spec = asRecord(pod.manifest.object.spec) ?? {};
        // A ReplicationController's selector is a plain label map; left empty, the API server fills it from the template.
        const rc = pod.kind === 'ReplicationController';
        const checked = SELECTED_KINDS.has(pod.kind) || rc || (pod.kind === 'Job' && spec.manualSelector === true);
        if (!checked || spec.selector === undefined) continue;
        const selector = rc ? mapSelector(spec.selector) : labelSelector(spec.selector);
        if (rc && isEmptySelector(selector)) continue;
        if (isEmptySelector(selector)) {
          report(pod.manifest, ['spec', 'selector'], 'spec.selector is empty; it would select every pod in the namespace');
        } else if (!matches(selector, pod.labels)) {
          report(pod.manifest, ['spec', 'selector'], `selector ${describeSelector(selector)} does not match the pod template labels (${describeLabels(pod.labels)})`);
        }
      }
    },
  },
  {
    id: 'automount-service-account-token',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Pods do not mount a service account token: automountServiceAccountToken is false on the pod, or unset there and false on its ServiceAccount (waive when the pod calls the Kubernetes API).',
    hint: 'set automountServiceAccountToken: false on the pod (or its ServiceAccount); waive the check where the pod really uses the API',
    rationale: 'A mounted token lets anyone who gets into the container talk to the API server with the pod\'s identity. Polaris automountServiceAccountToken.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        const onPod = pod.spec.automountServiceAccountToken;
        const path = [...pod.specPath, 'automountServiceAccountToken'];
        if (onPod === false) continue;
        if (onPod !== undefined) {
          report(pod.manifest, path, `automountServiceAccountToken is ${show(onPod)}: the pod gets an API token`);
          continue;
        }
        const accountName = asString(pod.spec.serviceAccountName) ?? asString(pod.spec.serviceAccount) ?? 'default';
        const account = inventory.find('ServiceAccount', namespaceOf(pod.manifest.object), accountName);
        if (account?.object.automountServiceAccountToken === false) continue;
        const why = account ? `ServiceAccount ${accountName} does not set it to false either` : `ServiceAccount ${accountName} is not in the checked set`;
        report(pod.manifest, path, `the pod mounts an API token: automountServiceAccountToken is unset and ${why}`);
      }
    },
  },
  // CronJob settings whose defaults are unbounded or surprising.
  {
    id: 'cronjob-concurrency-policy',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob sets concurrencyPolicy explicitly.',
    hint: 'set spec.concurrencyPolicy: Forbid (or Replace / Allow, on purpose)',
    rationale: 'The default, Allow, starts a new run while the last one is still going: two backups writing the same file, two migrations at once.',
    run: requireCronJobField(['spec', 'concurrencyPolicy']),
  },
  {
    id: 'cronjob-starting-deadline',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob sets startingDeadlineSeconds.',
    hint: 'set spec.startingDeadlineSeconds (e.g. 300) so a missed run is skipped instead of started hours late',
    rationale: 'Without it, a controller outage can start a run at any later time, and after 100 missed schedules the CronJob stops scheduling altogether. kube-score cronjob-has-deadline.',
    run: requireCronJobField(['spec', 'startingDeadlineSeconds']),
  },
  {
    id: 'cronjob-active-deadline',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob\'s job template sets activeDeadlineSeconds.',
    hint: 'set spec.jobTemplate.spec.activeDeadlineSeconds to the longest a run may take',
    rationale: 'A hung run otherwise holds its pod (and with concurrencyPolicy Forbid, blocks every later run) forever.',
    run: requireCronJobField(['spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds']),
  },
  {
    id: 'cronjob-backoff-limit',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob\'s job template sets backoffLimit.',
    hint: 'set spec.jobTemplate.spec.backoffLimit (e.g. 2) to the retries the task can safely take',
    rationale: 'The default of 6 retries with exponential back-off can keep a failing run going for hours and repeat side effects.',
    run: requireCronJobField(['spec', 'jobTemplate', 'spec', 'backoffLimit']),
  },
  {
    id: 'cronjob-successful-history',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob sets successfulJobsHistoryLimit.',
    hint: 'set spec.successfulJobsHistoryLimit (e.g. 3)',
    rationale: 'History limits decide how many finished Jobs and pods stay around for debugging; writing them down makes the retention deliberate.',
    run: requireCronJobField(['spec', 'successfulJobsHistoryLimit']),
  },
  {
    id: 'cronjob-failed-history',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob sets failedJobsHistoryLimit.',
    hint: 'set spec.failedJobsHistoryLimit (e.g. 3) so failed runs stay available for debugging',
    rationale: 'History limits decide how many failed Jobs and their logs stay around for debugging; writing them down makes the retention deliberate.',
    run: requireCronJobField(['spec', 'failedJobsHistoryLimit']),
  },
  {
    id: 'cronjob-time-zone',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A CronJob sets an explicit timeZone that is a valid IANA zone name (and no CRON_TZ/TZ prefix in the schedule).',
    hint: 'set spec.timeZone to an IANA zone name (e.g. Etc/UTC or Europe/Berlin)',
    rationale: 'Without a time zone the schedule follows the controller manager\'s zone, which differs between clusters and changes with daylight saving.',
    run: requireCronJobField(['spec', 'timeZone'], checkScheduleZone),
  },
  {
    id: 'job-restart-policy',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Job and CronJob pods set restartPolicy Never or OnFailure.',
    hint: 'set restartPolicy: Never (let the Job retry with backoffLimit) or OnFailure in the pod template',
    rationale: 'A Job pod defaults to Always, which the API server rejects for Jobs. kube-score cronjob-restartpolicy.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        if (pod.kind !== 'Job' && pod.kind !== 'CronJob') continue;
        const policy = pod.spec.restartPolicy;
        if (policy !== 'Never' && policy !== 'OnFailure') {
          report(pod.manifest, [...pod.specPath, 'restartPolicy'], `restartPolicy is ${show(policy)}; a Job pod must use Never or OnFailure`);
        }
      }
    },
  },
  {
    id: 'job-ttl',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A Job sets ttlSecondsAfterFinished, unless a CronJob owns it (whose history limits clean up).',
    hint: 'set spec.ttlSecondsAfterFinished (e.g. 86400) so finished Jobs and their pods are removed',
    rationale: 'Finished Jobs and their pods otherwise stay forever, filling etcd and the namespace. kube-linter job-ttl-seconds-after-finished.',
    run(inventory, report) {
      for (const job of inventory.ofKind('Job')) {
        if (asRecord(job.object.spec)?.ttlSecondsAfterFinished !== undefined) continue;
        const owners = asArray(asRecord(job.object.metadata)?.ownerReferences);
        if (owners.some((owner) => asRecord(owner)?.kind === 'CronJob')) continue;
        report(job, ['spec', 'ttlSecondsAfterFinished'], 'ttlSecondsAfterFinished is not set and no CronJob owns this Job');
      }
    },
  },
];
