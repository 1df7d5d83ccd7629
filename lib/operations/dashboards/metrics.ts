/**
 * Which metrics a dashboard may query, and the names of the services' own metrics.
 *
 * A panel reads only what something in the stack provides: kube-state-metrics and cAdvisor
 * (every cluster kube-prometheus-stack runs), Prometheus itself (`up`), the blackbox exporter
 * behind the uptime Probes, the CloudNativePG instances (their PodMonitor), the metric names the
 * overlay declares for its services, and the series the stack's PrometheusRules record.
 * test/dashboards.test.ts parses every panel query and holds it to this list.
 */
import type { ResolvedService, Stack } from '../../model/schema';
import { resolveAlerts } from '../rules';

/** Metric names of one service's HTTP instrumentation and its database clients. */
export interface ServiceMetricNames {
  /** Counter of requests (`http_requests_total`). */
  readonly requests: string;
  /** Label of `requests` holding the status code. */
  readonly statusLabel: string;
  /** Histogram of request durations in seconds, without `_bucket`. */
  readonly duration: string;
  /** Gauge that is 0 when the database exporter cannot connect. */
  readonly databaseUp: string;
  /** Counter of failed database connections. */
  readonly databaseConnectionErrors: string;
}

/**
 * The metric names the dashboards read for a service. Today they are the stack's
 * (`stack.alerts.metrics`, the single place the alert rules take them from); a stack that
 * names metrics per service switches this one function.
 */
export function serviceMetricNames(stack: Stack, _service?: string): ServiceMetricNames {
  return resolveAlerts(stack.stack.alerts).metrics;
}

/** Every metric name a service's own instrumentation provides, as declared by the overlay. */
export function declaredServiceMetrics(stack: Stack, name: string, service: ResolvedService): string[] {
  const m = serviceMetricNames(stack, name);
  const out = [m.requests, `${m.duration}_bucket`, `${m.duration}_count`, `${m.duration}_sum`, m.databaseUp, m.databaseConnectionErrors];
  // A metric an HPA scales on exists in Prometheus (the metrics adapter serves it from there).
  for (const custom of service.autoscaling?.custom ?? []) out.push(custom.metric);
  return out;
}

/** kube-state-metrics series the dashboards read. */
export const KUBE_STATE_METRICS = [
  'kube_cronjob_created',
  'kube_cronjob_status_last_successful_time',
  'kube_deployment_spec_replicas',
  'kube_deployment_status_replicas_available',
  'kube_horizontalpodautoscaler_spec_max_replicas',
  'kube_horizontalpodautoscaler_spec_min_replicas',
  'kube_horizontalpodautoscaler_status_current_replicas',
  'kube_horizontalpodautoscaler_status_desired_replicas',
  'kube_job_failed',
  'kube_pod_container_resource_limits',
  'kube_pod_container_resource_requests',
  'kube_pod_container_status_restarts_total',
  'kube_poddisruptionbudget_status_current_healthy',
  'kube_poddisruptionbudget_status_desired_healthy',
  'kube_statefulset_replicas',
  'kube_statefulset_status_replicas_ready',
] as const;

/** cAdvisor (the kubelet) series. */
export const CADVISOR_METRICS = ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'] as const;

/** Series Prometheus writes for every scrape target. */
export const PROMETHEUS_METRICS = ['up'] as const;

/** The blackbox exporter's probe results (the uptime Probes). */
export const BLACKBOX_METRICS = ['probe_duration_seconds', 'probe_http_status_code', 'probe_ssl_earliest_cert_expiry', 'probe_success'] as const;

/** CloudNativePG instance metrics (default monitoring queries and the collector; the PodMonitor `<store>` scrapes them). */
export const CLOUDNATIVE_PG_METRICS = [
  'cnpg_backends_total',
  'cnpg_collector_last_available_backup_timestamp',
  'cnpg_collector_up',
  'cnpg_pg_replication_in_recovery',
  'cnpg_pg_replication_lag',
  'cnpg_pg_stat_archiver_seconds_since_last_archival',
] as const;

/** KEDA's operator: the value each ScaledObject trigger last read (a queue's length), by `scaledObject` and `triggerIndex`. */
export const KEDA_METRICS = ['keda_scaler_metrics_value'] as const;

/** What the stack's exporters provide, by exporter, given what the environment renders. */
export interface ExportedMetricsInput {
  readonly stack: Stack;
  readonly services: Readonly<Record<string, ResolvedService>>;
  /** The environment renders uptime Probes. */
  readonly probes: boolean;
  /** The environment runs a Postgres store with CloudNativePG (scraped by its PodMonitor). */
  readonly cloudNativePg: boolean;
}

export function exportedMetrics(input: ExportedMetricsInput): Set<string> {
  const names = new Set<string>([...KUBE_STATE_METRICS, ...CADVISOR_METRICS, ...PROMETHEUS_METRICS]);
  if (input.probes) for (const n of BLACKBOX_METRICS) names.add(n);
  if (input.cloudNativePg) for (const n of CLOUDNATIVE_PG_METRICS) names.add(n);
  if (Object.values(input.services).some((s) => s.keda)) for (const n of KEDA_METRICS) names.add(n);
  for (const [name, service] of Object.entries(input.services)) for (const n of declaredServiceMetrics(input.stack, name, service)) names.add(n);
  return names;
}
