/**
 * A stack whose teams tailored their alerts (test/fixtures/tailored-alerts): per-service metric
 * names (OpenTelemetry, gRPC), thresholds, percentile, windows and `for` durations, an alert
 * switched off, down alerts that suit each kind, two custom alerts (one with a stub runbook), and
 * routing. It renders, passes the policy gate, `promtool check rules` and its promtool unit tests
 * (test/rules/tailored/), and amtool; the same stack with a warning at or above its critical
 * threshold is refused with exit 2, nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertmanagerConfigObjects, amtoolCheckConfig, amtoolRoutes, plainAlertmanagerYaml } from '../lib/operations/alertmanager-plain';
import { promtoolSuite } from '../lib/operations/promtool';
import { synth } from '../lib/synth';
import { checkOutputs } from '../scripts/synth-gate';
import { renderedOutputs } from '../scripts/verify/steps';
import { ROOT, replaceIn, runScript, scratchDir, scratchOverlays } from './helpers';
import { requireTools } from './support/tools';

const TAILORED = join(ROOT, 'test', 'fixtures', 'tailored-alerts');
const out = scratchDir();
const result = synth({ overlaysDir: TAILORED, outDir: out });
const dir = join(out, 'prod', 'shop-prod');
const objects = readdirSync(dir).sort().map((f) => parse(readFileSync(join(dir, f), 'utf8')));
const rule = (name: string) => objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === name);
const alerts = rule('shop-alerts').spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);
const of = (alert: string, service: string) => alerts.filter((r: any) => r.alert === alert && r.labels.service === service);

describe('tailored alerts', () => {
  it('reads each service\'s own metric names: OpenTelemetry, gRPC, the stack default', () => {
    expect(of('HighErrorRate', 'api')[0].expr).toContain('http_server_request_duration_seconds_count{namespace="shop-prod", job=~"api", http_response_status_code=~"5.."}[10m]');
    expect(of('HighErrorRate', 'search')[0].expr).toContain('grpc_server_handled_total{namespace="shop-prod", job=~"search", grpc_code=~"Unknown|DeadlineExceeded|Internal|Unavailable|DataLoss"}');
    expect(of('HighLatencyP99', 'search')[0].expr).toContain('grpc_server_handling_seconds_bucket');
    expect(of('HighLatencyP99', 'assistant')[0].expr).toContain('http_request_duration_seconds_bucket');
    const slo = rule('api-slo').spec.groups[0].rules[0].expr;
    expect(slo).toContain('http_server_request_duration_seconds_count{namespace="shop-prod", job="api", http_response_status_code=~"5.."}');
  });

  it('applies thresholds, percentile, windows and durations, and leaves out what a team switched off', () => {
    expect(of('HighErrorRate', 'api').map((r: any) => [r.labels.severity, r.expr.split('> ').at(-1), r.for])).toStrictEqual([['warning', '0.02', '10m'], ['critical', '0.1', '10m']]);
    expect(of('HighLatencyP95', 'api').map((r: any) => [r.labels.severity, r.expr.split(') > ').at(-1), r.for])).toStrictEqual([['warning', '1', '10m'], ['critical', '3', '10m']]);
    expect(of('HighLatencyP99', 'api')).toHaveLength(0);
    expect(of('HighLatencyP99', 'assistant').map((r: any) => r.expr.split(') > ').at(-1))).toStrictEqual(['10', '30']);
    expect(of('HighErrorRate', 'assistant')).toHaveLength(0);
    expect(of('ApplicationDown', 'search')[0].for).toBe('5m');
  });

  it('gives each kind the down alert that suits it', () => {
    expect(of('WorkloadUnavailable', 'worker')[0]).toMatchObject({ for: '10m', labels: { severity: 'critical' } });
    expect(of('ExternalDatabaseUnreachable', 'orders-db')[0].expr).toBe('sum by (namespace) (increase(db_connection_errors_total{namespace="shop-prod", job=~"api"}[5m])) > 0');
    expect(alerts.filter((r: any) => r.expr.includes('up{') && r.expr.includes('orders-db'))).toHaveLength(0);
  });

  it('renders the two custom alerts, and a stub runbook for the one without a runbook', () => {
    const custom = rule('shop-alerts').spec.groups.find((g: any) => g.name === 'custom').rules;
    expect(custom.map((r: any) => [r.alert, r.labels, r.annotations.runbook_url])).toStrictEqual([
      ['CheckoutFailures', { severity: 'critical', service: 'api' }, 'https://github.com/acme/cdk8s-stack/blob/main/docs/runbooks/CheckoutFailures.md'],
      ['QueueBacklog', { severity: 'warning', service: 'worker' }, 'https://runbooks.example.com/shop/QueueBacklog'],
    ]);
    const stub = readFileSync(join(out, 'prod', 'runbooks', 'CheckoutFailures.md'), 'utf8');
    expect(stub).toContain('# CheckoutFailures');
    expect(stub).toContain('sum by (namespace) (rate(checkout_failed_total{job="api"}[10m])) > 0.5');
    expect(existsSync(join(out, 'prod', 'runbooks', 'QueueBacklog.md'))).toBe(false);
  });

  it('warns, with file:line:col, about a metric the service is not known to export', () => {
    expect(result.warnings).toStrictEqual([
      expect.stringMatching(/^warning: \S*test\/fixtures\/tailored-alerts\/base\.yaml:\d+:\d+: services\.api\.alerts\.rules\[0\]\.expr: `CheckoutFailures` reads `checkout_failed_total`, which `api` is not known to export/),
    ]);
  });

  it('passes the policy gate', async () => {
    const report = await checkOutputs(out, renderedOutputs(out));
    expect(report.findings.filter((f) => !f.waived).map((f) => `${f.object} [${f.check}] ${f.message}`)).toStrictEqual([]);
  });

  it('refuses the same stack with a warning threshold at or above the critical one: exit 2, file:line:col, nothing written', () => {
    const overlays = scratchOverlays(TAILORED);
    replaceIn(overlays, 'base.yaml', 'errorRate: { warning: 2, critical: 10', 'errorRate: { warning: 10, critical: 10');
    const target = scratchDir();
    const run = runScript('synth', ['--overlays', overlays, '--out', target]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /base\.yaml:\d+:\d+: services\.api\.alerts\.errorRate\.warning: the warning threshold \(10 %\) must be below the critical one \(10 %\): lower `warning` or raise `critical`/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(target)).toStrictEqual([]);
  });
});

const tools = requireTools('the tailored-alerts suite', ['promtool', 'amtool'], 'apt-get install prometheus prometheus-alertmanager');

describe.skipIf(!tools)('tailored alerts against promtool and amtool', () => {
  const runs = tools ? promtoolSuite({ distDir: out, testsDir: join(ROOT, 'test', 'rules', 'tailored'), environment: 'prod' }) : [];

  it('accepts every rule group (promtool check rules)', () => {
    expect(runs[0]!.command).toMatch(/^promtool check rules/);
    expect(runs[0]!.ok, runs[0]!.output).toBe(true);
  });

  it('fires the tailored and custom alerts as the teams set them (promtool test rules)', () => {
    const run = runs.find((r) => r.command === 'promtool test rules tailored.test.yaml');
    expect(run?.ok, run?.output).toBe(true);
  });

  it('routes a warning of search to the shared channel and to the search team (amtool)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cdk8s-stack-amtool-')), 'prod.yaml');
    const check = amtoolCheckConfig(file, plainAlertmanagerYaml(alertmanagerConfigObjects(objects)));
    expect(check.ok, check.output).toBe(true);
    const route = (labels: Record<string, string>) => amtoolRoutes(file, { namespace: 'shop-prod', ...labels }).receivers.map((r) => r.split('/').at(-1));
    expect(route({ severity: 'warning', service: 'search', alertname: 'HighErrorRate' })).toStrictEqual(['slack', 'search-team']);
    expect(route({ severity: 'warning', service: 'api', alertname: 'HighErrorRate' })).toStrictEqual(['slack']);
    expect(route({ severity: 'critical', service: 'worker', alertname: 'WorkloadUnavailable' })).toStrictEqual(['pagerduty', 'slack']);
  });
});
