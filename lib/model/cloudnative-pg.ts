/**
 * Facts about a Postgres store run by CloudNativePG (`postgres.operator: cloudnative-pg`),
 * shared by the pattern, the network policies, the clients' environment and the alerts.
 *
 * Names the operator derives from the Cluster name `<store>`: Services `<store>-rw`
 * (primary), `<store>-ro` (standbys), `<store>-r` (any); Secret `<store>-app` (keys
 * `username`, `password`, `host`, `port`, `dbname`, `uri`, ...); pods `<store>-<n>` labelled
 * `cnpg.io/cluster: <store>`.
 */
import { durationSeconds } from './duration';
import type { PoolerSettings, PostgresSettings } from './postgres-schema';
import type { Service } from './schema';

/** A `postgres` block with every schema default filled in. */
export type ResolvedPostgres = Required<Pick<PostgresSettings, 'operatorNamespace' | 'apiServerCidr' | 'instances' | 'database' | 'owner' | 'rpo' | 'rto'>> &
  PostgresSettings;

export const CNPG_POSTGRES_PORT = 5432;
/** The instance manager's status port: the operator calls it. */
export const CNPG_STATUS_PORT = 8000;
/** The instance manager's metrics port (`metrics`). */
export const CNPG_METRICS_PORT = 9187;
/** PgBouncer's port in a Pooler pod (5432 too). */
export const CNPG_POOLER_PORT = 5432;
/** The Barman Cloud plugin's name, as the Cluster's `plugins` list names it. */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';
/** The API server: the instance manager watches its Cluster (443 behind the `kubernetes` Service, 6443 on the control plane). */
export const KUBERNETES_API_PORTS = [443, 6443] as const;

export const POSTGRES_DEFAULTS = {
  operatorNamespace: 'cnpg-system',
  apiServerCidr: '0.0.0.0/0',
  instances: 1,
  database: 'app',
  owner: 'app',
  rpo: '5m',
  rto: '30m',
} as const;

export const POOLER_DEFAULTS: Required<PoolerSettings> = {
  enabled: true,
  instances: 2,
  poolMode: 'transaction',
  maxClientConnections: 1000,
  defaultPoolSize: 20,
};

/** The store's `postgres` block when CloudNativePG runs it, with defaults; `undefined` otherwise. */
export function cloudNativePg(service: Pick<Service, 'postgres'>): ResolvedPostgres | undefined {
  const pg = service.postgres;
  if (pg?.operator !== 'cloudnative-pg') return undefined;
  return { ...POSTGRES_DEFAULTS, ...pg };
}

/** Quorum synchronous replication: asked for, or by default with 3 or more instances. */
export function synchronousStandbys(pg: ResolvedPostgres): number {
  const on = pg.synchronous ?? pg.instances >= 3;
  // A quorum of half the standbys (at least one), so one standby may be lost without blocking commits.
  return on ? Math.max(1, Math.floor((pg.instances - 1) / 2)) : 0;
}

/** The pooler settings when it is on. */
export function poolerOf(pg: ResolvedPostgres): Required<PoolerSettings> | undefined {
  if (!pg.pooler || pg.pooler.enabled === false) return undefined;
  return { ...POOLER_DEFAULTS, ...pg.pooler };
}

export const poolerName = (store: string) => `${store}-pooler-rw`;
export const objectStoreName = (store: string) => `${store}-backups`;
export const scheduledBackupName = (store: string) => `${store}-daily`;
export const appSecretName = (store: string) => `${store}-app`;
export const restoreVerifyCluster = (store: string) => `${store}-restore-verify`;

/** Where read-write clients connect: the pooler when there is one, else the primary's Service. */
export function readWriteHost(store: string, pg: ResolvedPostgres): string {
  return poolerOf(pg) ? poolerName(store) : `${store}-rw`;
}

/** `archive_timeout` as Postgres takes it (seconds with a unit). */
export function archiveTimeout(pg: ResolvedPostgres): string {
  return `${durationSeconds(pg.rpo)}s`;
}

/** An environment variable: a plain value or a reference to a Secret's key (the shape of a k8s EnvVar). */
export type ConnectionEnv =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } };

/** Variables a client of a CloudNativePG store gets (the overlay must not set them itself). */
export const CONNECTION_ENV = ['DATABASE_URL', 'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_READ_HOST'] as const;

/**
 * The connection of a client to the CloudNativePG store it `dependsOn`: `DATABASE_URL` from the
 * operator's Secret `<store>-app` (key `uri`, which names the primary's Service `<store>-rw`),
 * and `DATABASE_HOST`/`DATABASE_PORT`: where to connect for pooled connections (the pooler
 * `<store>-pooler-rw` when there is one, else `<store>-rw`); with standbys, `DATABASE_READ_HOST`
 * `<store>-ro` for read-only queries (same credentials). Nothing secret is a literal.
 */
export function connectionEnv(stack: { readonly services: Readonly<Record<string, Service>> }, service: Service): ConnectionEnv[] {
  const store = (service.dependsOn ?? []).find((dep) => stack.services[dep]?.enabled !== false && cloudNativePg(stack.services[dep]));
  if (!store) return [];
  const pg = cloudNativePg(stack.services[store])!;
  return [
    { name: 'DATABASE_HOST', value: readWriteHost(store, pg) },
    { name: 'DATABASE_PORT', value: String(CNPG_POSTGRES_PORT) },
    ...(pg.instances > 1 ? [{ name: 'DATABASE_READ_HOST', value: `${store}-ro` }] : []),
    { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: appSecretName(store), key: 'uri' } } },
  ];
}
