/**
 * Shared pieces of the PrometheusRules: the rule shapes, label matchers, number and
 * duration formatting, and the runbook link of an alert.
 */
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
