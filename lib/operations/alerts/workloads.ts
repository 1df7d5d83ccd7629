/**
 * `workloads`: crash loops, Deployments and StatefulSets short of replicas, autoscalers at
 * their maximum, disruption budgets blocking drains, failed Jobs. Always rendered.
 */
import { selector, type RuleGroup } from '../rules';
import { alert, type AlertContext } from './context';

export function workloadsGroup({ alerts, ns }: AlertContext): RuleGroup {
  return {
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
  };
}
