/**
 * The stack's alerts, one PrometheusRule per environment (`<stack>-alerts`) with one group
 * per concern: application (down, error rate, latency), database, resources, workloads,
 * backups. Every expression is scoped to the environment's namespace; thresholds and
 * metric names come from `stack.alerts`.
 */
import type { Backup } from '../model/operations-schema';
import type { ResolvedService } from '../model/schema';
import { anyOf, latencySeconds, num, promDurationSeconds, runbookUrl, selector, type ResolvedAlerts, type Rule, type RuleGroup } from './rules';

export interface AlertRulesInput {
  readonly namespace: string;
  /** Enabled services, by name. */
  readonly services: Readonly<Record<string, ResolvedService>>;
  readonly alerts: ResolvedAlerts;
  /** Stores with backups, their engine and resolved backup config. */
  readonly backups: readonly { store: string; engine: string; backup: Backup; restoreVerify: boolean }[];
}

function alert(
  alerts: ResolvedAlerts,
  name: string,
  severity: 'critical' | 'warning',
  expr: string,
  forDuration: string,
  summary: string,
  description: string,
): Rule {
  return {
    alert: name,
    expr,
    ...(forDuration === '0m' ? {} : { for: forDuration }),
    labels: { severity },
    annotations: { summary, description, runbook_url: runbookUrl(alerts, name) },
  };
}

