/** `resources`: a container runs close to its CPU request or its memory limit. Always rendered. */
import { num, selector, type RuleGroup } from '../rules';
import { alert, type AlertContext } from './context';

export function resourcesGroup({ alerts, ns }: AlertContext): RuleGroup {
  // Real containers only: not the pod-level cgroup (`container=""`) nor the pause container.
  const container = [ns, ['container', '!=', ''], ['container', '!=', 'POD']] as const;
  return {
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
  };
}
