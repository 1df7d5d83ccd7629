import { describe, expect, it } from 'vitest';
import { customAlertExpressions, customAlertMetrics, customAlertNames, serviceAlertTargets, serviceAlertThresholds } from '../../../lib/overlay/rules/alerts';
import { format, problemsOf, stackWith } from '../stack';

const SCRAPED = { metrics: {} };
const custom = (over: Record<string, unknown> = {}) => ({ name: 'QueueBacklog', expr: 'sum(celery_queue_length{queue="default"}) > 100', for: '10m', severity: 'warning', summary: 'Backlog', description: 'Tasks wait.', ...over });

describe('serviceAlertThresholds', () => {
  it('refuses a warning at or above the critical threshold, after the stack defaults', () => {
    expect(problemsOf(serviceAlertThresholds, 'web', { ...SCRAPED, alerts: { errorRate: { warning: 10 } } })).toStrictEqual([
      'services.web.alerts.errorRate.warning: the warning threshold (10 %) must be below the critical one (5 %): lower `warning` or raise `critical` (a warning should come before the page)',
    ]);
    expect(problemsOf(serviceAlertThresholds, 'web', { ...SCRAPED, alerts: { latency: { critical: '1s' } } })).toStrictEqual([
      'services.web.alerts.latency.critical: the warning threshold (2s) must be below the critical one (1s): lower `warning` or raise `critical` (a warning should come before the page)',
    ]);
  });

  it('accepts thresholds in order', () => {
    expect(problemsOf(serviceAlertThresholds, 'web', { ...SCRAPED, alerts: { errorRate: { warning: 2, critical: 10 }, latency: { percentile: 95, warning: '5s', critical: '10s' } } })).toStrictEqual([]);
  });
});

describe('serviceAlertTargets', () => {
  it('switches off only alerts the service has, with a did-you-mean', () => {
    expect(problemsOf(serviceAlertTargets, 'web', { ...SCRAPED, alerts: { latency: { percentile: 95 }, disable: { HighLatencyP99: 'p95 is watched' } } })).toStrictEqual([
      'services.web.alerts.disable.HighLatencyP99: `web` has no built-in alert `HighLatencyP99` (did you mean `HighLatencyP95`?): it has `ApplicationDown`, `HighErrorRate`, `HighLatencyP95`',
    ]);
    expect(problemsOf(serviceAlertTargets, 'worker', { alerts: { disable: { WorkloadUnavailable: 'the queue alert covers it' } } })).toStrictEqual([]);
  });

  it('tailors request alerts only on a scraped web service', () => {
    expect(problemsOf(serviceAlertTargets, 'worker', { alerts: { errorRate: { warning: 2 } } })).toStrictEqual([
      'services.worker.alerts.errorRate: only a `web` service with `metrics` has request alerts; `worker` has none to tailor: remove `alerts.errorRate`',
    ]);
  });
});

describe('customAlertExpressions', () => {
  it('refuses unparseable PromQL, saying where', () => {
    expect(problemsOf(customAlertExpressions, 'worker', { alerts: { rules: [custom({ expr: 'sum(rate(tasks_failed_total[5m]) > 3' })] } })).toStrictEqual([
      'services.worker.alerts.rules[0].expr: the expression of `QueueBacklog` is not valid PromQL: syntax error at line 1, column 37 at the end: fix it (try it in the Prometheus UI or with `promtool check rules`)',
    ]);
    expect(problemsOf(customAlertExpressions, 'worker', { alerts: { rules: [custom({ expr: 'rate(tasks_total) > 1' })] } })[0]).toMatch(/is not valid PromQL: .*range vector/);
  });

  it('accepts valid PromQL', () => {
    expect(problemsOf(customAlertExpressions, 'worker', { alerts: { rules: [custom()] } })).toStrictEqual([]);
  });
});

describe('customAlertNames', () => {
  it('refuses a custom alert named like a built-in one, and duplicates across the stack', () => {
    const stack = stackWith({
      web: { ...SCRAPED, alerts: { rules: [custom({ name: 'HighErrorRate' }), custom()] } },
      worker: { alerts: { rules: [custom()] } },
    });
    expect(format(customAlertNames({ stack, environment: 'dev' }))).toStrictEqual([
      'services.web.alerts.rules[0].name: `HighErrorRate` is a built-in alert: name the custom alert differently (e.g. `WebHighErrorRate`), or tailor the built-in one under `alerts.errorRate`, `alerts.latency` or `alerts.down`',
      'services.worker.alerts.rules[0].name: a custom alert `QueueBacklog` is already defined (in `services.web.alerts.rules`): alert names are unique in the stack, rename one',
    ]);
  });
});

describe('customAlertMetrics (a warning)', () => {
  it('warns about a metric the service is not known to export, and names the fix', () => {
    expect(problemsOf(customAlertMetrics, 'worker', { alerts: { rules: [custom()] } })).toStrictEqual([
      'services.worker.alerts.rules[0].expr: `QueueBacklog` reads `celery_queue_length`, which `worker` is not known to export (its request and duration metrics, `alerts.metrics.extra`, kube-state-metrics, cAdvisor): if it does, list it in `alerts.metrics.extra`; otherwise the alert never fires',
    ]);
  });

  it('is quiet for listed, platform and request metrics', () => {
    const rules = [custom(), custom({ name: 'Slow', expr: 'sum(rate(http_requests_total[5m])) > 1 and on() kube_deployment_spec_replicas > 0' })];
    expect(problemsOf(customAlertMetrics, 'worker', { alerts: { metrics: { extra: ['celery_queue_length'] }, rules } })).toStrictEqual([]);
  });
});