export function alertRuleGroups(input: AlertRulesInput): RuleGroup[] {
  const { namespace, alerts } = input;
  const m = alerts.metrics;
  const ns = ['namespace', '=', namespace] as const;
  const groups: RuleGroup[] = [];
  const names = Object.keys(input.services).sort();

  // ------------------------------------------------------------ application
  const scraped = names.filter((n) => input.services[n].metrics && (input.services[n].type === 'web' || input.services[n].type === 'store'));
  const http = scraped.filter((n) => input.services[n].type === 'web');
  if (scraped.length) {
    const rules: Rule[] = [];
    const up = (job: string) => `up${selector([ns, ['job', '=', job]])}`;
    rules.push(
      alert(
        alerts,
        'ApplicationDown',
        'critical',
        [
          `sum by (namespace, job) (up${selector([ns, ['job', '=~', anyOf(scraped)]])}) == 0`,
          ...scraped.map((job) => `absent(${up(job)})`),
        ].join('\nor\n'),
        '2m',
        'No instance of {{ $labels.job }} in {{ $labels.namespace }} is up',
        'Prometheus has not scraped any instance of {{ $labels.job }} for 2 minutes: the service is likely down for users.',
      ),
    );
    if (http.length) {
      const jobs = ['job', '=~', anyOf(http)] as const;
      const errorRatio =
        `sum by (namespace, job) (rate(${m.requests}${selector([ns, jobs, [m.statusLabel, '=~', '5..']])}[5m]))\n` +
        `/\nsum by (namespace, job) (rate(${m.requests}${selector([ns, jobs])}[5m]))`;
      for (const [severity, percent] of [['warning', alerts.errorRateWarning], ['critical', alerts.errorRateCritical]] as const) {
        rules.push(
          alert(
            alerts,
            'HighErrorRate',
            severity,
            `(\n${errorRatio}\n) > ${num(percent / 100)}`,
            '5m',
            `{{ $labels.job }} answers more than ${num(percent)} % of requests with a 5xx`,
            `{{ $value | humanizePercentage }} of the requests to {{ $labels.job }} in {{ $labels.namespace }} failed with a 5xx over 5 minutes (threshold ${num(percent)} %).`,
          ),
        );
      }
      const p99 = `histogram_quantile(0.99, sum by (namespace, job, le) (rate(${m.duration}_bucket${selector([ns, jobs])}[5m])))`;
      for (const [severity, latency] of [['warning', alerts.latencyP99Warning], ['critical', alerts.latencyP99Critical]] as const) {
        rules.push(
          alert(
            alerts,
            'HighLatencyP99',
            severity,
            `${p99} > ${num(latencySeconds(latency))}`,
            '5m',
            `p99 latency of {{ $labels.job }} is above ${latency}`,
            `The 99th percentile request latency of {{ $labels.job }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} over 5 minutes (threshold ${latency}).`,
          ),
        );
      }
    }
    groups.push({ name: 'application', rules });
  }

  // ------------------------------------------------------------ database
  const postgres = input.backups.some((b) => b.engine === 'postgres') || names.some((n) => /(^|\/)postgres(ql)?:/.test(input.services[n].image ?? ""));
  if (postgres || http.length) {
    const rules: Rule[] = [];
    if (postgres) {
      // kube-state-metrics always sees the StatefulSet; an exporter (when one runs) also sees
      // a server that is up but refuses connections.
      const statefulSets = names.filter((n) => input.services[n].type === 'store' && /(^|\/)postgres(ql)?:/.test(input.services[n].image ?? ''));
      const ready = statefulSets.length
        ? `\nor\nkube_statefulset_status_replicas_ready${selector([ns, ['statefulset', '=~', anyOf(statefulSets)]])} == 0`
        : '';
      rules.push(
        alert(
          alerts,
          'DatabaseDown',
          'critical',
          `${m.databaseUp}${selector([ns])} == 0${ready}`,
          '2m',
          'Postgres in {{ $labels.namespace }} is down',
          'Postgres in {{ $labels.namespace }} has had no ready replica, or its exporter could not connect, for 2 minutes.',
        ),
      );
    }
    rules.push(
      alert(
        alerts,
        'DatabaseConnectionErrors',
        'warning',
        `sum by (namespace, job) (increase(${m.databaseConnectionErrors}${selector([ns])}[5m])) > 0`,
        '5m',
        '{{ $labels.job }} fails to connect to its database',
        '{{ $labels.job }} in {{ $labels.namespace }} counted {{ $value }} failed database connections in 5 minutes.',
      ),
    );
    groups.push({ name: 'database', rules });
  }

  // ------------------------------------------------------------ resources
  const container = [ns, ['container', '!=', ''], ['container', '!=', 'POD']] as const;
  groups.push({
    name: 'resources',
    rules: [
      alert(
        alerts,
        'HighCPUUsage',
        'warning',
        `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total${selector(container)}[5m]))\n/\n` +
          `sum by (namespace, pod, container) (kube_pod_container_resource_requests${selector([ns, ['resource', '=', 'cpu']])})\n` +
          `* 100 > ${num(alerts.cpuPercent)}`,
        '15m',
        'Container {{ $labels.container }} of {{ $labels.pod }} uses more than ' + `${num(alerts.cpuPercent)} % of its CPU request`,
        '{{ $labels.pod }}/{{ $labels.container }} in {{ $labels.namespace }} has used {{ $value | humanize }} % of its CPU request for 15 minutes.',
      ),
      alert(
        alerts,
        'HighMemoryUsage',
        'warning',
        `sum by (namespace, pod, container) (container_memory_working_set_bytes${selector(container)})\n/\n` +
          `sum by (namespace, pod, container) (kube_pod_container_resource_limits${selector([ns, ['resource', '=', 'memory']])})\n` +
          `* 100 > ${num(alerts.memoryPercent)}`,
        '15m',
        'Container {{ $labels.container }} of {{ $labels.pod }} uses more than ' + `${num(alerts.memoryPercent)} % of its memory limit`,
        '{{ $labels.pod }}/{{ $labels.container }} in {{ $labels.namespace }} has used {{ $value | humanize }} % of its memory limit for 15 minutes; it will be OOM-killed at 100 %.',
      ),
    ],
  });

  // ------------------------------------------------------------ workloads
  groups.push({
    name: 'workloads',
    rules: [
      alert(
        alerts,
        'PodCrashLooping',
        'warning',
        `increase(kube_pod_container_status_restarts_total${selector([ns])}[1h]) > ${alerts.restartsPerHour}`,
        '0m',
        'Container {{ $labels.container }} of {{ $labels.pod }} is crash looping',
        `{{ $labels.pod }}/{{ $labels.container }} in {{ $labels.namespace }} restarted {{ $value | humanize }} times in the last hour (threshold ${alerts.restartsPerHour}).`,
      ),
      alert(
        alerts,
        'DeploymentReplicasMismatch',
        'warning',
        `kube_deployment_spec_replicas${selector([ns])}\n!=\nkube_deployment_status_replicas_available${selector([ns])}`,
        '15m',
        'Deployment {{ $labels.deployment }} does not have the desired number of available replicas',
        'Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has had {{ $value }} desired replicas but a different number available for 15 minutes.',
      ),
      alert(
        alerts,
        'StatefulSetReplicasMismatch',
        'warning',
        `kube_statefulset_replicas${selector([ns])}\n!=\nkube_statefulset_status_replicas_ready${selector([ns])}`,
        '15m',
        'StatefulSet {{ $labels.statefulset }} does not have the desired number of ready replicas',
        'StatefulSet {{ $labels.statefulset }} in {{ $labels.namespace }} has had a different number of ready replicas than desired for 15 minutes.',
      ),
      alert(
        alerts,
        'HPAMaxedOut',
        'warning',
        // An HPA pinned to one size (min = max, e.g. in dev) is always "at its maximum": not news.
        `kube_horizontalpodautoscaler_status_current_replicas${selector([ns])}\n>=\nkube_horizontalpodautoscaler_spec_max_replicas${selector([ns])}\nunless\nkube_horizontalpodautoscaler_spec_min_replicas${selector([ns])}\n==\nkube_horizontalpodautoscaler_spec_max_replicas${selector([ns])}`,
        '15m',
        'Autoscaler {{ $labels.horizontalpodautoscaler }} runs at its maximum',
        'HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has run at maxReplicas ({{ $value }}) for 15 minutes: it cannot add capacity.',
      ),
      alert(
        alerts,
        'PDBNotEnoughHealthyPods',
        'warning',
        `kube_poddisruptionbudget_status_current_healthy${selector([ns])}\n<\nkube_poddisruptionbudget_status_desired_healthy${selector([ns])}`,
        '15m',
        'PodDisruptionBudget {{ $labels.poddisruptionbudget }} has fewer healthy pods than it needs',
        'PDB {{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} has had only {{ $value }} healthy pods, fewer than desired, for 15 minutes: node drains are blocked.',
      ),
      alert(
        alerts,
        'JobFailed',
        'warning',
        `kube_job_failed${selector([ns, ['condition', '=', 'true']])} > 0`,
        '15m',
        'Job {{ $labels.job_name }} failed',
        'Job {{ $labels.job_name }} in {{ $labels.namespace }} ended in the Failed condition; see its logs.',
      ),
    ],
  });

  // ------------------------------------------------------------ backups
  if (input.backups.length) {
    const stale = (cronjob: string, maxAge: string) => {
      const sel = selector([ns, ['cronjob', '=', cronjob]]);
      const seconds = promDurationSeconds(maxAge);
      return (
        `(time() - kube_cronjob_status_last_successful_time${sel} > ${seconds})\n` +
        `or\n(absent(kube_cronjob_status_last_successful_time${sel}) and on () (time() - kube_cronjob_created${sel} > ${seconds}))`
      );
    };
    const rules: Rule[] = [
      alert(
        alerts,
        'BackupStale',
        'critical',
        input.backups.map((b) => stale(`${b.store}-backup`, b.backup.maxAge)).join('\nor\n'),
        '0m',
        'Backup {{ $labels.cronjob }} has not succeeded recently',
        'The last successful run of backup CronJob {{ $labels.cronjob }} in {{ $labels.namespace }} is older than its maximum age (or it never succeeded).',
      ),
    ];
    const verified = input.backups.filter((b) => b.restoreVerify);
    if (verified.length) {
      rules.push(
        alert(
          alerts,
          'RestoreVerificationStale',
          'warning',
          verified.map((b) => stale(`${b.store}-restore-verify`, alerts.restoreVerifyMaxAge)).join('\nor\n'),
          '0m',
          'Restore verification {{ $labels.cronjob }} has not succeeded recently',
          `No restore verification of {{ $labels.cronjob }} in {{ $labels.namespace }} has succeeded within ${alerts.restoreVerifyMaxAge}: the latest backup is not proven restorable.`,
        ),
      );
    }
    groups.push({ name: 'backups', rules });
  }
  return groups;
}
