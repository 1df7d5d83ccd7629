/**
 * What every alert group reads: the environment's services and backups, the thresholds, and
 * the alert shape (severity, summary, description and a runbook link on every alert).
 */
import type { Backup } from '../../model/operations-schema';
import type { ResolvedPostgres } from '../../model/cloudnative-pg';
import type { ResolvedService } from '../../model/schema';
import { traitsOf } from '../../model/service-kinds';
import { runbookUrl, type ResolvedAlerts, type Rule, type RuleGroup } from '../rules';

/** A stack's backup as the alerts see it. */
export interface BackupAlertInput {
  readonly store: string;
  readonly engine: string;
  readonly backup: Backup;
  /** A restore verification CronJob runs for it. */
  readonly restoreVerify: boolean;
}

/** A Postgres store CloudNativePG runs, as the alerts see it. */
export interface PostgresAlertInput {
  readonly store: string;
  readonly postgres: ResolvedPostgres;
  readonly backup: Backup;
  /** A restore verification CronJob `<store>-restore-verify` runs for it. */
  readonly restoreVerify: boolean;
}

export interface AlertRulesInput {
  readonly namespace: string;
  /** Enabled services, by name. */
  readonly services: Readonly<Record<string, ResolvedService>>;
  readonly alerts: ResolvedAlerts;
  /** Stores with backups, their engine and resolved backup config. */
  readonly backups: readonly BackupAlertInput[];
  /** Postgres stores CloudNativePG runs (with backups to an object store). @default - none */
  readonly postgres?: readonly PostgresAlertInput[];
  /** The cert-manager Certificates the stack renders, and how long before expiry they renew. @default - none */
  readonly certificates?: { readonly names: readonly string[]; readonly renewBeforeSeconds: number };
}

/** A label matcher: `[label, operator, value]`. */
export type Matcher = readonly [string, string, string];

export interface AlertContext {
  readonly input: AlertRulesInput;
  readonly alerts: ResolvedAlerts;
  /** Every expression is scoped to the environment's namespace. */
  readonly ns: Matcher;
  /** The enabled services' names, sorted. */
  readonly names: readonly string[];
  /** Services scraped through a ServiceMonitor (their `job` label is the service name), with `metrics`. */
  readonly scraped: readonly string[];
  /** Of `scraped`, those answering HTTP requests. */
  readonly http: readonly string[];
}

/** One alert group of the stack's PrometheusRule; `undefined` when nothing in the stack needs it. */
export type AlertGroup = (ctx: AlertContext) => RuleGroup | undefined;

export function alertContext(input: AlertRulesInput): AlertContext {
  const names = Object.keys(input.services).sort();
  const scraped = names.filter((n) => input.services[n].metrics && traitsOf(input.services[n]).monitor === 'ServiceMonitor');
  return {
    input,
    alerts: input.alerts,
    ns: ['namespace', '=', input.namespace],
    names,
    scraped,
    http: scraped.filter((n) => traitsOf(input.services[n]).http),
  };
}

/** An alert with its severity label, its text and its runbook; `for` is left out when it is `0m`. */
export function alert(
  alerts: ResolvedAlerts,
  name: string,
  severity: 'critical' | 'warning' | 'info',
  expr: string,
  forDuration: string,
  summary: string,
  description: string,
  labels: Readonly<Record<string, string>> = {},
): Rule {
  return {
    alert: name,
    expr,
    ...(forDuration === '0m' ? {} : { for: forDuration }),
    labels: { severity, ...labels },
    annotations: { summary, description, runbook_url: runbookUrl(alerts, name) },
  };
}
