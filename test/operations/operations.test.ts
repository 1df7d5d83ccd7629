/**
 * The Operations construct wires monitors, backups and rules by what each service kind is
 * (its traits), not by type names. Stacks are built in code and synthesized with cdk8s `Testing`.
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import type { ResolvedService, Stack } from '../../lib/model/schema';
import { Operations } from '../../lib/operations';
import { NIGHTLY_BACKUP, POSTGRES_STORE, REDIS_STORE, resolvedService } from './services';

const METRICS = { path: '/metrics', port: 'metrics' };

function synthOperations(services: Record<string, ResolvedService>, stack: Partial<Stack['stack']> = {}) {
  const chart = Testing.chart();
  const operations = new Operations(chart, 'Operations', {
    stack: { stack: { name: 'shop', namespace: 'shop-dev', ...stack }, services } as Stack,
    namespace: 'shop-dev',
    labels: { stack: 'shop', environment: 'dev' },
  });
  const objects: any[] = Testing.synth(chart);
  const named = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);
  return { operations, objects, named };
}

describe('Operations', () => {
  it('scrapes a service with metrics the way its kind is found: ServiceMonitor with a Service, PodMonitor without, nothing for jobs and external services', () => {
    // GIVEN one service of each kind, all with metrics
    const { named } = synthOperations({
      api: resolvedService({ type: 'web', image: 'ghcr.io/acme/api:1', ports: { http: 8000 }, metrics: METRICS }),
      worker: resolvedService({ type: 'worker', image: 'ghcr.io/acme/api:1', metrics: METRICS }),
      beat: resolvedService({ type: 'singleton', image: 'ghcr.io/acme/api:1', metrics: METRICS }),
      redis: resolvedService({ ...REDIS_STORE, metrics: METRICS }),
      llm: resolvedService({ type: 'external', host: 'llm.example.com', ports: { https: 443 }, metrics: METRICS }),
      report: resolvedService({ type: 'cronjob', image: 'ghcr.io/acme/api:1', schedule: '0 * * * *', metrics: METRICS }),
    });
    // THEN
    expect(named('ServiceMonitor')).toStrictEqual(['api', 'redis']);
    expect(named('PodMonitor')).toStrictEqual(['beat', 'worker']);
  });

  it('does not scrape a service without metrics', () => {
    const { operations } = synthOperations({ redis: REDIS_STORE });
    expect(operations.monitors).toHaveLength(0);
  });

  it('backs up the stores whose backup is on, and nothing disabled', () => {
    // GIVEN two stores with backups, one switched off, and a disabled service with a backup
    const { operations, named } = synthOperations({
      postgres: resolvedService({ ...POSTGRES_STORE, backup: NIGHTLY_BACKUP }),
      redis: resolvedService({ ...REDIS_STORE, backup: { ...NIGHTLY_BACKUP, enabled: false } }),
      old: resolvedService({ ...REDIS_STORE, enabled: false, backup: NIGHTLY_BACKUP }),
    });
    // THEN only postgres is backed up, and its alerts follow its restore verification
    expect(operations.backups.map((b) => [b.store, b.engine])).toStrictEqual([['postgres', 'postgres']]);
    expect(named('CronJob')).toStrictEqual(['postgres-backup', 'postgres-restore-verify']);
  });

  it('renders the stack\'s alerts, and SLO rules for HTTP services with metrics and an SLO', () => {
    const slo = { availability: 99.9, latencyP99: '500ms', window: '30d' };
    const { objects, named } = synthOperations(
      {
        api: resolvedService({ type: 'web', image: 'ghcr.io/acme/api:1', ports: { http: 8000 }, metrics: { path: '/metrics', port: 'http' }, slo }),
        web: resolvedService({ type: 'web', image: 'ghcr.io/acme/web:1', ports: { http: 8000 }, slo }), // no metrics: no SLI
      },
      { monitoring: { namespace: 'monitoring', prometheusSelector: { team: 'shop' } } },
    );
    expect(named('PrometheusRule')).toStrictEqual(['shop-alerts', 'api-slo']);
    // The Prometheus Operator selects the rules by the stack's selector.
    expect(objects.find((o) => o.metadata.name === 'shop-alerts').metadata.labels.team).toBe('shop');
  });
});
