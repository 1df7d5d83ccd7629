/** What the dashboards are built from: one environment's stack and what Operations renders for it. */
import type { ResolvedService, Stack } from '../../model/schema';
import type { PublicEndpoint } from '../uptime';

export interface DashboardInput {
  readonly stack: Stack;
  /** The environment's namespace (the `namespace` variable). */
  readonly namespace: string;
  /** Enabled services, by name in name order. */
  readonly services: Readonly<Record<string, ResolvedService>>;
  /** Stores with a backup CronJob `<store>-backup`, and whether `<store>-restore-verify` runs. */
  readonly backups: readonly { readonly store: string; readonly restoreVerify: boolean }[];
  /** Postgres stores CloudNativePG runs (scraped by their PodMonitor), and whether `<store>-restore-verify` runs. */
  readonly postgres: readonly { readonly store: string; readonly restoreVerify: boolean }[];
  /** Public endpoints the uptime Probes check (none when uptime is off). */
  readonly endpoints: readonly PublicEndpoint[];
}
