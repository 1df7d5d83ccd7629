/**
 * `stack.monitoring.dashboards`, `grafanaUrl` and `uptime` with every default filled in
 * (ajv fills them for overlays; programmatic callers get them here too).
 */
import { DASHBOARD_DEFAULTS, GRAFANA_URL_DEFAULT, UPTIME_DEFAULTS } from '../../model/observability-schema';
import type { Stack } from '../../model/schema';

export interface DashboardSettings {
  readonly enabled: boolean;
  /** Namespace of the ConfigMaps. */
  readonly namespace: string;
  readonly label: string;
  readonly labelValue: string;
  readonly folderAnnotation: string;
  readonly folder: string;
  /** Without a trailing slash. */
  readonly grafanaUrl: string;
}

export interface UptimeSettings {
  readonly enabled: boolean;
  readonly proberUrl: string;
  readonly module: string;
  readonly interval: string;
  readonly certificateExpiryDays: number;
}

export function dashboardSettings(stack: Stack): DashboardSettings {
  const monitoring = stack.stack.monitoring;
  const d = monitoring?.dashboards;
  return {
    enabled: d?.enabled ?? DASHBOARD_DEFAULTS.enabled,
    namespace: d?.namespace ?? stack.stack.namespace,
    label: d?.label ?? DASHBOARD_DEFAULTS.label,
    labelValue: d?.labelValue ?? DASHBOARD_DEFAULTS.labelValue,
    folderAnnotation: d?.folderAnnotation ?? DASHBOARD_DEFAULTS.folderAnnotation,
    folder: d?.folder ?? stack.stack.name,
    grafanaUrl: (monitoring?.grafanaUrl ?? GRAFANA_URL_DEFAULT).replace(/\/+$/, ''),
  };
}

export function uptimeSettings(stack: Stack): UptimeSettings {
  const u = stack.stack.monitoring?.uptime;
  return {
    enabled: u?.enabled ?? UPTIME_DEFAULTS.enabled,
    proberUrl: u?.proberUrl ?? UPTIME_DEFAULTS.proberUrl,
    module: u?.module ?? UPTIME_DEFAULTS.module,
    interval: u?.interval ?? UPTIME_DEFAULTS.interval,
    certificateExpiryDays: u?.certificateExpiryDays ?? UPTIME_DEFAULTS.certificateExpiryDays,
  };
}
