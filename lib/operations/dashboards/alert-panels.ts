/**
 * Which panel shows each alert: the `dashboard` annotation of the alert rules links there
 * (index.ts `dashboardLinks`), and each runbook names it (lib/operations/runbooks.ts).
 */
import { PANEL_TITLES, type PanelKey } from './system-health';

/**
 * The System Health panel that shows each alert (panel keys of system-health.ts). The
 * runbooks name the panel by its title (docs/runbooks/<Alert>.md, "Dashboard").
 */
export const ALERT_PANELS: Readonly<Record<string, PanelKey>> = {
  ApplicationDown: 'targetsUp',
  HighErrorRate: 'errorRatio',
  HighLatencyP99: 'latency',
  // A service's tailored percentile (`services.<name>.alerts.latency.percentile`) shows on the same panel.
  HighLatencyP95: 'latency',
  HighLatencyP90: 'latency',
  HighLatencyP50: 'latency',
  WorkloadUnavailable: 'replicas',
  ExternalDatabaseUnreachable: 'databaseConnectionErrors',
  DatabaseDown: 'storeReplicas',
  DatabaseConnectionErrors: 'databaseConnectionErrors',
  HighCPUUsage: 'cpu',
  HighMemoryUsage: 'memory',
  PodCrashLooping: 'restarts',
  DeploymentReplicasMismatch: 'replicas',
  StatefulSetReplicasMismatch: 'replicas',
  HPAMaxedOut: 'hpa',
  PDBNotEnoughHealthyPods: 'pdb',
  JobFailed: 'failedJobs',
  BackupStale: 'backupAge',
  RestoreVerificationStale: 'restoreVerifyAge',
  PostgresWalArchivingFailing: 'postgresWal',
  PostgresWalArchivingLagging: 'postgresWal',
  PostgresBaseBackupMissing: 'postgresWal',
  PostgresRestoreVerificationFailed: 'failedJobs',
  PostgresRestoreVerificationStale: 'restoreVerifyAge',
  PostgresFailover: 'postgresReplicationLag',
  EndpointDown: 'uptime',
  EndpointCertificateExpiring: 'certificateExpiry',
  // cert-manager's view of the same certificates the probes see served.
  CertificateExpiringSoon: 'certificateExpiry',
  CertificateNotReady: 'certificateExpiry',
};

/** Alerts with a label naming the service, by that label (the link selects the service in the `service` variable). */
export const SERVICE_LABEL: Readonly<Record<string, string>> = {
  ApplicationDown: 'job',
  HighErrorRate: 'job',
  HighLatencyP99: 'job',
  HighLatencyP95: 'job',
  HighLatencyP90: 'job',
  HighLatencyP50: 'job',
  DatabaseConnectionErrors: 'job',
  EndpointDown: 'service',
  EndpointCertificateExpiring: 'service',
};

/** SLO alerts link to their SLO's burn-rate panel on the SLO dashboard. */
const SLO_ALERTS = /^ErrorBudgetBurn|^SLOLatencyBucketMissing$/;

/** The runbook's sentence saying where the alert shows, or undefined when no panel shows it. */
export function alertDashboardText(alert: string): string | undefined {
  if (SLO_ALERTS.test(alert)) {
    return 'Dashboard **SLOs** (`<grafanaUrl>/d/<namespace>-slo`), the row of the service and SLO (`slo` label), panel **Burn rate by window**: the alert\'s `dashboard` annotation opens it.';
  }
  const key = ALERT_PANELS[alert];
  if (!key) return undefined;
  const service = SERVICE_LABEL[alert] ? ', with the alert\'s service selected' : '';
  return `Dashboard **System Health** (\`<grafanaUrl>/d/<namespace>-system-health\`), panel **${PANEL_TITLES[key]}**: the alert's \`dashboard\` annotation opens it${service}.`;
}
