/**
 * The stack's alert groups, each on its own: which services and backups make a group render,
 * and which alerts it holds. Inputs are built in code.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedService } from '../../lib/model/schema';
import { ALERT_GROUPS, alertRuleGroups, type AlertRulesInput, type BackupAlertInput } from '../../lib/operations/alert-rules';
import { ALERT_DEFAULTS, resolveAlerts, type RuleGroup } from '../../lib/operations/rules';
import { NIGHTLY_BACKUP, POSTGRES_STORE, REDIS_STORE, resolvedService } from './services';

const API = resolvedService({ type: 'web', image: 'ghcr.io/acme/api:1.0', ports: { http: 8000 }, metrics: { path: '/metrics', port: 'http' } });
const WORKER = resolvedService({ type: 'worker', image: 'ghcr.io/acme/api:1.0', metrics: { path: '/metrics', port: 'metrics' } });

/** The alert groups of a stack with these services (and backups), in namespace `shop-dev`. */
function groupsOf(services: Record<string, ResolvedService>, backups: BackupAlertInput[] = [], alerts = resolveAlerts(undefined)): RuleGroup[] {
  const input: AlertRulesInput = { namespace: 'shop-dev', services, alerts, backups };
  return alertRuleGroups(input);
}
const group = (groups: RuleGroup[], name: string) => groups.find((g) => g.name === name);
const alertNames = (g: RuleGroup | undefined) => g?.rules.map((r) => `${r.alert}/${r.labels?.severity}`);

describe('alert groups', () => {
  it('lists application, database, resources, workloads, backups, cloudnative-pg and custom, in that order', () => {
    // GIVEN a stack with an HTTP service, a Postgres store and its backup
    const groups = groupsOf({ api: API, postgres: POSTGRES_STORE }, [{ store: 'postgres', engine: 'postgres', backup: NIGHTLY_BACKUP, restoreVerify: true }]);
    // THEN every group renders, in the list's order
    expect(groups.map((g) => g.name)).toStrictEqual(['application', 'database', 'resources', 'workloads', 'backups']);
    // (cloudnative-pg renders only with a CloudNativePG store: test/operations/cloudnative-pg-alerts.test.ts;
    // certificates only with the Certificates of a Gateway the stack renders: below; custom only with a
    // service's own alert rules: test/tailored-alerts.test.ts)
    expect(ALERT_GROUPS).toHaveLength(8);
  });

  it('watches the certificates the stack renders: close to expiry (half of renewBefore) and not ready', () => {
    const groups = alertRuleGroups({
      namespace: 'shop-dev', services: { api: API }, alerts: resolveAlerts(undefined), backups: [],
      certificates: { names: ['api-tls', 'admin-tls'], renewBeforeSeconds: 30 * 86400 },
    });
    const certificates = group(groups, 'certificates');
    expect(alertNames(certificates)).toStrictEqual(['CertificateExpiringSoon/warning', 'CertificateNotReady/critical']);
    expect(certificates!.rules[0].expr).toBe('certmanager_certificate_expiration_timestamp_seconds{namespace="shop-dev", name=~"api-tls|admin-tls"} - time() < 1296000');
  });

  it('renders only resources and workloads for a stack with nothing scraped, no Deployment, no database and no backups', () => {
    expect(groupsOf({ redis: REDIS_STORE }).map((g) => g.name)).toStrictEqual(['resources', 'workloads']);
    // a worker nobody scrapes is still watched: by its Deployment's available replicas
    const worker = groupsOf({ worker: resolvedService({ type: 'worker', image: 'ghcr.io/acme/api:1.0' }) });
    expect(worker.map((g) => g.name)).toStrictEqual(['application', 'resources', 'workloads']);
    expect(alertNames(group(worker, 'application'))).toStrictEqual(['WorkloadUnavailable/critical']);
  });

  it('gives every alert a severity, a summary, a description and a runbook under runbookBaseUrl', () => {
    const alerts = resolveAlerts({ runbookBaseUrl: 'https://runbooks.example.com/' });
    const groups = groupsOf({ api: API, postgres: POSTGRES_STORE }, [{ store: 'postgres', engine: 'postgres', backup: NIGHTLY_BACKUP, restoreVerify: true }], alerts);
    for (const rule of groups.flatMap((g) => g.rules)) {
      expect(rule.labels?.severity).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      expect(rule.annotations?.runbook_url).toBe(`https://runbooks.example.com/${rule.alert}.md`);
    }
  });
});

