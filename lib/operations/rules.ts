/**
 * Shared pieces of the PrometheusRules: the rule shapes, label matchers, number and
 * duration formatting, and the runbook link of an alert.
 */
import type { MetricPreset, ServiceAlerts } from '../model/alerting-schema';
import type { AlertThresholds } from '../model/operations-schema';

export interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: Rule[];
}

/** Every field filled: ajv applies the schema defaults, this does it for programmatic callers too. */
export type ResolvedAlerts = Required<Omit<AlertThresholds, 'metrics'>> & { metrics: Required<AlertThresholds['metrics']> };

export const ALERT_DEFAULTS: ResolvedAlerts = {
  runbookBaseUrl: 'https://github.com/acme/cdk8s-stack/blob/main/docs/runbooks',
  errorRateWarning: 1,
  errorRateCritical: 5,
  latencyP99Warning: '2s',
  latencyP99Critical: '5s',
  cpuPercent: 80,
  memoryPercent: 85,
  restartsPerHour: 3,
  restoreVerifyMaxAge: '8d',
  metrics: {
    requests: 'http_requests_total',
    statusLabel: 'status',
    duration: 'http_request_duration_seconds',
    databaseUp: 'pg_up',
    databaseConnectionErrors: 'db_connection_errors_total',
  },
};

export function resolveAlerts(alerts: Partial<AlertThresholds> | undefined): ResolvedAlerts {
  return { ...ALERT_DEFAULTS, ...alerts, metrics: { ...ALERT_DEFAULTS.metrics, ...alerts?.metrics } } as ResolvedAlerts;
}

/** The metric names of one service's requests, as its alerts, SLO rules (and dashboards) read them. */
export interface ServiceMetricNames {
  /** Counter of requests. */
  readonly requests: string;
  /** Label of `requests` holding the status (HTTP code, gRPC code). */
  readonly statusLabel: string;
  /** Regex of the `statusLabel` values that are errors. */
  readonly errorValues: string;
  /** Histogram of request durations in seconds (without `_bucket`). */
  readonly duration: string;
  /** Other metrics the service says it exports (`alerts.metrics.extra`). */
  readonly extra: readonly string[];
}

/** Server-side failures of gRPC (the codes a client cannot cause). */
export const GRPC_ERROR_CODES = 'Unknown|DeadlineExceeded|Internal|Unavailable|DataLoss';

const PRESETS: Readonly<Record<Exclude<MetricPreset, 'prometheus'>, Omit<ServiceMetricNames, 'extra'>>> = {
  opentelemetry: {
    requests: 'http_server_request_duration_seconds_count',
    statusLabel: 'http_response_status_code',
    errorValues: '5..',
    duration: 'http_server_request_duration_seconds',
  },
  grpc: { requests: 'grpc_server_handled_total', statusLabel: 'grpc_code', errorValues: GRPC_ERROR_CODES, duration: 'grpc_server_handling_seconds' },
};

/**
 * THE metric names of one service (`services.<name>.alerts.metrics` over its preset over
 * `stack.alerts.metrics`): error-ratio and latency alerts, SLO rules and dashboards read these.
 */
export function serviceMetricNames(alerts: ResolvedAlerts, service?: { readonly alerts?: ServiceAlerts }): ServiceMetricNames {
  const own = service?.alerts?.metrics ?? {};
  const preset = own.preset && own.preset !== 'prometheus'
    ? PRESETS[own.preset]
    : { requests: alerts.metrics.requests, statusLabel: alerts.metrics.statusLabel, errorValues: '5..', duration: alerts.metrics.duration };
  return {
    requests: own.requests ?? preset.requests,
    statusLabel: own.statusLabel ?? preset.statusLabel,
    errorValues: own.errorValues ?? preset.errorValues,
    duration: own.duration ?? preset.duration,
    extra: own.extra ?? [],
  };
}

/** A number as PromQL reads it, without binary floating point noise (`0.0144`, not `0.014400000000000001`). */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** `500ms` → 0.5, `2s` → 2, `1.5s` → 1.5 (seconds). */
export function latencySeconds(value: string): number {
  const ms = /^([0-9]+)ms$/.exec(value);
  if (ms) return Number(ms[1]) / 1000;
  const s = /^([0-9]+(?:\.[0-9]+)?)s$/.exec(value);
  if (!s) throw new Error(`not a latency: ${JSON.stringify(value)}`);
  return Number(s[1]);
}

/** Seconds of a Prometheus duration like `26h` or `8d`. */
export function promDurationSeconds(value: string): number {
  const m = /^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?$/.exec(value);
  if (!m || value === '') throw new Error(`not a duration: ${JSON.stringify(value)}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60;
}

/** A Prometheus duration in words: `2m` → `2 minutes`, `1h30m` → `1 hour 30 minutes`. */
export function spokenDuration(value: string): string {
  const m = /^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?$/.exec(value);
  if (!m || value === '') return value;
  const parts = [[m[1], 'day'], [m[2], 'hour'], [m[3], 'minute']] as const;
  return parts.filter(([n]) => n !== undefined).map(([n, unit]) => `${Number(n)} ${unit}${Number(n) === 1 ? '' : 's'}`).join(' ');
}

/** A PromQL string literal. */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** `{a="x", b=~"y"}` from matchers, in the order given. */
export function selector(matchers: readonly (readonly [string, string, string])[]): string {
  return `{${matchers.map(([label, op, value]) => `${label}${op}${str(value)}`).join(', ')}}`;
}

/**
 * The `le` bucket label of a histogram bound. Client libraries print bounds differently
 * (Go `2`, Python `2.0`), so integer bounds match both.
 */
export function leRegex(seconds: number): string {
  const text = num(seconds);
  const escaped = text.replace('.', '\\.');
  return Number.isInteger(seconds) ? `${escaped}(\\.0+)?` : `${escaped}0*`;
}

/** Regex matching exactly the given names. */
export function anyOf(names: readonly string[]): string {
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

export function runbookUrl(alerts: ResolvedAlerts, alert: string): string {
  return `${alerts.runbookBaseUrl.replace(/\/+$/, '')}/${alert}.md`;
}
