/**
 * What each service's own alerts are, after `services.<name>.alerts` tailored them: its metric
 * names, the thresholds, windows and `for` durations of its built-in alerts, the alerts switched
 * off, and which down alert suits its kind. The renderer (application.ts, custom.ts, slo-rules.ts)
 * and the overlay rules (lib/overlay/rules/alerts.ts) both read it, so they agree on the names.
 */
import type { CustomAlert, Severity } from '../../model/alerting-schema';
import type { ResolvedService, Service } from '../../model/schema';
import { traitsOf } from '../../model/service-kinds';
import { serviceMetricNames, type ResolvedAlerts, type ServiceMetricNames } from '../rules';

export interface Levels<T> {
  readonly warning: T;
  readonly critical: T;
  readonly window: string;
  readonly for: string;
}

/** Which down alert a service gets: scraped → `up`; a Deployment without a scrape → kube-state-metrics; an external database → its clients. */
export type DownKind = 'ApplicationDown' | 'WorkloadUnavailable' | 'ExternalDatabaseUnreachable';

export interface ServiceAlertSettings {
  readonly metrics: ServiceMetricNames;
  readonly errorRate: Levels<number>;
  readonly latency: Levels<string> & { readonly percentile: number; readonly alert: string };
  readonly down?: { readonly alert: DownKind; readonly for: string; readonly severity: Severity };
  /** Alert name → why it is off. */
  readonly disabled: Readonly<Record<string, string>>;
  readonly rules: readonly CustomAlert[];
}

/** Port names of an `external` service that make it a database its clients count connection errors to. */
const DATABASE_PORTS = /^(postgres|postgresql|pg|mysql|mariadb|redis|mongodb|mongo)$/;

/** Scraped through a ServiceMonitor: its `job` label is the service name (up, request metrics). */
export function isScraped(service: Service): boolean {
  return Boolean(service.metrics) && traitsOf(service).monitor === 'ServiceMonitor';
}

/** The clients of `name` (services that depend on it) that are scraped, in name order. */
export function scrapedClients(name: string, services: Readonly<Record<string, Service>>): string[] {
  return Object.keys(services)
    .sort()
    .filter((n) => services[n].enabled !== false && services[n].dependsOn?.includes(name) && isScraped(services[n]));
}

export function downKind(name: string, services: Readonly<Record<string, Service>>): DownKind | undefined {
  const service = services[name];
  const traits = traitsOf(service);
  if (isScraped(service)) return 'ApplicationDown';
  if (traits.workload === 'Deployment' && traits.longRunning) return 'WorkloadUnavailable';
  if (traits.outsideCluster && Object.keys(service.ports ?? {}).some((p) => DATABASE_PORTS.test(p)) && scrapedClients(name, services).length) {
    return 'ExternalDatabaseUnreachable';
  }
  return undefined;
}

const DOWN_DEFAULTS: Readonly<Record<DownKind, { for: string; severity: Severity }>> = {
  ApplicationDown: { for: '2m', severity: 'critical' },
  WorkloadUnavailable: { for: '5m', severity: 'critical' },
  ExternalDatabaseUnreachable: { for: '5m', severity: 'warning' },
};

export function serviceAlertSettings(alerts: ResolvedAlerts, name: string, services: Readonly<Record<string, Service>>): ServiceAlertSettings {
  const service = services[name];
  const own = service.alerts ?? {};
  const percentile = own.latency?.percentile ?? 99;
  const down = downKind(name, services);
  return {
    metrics: serviceMetricNames(alerts, service),
    errorRate: {
      warning: own.errorRate?.warning ?? alerts.errorRateWarning,
      critical: own.errorRate?.critical ?? alerts.errorRateCritical,
      window: own.errorRate?.window ?? '5m',
      for: own.errorRate?.for ?? '5m',
    },
    latency: {
      percentile,
      alert: `HighLatencyP${percentile}`,
      warning: own.latency?.warning ?? alerts.latencyP99Warning,
      critical: own.latency?.critical ?? alerts.latencyP99Critical,
      window: own.latency?.window ?? '5m',
      for: own.latency?.for ?? '5m',
    },
    ...(down ? { down: { alert: down, for: own.down?.for ?? DOWN_DEFAULTS[down].for, severity: own.down?.severity ?? DOWN_DEFAULTS[down].severity } } : {}),
    disabled: own.disable ?? {},
    rules: own.rules ?? [],
  };
}

/** The built-in alerts a service has (before any is switched off), in the order they render. */
export function builtInAlertsOf(alerts: ResolvedAlerts, name: string, services: Readonly<Record<string, Service>>): string[] {
  const settings = serviceAlertSettings(alerts, name, services);
  const http = isScraped(services[name]) && traitsOf(services[name]).http;
  return [...(settings.down ? [settings.down.alert] : []), ...(http ? ['HighErrorRate', settings.latency.alert] : [])];
}

/** The enabled services as the alerts see them. */
export type AlertServices = Readonly<Record<string, ResolvedService>>;