describe('application group', () => {
  it('watches each service as its kind suits: scraped ones by up, a worker by its Deployment, errors and latency for HTTP ones', () => {
    // GIVEN an HTTP service and a store with metrics, and a worker (scraped through a PodMonitor)
    const metricsStore = resolvedService({ ...REDIS_STORE, metrics: { path: '/metrics', port: 'metrics' } });
    const application = group(groupsOf({ api: API, redis: metricsStore, worker: WORKER }), 'application')!;
    // THEN one down alert per service, labelled with it: ApplicationDown for api and redis (their job
    // label is their name), WorkloadUnavailable for the worker (kube-state-metrics) ...
    expect(application.rules.slice(0, 3).map((r) => [r.alert, r.labels?.service])).toStrictEqual([
      ['ApplicationDown', 'api'],
      ['ApplicationDown', 'redis'],
      ['WorkloadUnavailable', 'worker'],
    ]);
    const redisDown = application.rules[1]!;
    expect(redisDown.expr).toBe('sum by (namespace, job) (up{namespace="shop-dev", job=~"redis"}) == 0\nor\nabsent(up{namespace="shop-dev", job="redis"})');
    expect(redisDown.for).toBe('2m');
    expect(application.rules[2]!.expr).toContain('kube_deployment_status_replicas_available{namespace="shop-dev", deployment="worker"} == 0');
    // ... and the request alerts cover api only
    expect(alertNames(application)).toStrictEqual([
      'ApplicationDown/critical',
      'ApplicationDown/critical',
      'WorkloadUnavailable/critical',
      'HighErrorRate/warning',
      'HighErrorRate/critical',
      'HighLatencyP99/warning',
      'HighLatencyP99/critical',
    ]);
    expect(application.rules[3]!.expr).toContain('job=~"api"');
    expect(application.rules.slice(3).every((r) => r.labels?.service === 'api')).toBe(true);
  });

  it('has no request alerts when no scraped service answers HTTP', () => {
    const metricsStore = resolvedService({ ...REDIS_STORE, metrics: { path: '/metrics', port: 'metrics' } });
    expect(alertNames(group(groupsOf({ redis: metricsStore }), 'application'))).toStrictEqual(['ApplicationDown/critical']);
  });

  it('takes its thresholds and metric names from the stack\'s alerts', () => {
    const alerts = resolveAlerts({ errorRateWarning: 2, latencyP99Critical: '10s', metrics: { ...ALERT_DEFAULTS.metrics, requests: 'app_requests_total' } });
    const rules = group(groupsOf({ api: API }, [], alerts), 'application')!.rules;
    expect(rules[1]!.expr).toContain('app_requests_total{');
    expect(rules[1]!.expr).toMatch(/\) > 0\.02$/);
    expect(rules[4]!.expr).toMatch(/> 10$/);
  });
});

describe('database group', () => {
  it('alerts when a Postgres store is down, by its exporter or its StatefulSet', () => {
    const database = group(groupsOf({ postgres: POSTGRES_STORE }), 'database')!;
    expect(alertNames(database)).toStrictEqual(['DatabaseDown/critical', 'DatabaseConnectionErrors/warning']);
    expect(database.rules[0]!.expr).toBe(
      'pg_up{namespace="shop-dev"} == 0\nor\nkube_statefulset_status_replicas_ready{namespace="shop-dev", statefulset=~"postgres"} == 0',
    );
  });

  it('watches the exporter alone when only a backup says the database is Postgres', () => {
    const custom = resolvedService({ ...POSTGRES_STORE, image: 'ghcr.io/acme/pg-custom:2' });
    const database = group(groupsOf({ db: custom }, [{ store: 'db', engine: 'postgres', backup: NIGHTLY_BACKUP, restoreVerify: false }]), 'database')!;
    expect(database.rules[0]!.expr).toBe('pg_up{namespace="shop-dev"} == 0');
  });

  it('watches only connection errors for an HTTP stack without Postgres, and nothing for a stack with neither', () => {
    expect(alertNames(group(groupsOf({ api: API, redis: REDIS_STORE }), 'database'))).toStrictEqual(['DatabaseConnectionErrors/warning']);
    expect(group(groupsOf({ redis: REDIS_STORE }), 'database')).toBeUndefined();
  });
});

describe('resources and workloads groups', () => {
  it('always watch CPU and memory against requests and limits, and the workload controllers', () => {
    const groups = groupsOf({});
    expect(alertNames(group(groups, 'resources'))).toStrictEqual(['HighCPUUsage/warning', 'HighMemoryUsage/warning']);
    expect(alertNames(group(groups, 'workloads'))).toStrictEqual([
      'PodCrashLooping/warning',
      'DeploymentReplicasMismatch/warning',
      'StatefulSetReplicasMismatch/warning',
      'HPAMaxedOut/warning',
      'PDBNotEnoughHealthyPods/warning',
      'JobFailed/warning',
    ]);
  });

  it('use the CPU, memory and restart thresholds of the stack', () => {
    const alerts = resolveAlerts({ cpuPercent: 70, memoryPercent: 90, restartsPerHour: 5 });
    const groups = groupsOf({}, [], alerts);
    expect(group(groups, 'resources')!.rules.map((r) => r.expr.split('\n').pop())).toStrictEqual(['* 100 > 70', '* 100 > 90']);
    expect(group(groups, 'workloads')!.rules[0]!.expr).toMatch(/> 5$/);
  });
});

describe('backups group', () => {
  it('alerts when a backup is older than its maxAge, and a verified one when its verification is older than restoreVerifyMaxAge', () => {
    const backups = [
      { store: 'postgres', engine: 'postgres', backup: NIGHTLY_BACKUP, restoreVerify: true },
      { store: 'redis', engine: 'redis', backup: { ...NIGHTLY_BACKUP, maxAge: '2d' }, restoreVerify: false },
    ];
    const rules = group(groupsOf({ postgres: POSTGRES_STORE, redis: REDIS_STORE }, backups), 'backups')!.rules;
    expect(rules.map((r) => r.alert)).toStrictEqual(['BackupStale', 'RestoreVerificationStale']);
    expect(rules[0]!.expr).toContain('kube_cronjob_status_last_successful_time{namespace="shop-dev", cronjob="postgres-backup"} > 93600)');
    expect(rules[0]!.expr).toContain('cronjob="redis-backup"} > 172800)');
    expect(rules[1]!.expr).toContain('cronjob="postgres-restore-verify"} > 691200)'); // 8d
    expect(rules[1]!.expr).not.toContain('redis');
  });

  it('has no verification alert without a verified backup, and no group without backups', () => {
    const rules = group(groupsOf({ redis: REDIS_STORE }, [{ store: 'redis', engine: 'redis', backup: NIGHTLY_BACKUP, restoreVerify: false }]), 'backups')!.rules;
    expect(rules.map((r) => r.alert)).toStrictEqual(['BackupStale']);
    expect(group(groupsOf({ redis: REDIS_STORE }), 'backups')).toBeUndefined();
  });
});

describe('cloudnative-pg alert group', () => {
  it('renders for a CloudNativePG store: archiving, base backups, restore verification and failover', async () => {
    const { cloudNativePg, POSTGRES_DEFAULTS } = await import('../../lib/model/cloudnative-pg');
    const store = resolvedService({ type: 'store', image: 'ghcr.io/cloudnative-pg/postgresql:16.4', ports: { postgres: 5432 }, postgres: { ...POSTGRES_DEFAULTS, operator: 'cloudnative-pg', rpo: '2m' } });
    const input: AlertRulesInput = {
      namespace: 'shop-dev',
      services: { db: store },
      alerts: resolveAlerts(undefined),
      backups: [],
      postgres: [{ store: 'db', postgres: cloudNativePg(store)!, backup: NIGHTLY_BACKUP, restoreVerify: true }],
    };
    const pg = alertRuleGroups(input).find((g) => g.name === 'cloudnative-pg');
    expect(pg?.rules.map((r) => r.alert)).toStrictEqual([
      'PostgresWalArchivingFailing', 'PostgresWalArchivingLagging', 'PostgresBaseBackupMissing',
      'PostgresRestoreVerificationFailed', 'PostgresRestoreVerificationStale', 'PostgresFailover',
    ]);
    // The RPO is the lag threshold, on the primary only.
    expect(pg?.rules[1].expr).toContain('cnpg_pg_stat_archiver_seconds_since_last_archival{namespace="shop-dev", pod=~"db-[0-9]+"} > 120)');
    expect(alertRuleGroups({ ...input, postgres: [] }).some((g) => g.name === 'cloudnative-pg')).toBe(false);
  });
});
