/**
 * Progressive delivery end to end: what the default stack and the blue-green fixture render
 * (rolling in dev, canary Rollouts in staging and prod, blue-green with pre- and post-promotion
 * analysis), bad `release` input refused with its file and line, and every AnalysisTemplate query
 * evaluated by the real promtool against synthetic series: a healthy new version passes, one
 * with 5 % errors or a p99 over the SLO fails, one without traffic is inconclusive.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadOverlays, OverlayError } from '../lib/overlay';
import { readTree } from '../lib/render/write';
import { renderOutputs } from '../lib/synth';
import { DEFAULT_STACK, ROOT, replaceIn, runScript, scratchDir, scratchOverlays } from './helpers';
import { requireTools } from './support/tools';

const BLUE_GREEN = join(ROOT, 'test', 'fixtures', 'blue-green');
type Obj = Record<string, any>;

/** The objects of each environment folder, by file path. */
function render(overlaysDir: string, only: string[]): Record<string, Record<string, Obj>> {
  const out: Record<string, Record<string, Obj>> = {};
  for (const folder of renderOutputs({ overlaysDir, only }).folders) {
    out[folder.folder] = Object.fromEntries([...folder.files].filter(([p]) => p.endsWith('.yaml')).map(([p, c]) => [p.split('/').pop()!, parse(c)]));
    out[folder.folder]!['REPORT.md'] = { text: folder.files.get('REPORT.md') };
  }
  return out;
}

const stacks = { ...render(DEFAULT_STACK, ['dev', 'prod']), ...Object.fromEntries(Object.entries(render(BLUE_GREEN, ['prod'])).map(([k, v]) => [`bg-${k}`, v])) };
const dev = stacks.dev!;
const prod = stacks.prod!;
const bg = stacks['bg-prod']!;

describe('release strategies as rendered', () => {
  it('GIVEN the default stack WHEN dev renders THEN the API is a rolling Deployment, with no Rollout, AnalysisTemplate or release Service', () => {
    expect(dev['deployment-api.yaml']?.spec.strategy.type).toBe('RollingUpdate');
    expect(Object.keys(dev).filter((f) => /^(rollout|analysistemplate)-|^service-api-/.test(f))).toEqual([]);
    expect(dev['servicemonitor-api.yaml']?.spec.podTargetLabels).toBeUndefined();
  });

  it('GIVEN prod WHEN it renders THEN the API is a canary Rollout of the same pod, 10 → 25 → 50 with analysis, and a person promotes to 100 %', () => {
    const rollout = prod['rollout-api.yaml']!;
    expect(prod['deployment-api.yaml']).toBeUndefined();
    expect(rollout.spec.workloadRef).toBeUndefined();
    expect(rollout.spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    const canary = rollout.spec.strategy.canary;
    expect(canary.stableService).toBe('api-stable');
    expect(canary.canaryService).toBe('api-canary');
    // The Gateway API edge: Argo Rollouts' plugin moves the weights of the HTTPRoute named after the service.
    expect(canary.trafficRouting).toStrictEqual({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'api', namespace: 'assistant-prod' } } });
    expect(canary.steps.map((s: Obj) => Object.keys(s)[0] === 'setWeight' ? s.setWeight : Object.keys(s)[0] === 'pause' ? (s.pause.duration ?? 'manual') : 'analysis')).toEqual([
      10, '1m', 'analysis', 25, '1m', 'analysis', 50, '1m', 'analysis', 'manual',
    ]);
    expect(canary.steps[2].analysis).toEqual({ templates: [{ templateName: 'api-release' }], args: [{ name: 'new-pods-hash', valueFrom: { podTemplateHashValue: 'Latest' } }] });
    expect(prod['horizontalpodautoscaler-api.yaml']!.spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
    expect(prod['verticalpodautoscaler-api.yaml']!.spec.targetRef).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
  });

  it('GIVEN prod WHEN it renders THEN every rule of the API\'s HTTPRoute sends to the stable (weight 100) and canary (weight 0) Services, which expose the port', () => {
    const route = prod['httproute-api.yaml']!;
    expect(route.spec.rules.map((r: Obj) => r.name)).toEqual(['idempotent', 'all']);
    for (const rule of route.spec.rules) {
      expect(rule.backendRefs).toStrictEqual([
        { kind: 'Service', name: 'api-stable', group: '', port: 8000, weight: 100 },
        { kind: 'Service', name: 'api-canary', group: '', port: 8000, weight: 0 },
      ]);
    }
    for (const file of ['service-api-stable.yaml', 'service-api-canary.yaml']) expect(prod[file]!.spec.ports.map((p: Obj) => p.port), file).toContain(8000);
  });

  it('GIVEN prod WHEN it renders THEN the PDB, the Services and the ServiceMonitor select the Rollout\'s pods, and only the own Service is scraped', () => {
    const labels = prod['rollout-api.yaml']!.spec.template.metadata.labels;
    const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const file of ['service-api.yaml', 'service-api-stable.yaml', 'service-api-canary.yaml']) expect(selects(prod[file]!.spec.selector), file).toBe(true);
    expect(selects(prod['poddisruptionbudget-api.yaml']!.spec.selector.matchLabels)).toBe(true);
    const monitor = prod['servicemonitor-api.yaml']!.spec;
    expect(monitor.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
    expect(monitor.selector.matchExpressions).toEqual([{ key: 'cdk8s-stack.dev/release-service', operator: 'DoesNotExist' }]);
    expect(prod['service-api-canary.yaml']!.metadata.labels['cdk8s-stack.dev/release-service']).toBe('canary');
  });

  it('GIVEN prod WHEN it renders THEN the AnalysisTemplate checks the new pods against the SLO, from Prometheus, and runs before the Rollout', () => {
    const template = prod['analysistemplate-api-release.yaml']!;
    expect(template.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    expect(template.spec.metrics.map((m: Obj) => [m.name, m.failureCondition, m.count, m.interval, m.failureLimit, m.provider.prometheus.address])).toEqual([
      ['error-ratio', 'len(result) > 0 && result[0] > 0.001', 5, '1m', 1, 'http://prometheus-operated.monitoring.svc:9090'],
      ['latency-p99', 'len(result) > 0 && result[0] > 0.5', 5, '1m', 1, 'http://prometheus-operated.monitoring.svc:9090'],
    ]);
    expect(prod['REPORT.md']!.text).toContain('| api | canary (Rollout) | 10 % (1m + analysis) → 25 % (1m + analysis) → 50 % (1m + analysis) → pause until promoted → 100 % | manual: `kubectl argo rollouts promote api` |');
    expect(prod['REPORT.md']!.text).toContain('| Gateway API weights (plugin `argoproj-labs/gatewayAPI`, HTTPRoute `api`: `api-stable` / `api-canary`) |');
  });

  it('GIVEN the blue-green fixture WHEN prod renders THEN active and preview Services, both analyses, a scale-down delay and a person promoting', () => {
    const blueGreen = bg['rollout-shop.yaml']!.spec.strategy.blueGreen;
    expect(blueGreen).toMatchObject({ activeService: 'shop', previewService: 'shop-preview', autoPromotionEnabled: false, scaleDownDelaySeconds: 600 });
    expect(blueGreen.prePromotionAnalysis.templates).toEqual([{ templateName: 'shop-release' }]);
    expect(blueGreen.postPromotionAnalysis.templates).toEqual([{ templateName: 'shop-release' }]);
    // Prometheus scrapes every pod, active and preview, through the headless metrics Service, under job "shop".
    expect(bg['service-shop-metrics.yaml']!.spec.clusterIP).toBe('None');
    expect(bg['servicemonitor-shop.yaml']!.spec).toMatchObject({ jobLabel: 'app.kubernetes.io/name', selector: { matchLabels: { 'cdk8s-stack.dev/release-service': 'metrics' } } });
    expect(bg['analysistemplate-shop-release.yaml']!.spec.metrics[0].provider.prometheus.address).toBe('http://kube-prometheus-stack-prometheus.monitoring.svc:9090');
    // The namespace quota admits a full second set of pods (the preview): at least 6 pods × 2 of 128Mi.
    expect(Number.parseInt(bg['resourcequota-shop-prod.yaml']!.spec.hard['requests.memory'], 10)).toBeGreaterThanOrEqual(1536);
  });
});

describe('bad release input', () => {
  function problems(edit: (dir: string) => void): string[] {
    const dir = scratchOverlays();
    edit(dir);
    try {
      loadOverlays(dir);
    } catch (err) {
      if (err instanceof OverlayError) return err.message.split('\n').map((l) => l.replace(dir, '<dir>'));
      throw err;
    }
    throw new Error('expected the overlays to be rejected');
  }

  it('GIVEN canary weights that go down WHEN loaded THEN file:line:col, key path and what to do', () => {
    expect(problems((d) => replaceIn(d, 'staging.yaml', 'release: { strategy: canary }', 'release: { strategy: canary, canary: { steps: [{ weight: 50 }, { weight: 20 }] } }'))).toEqual([
      expect.stringMatching(/^<dir>\/staging\.yaml:\d+:\d+: services\.api\.release\.canary\.steps\[1\]\.weight: weight 20 does not increase on the step before \(50\)/),
    ]);
  });

  it('GIVEN canary on a worker WHEN loaded THEN it is refused at the worker\'s release', () => {
    expect(problems((d) => replaceIn(d, 'prod.yaml', '  worker:\n', '  worker:\n    release: { strategy: canary }\n'))).toEqual([
      expect.stringMatching(/^<dir>\/prod\.yaml:\d+:\d+: services\.worker\.release\.strategy: `canary` releases need a `web` service/),
    ]);
  });

  it('GIVEN a blue-green API without a readiness probe, and a zero error threshold WHEN synth runs THEN exit 2 and nothing is written', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'staging.yaml', 'release: { strategy: canary }', 'release: { strategy: blueGreen, analysis: { maxErrorRatio: 0 } }\n    health: { readiness: null }');
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', dir, '--out', out, '--overlay', 'staging']);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines.some((l) => /staging\.yaml:\d+:\d+: services\.api\.release\.strategy: a blue-green release switches all traffic at once/.test(l)), run.stderr).toBe(true);
    expect(lines.some((l) => /staging\.yaml:\d+:\d+: services\.api\.release\.analysis\.maxErrorRatio: must be positive/.test(l)), run.stderr).toBe(true);
    expect(run.stderr).toContain('nothing was written');
    expect(readTree(out)).toStrictEqual(readTree(scratchDir()));
  });
});

// ----------------------------------------------------------------------------- promtool

const promtool = requireTools('the release analysis promtool suite', ['promtool'], 'apt-get install prometheus');
const NEW = 'newpods';
const OLD = 'oldpods';

/** Every AnalysisTemplate metric of the rendered stacks: the query with the new pods' hash filled in, and its threshold. */
function analysisMetrics(objects: Record<string, Obj>) {
  return Object.values(objects)
    .filter((o) => o.kind === 'AnalysisTemplate')
    .flatMap((template) =>
      template.spec.metrics.map((m: Obj) => {
        const threshold = /^len\(result\) > 0 && result\[0\] > ([0-9.e-]+)$/.exec(m.failureCondition)?.[1];
        expect(threshold, m.failureCondition).toBeDefined();
        expect(m.successCondition).toBe(`len(result) > 0 && result[0] <= ${threshold}`);
        return { template: template.metadata.name as string, namespace: template.metadata.namespace as string, job: template.metadata.labels['app.kubernetes.io/name'] as string, name: m.name as string, query: (m.provider.prometheus.query as string).replaceAll('{{args.new-pods-hash}}', NEW), threshold };
      }),
    );
}

const alertName = (metric: string, outcome: 'Passes' | 'Fails') => `${metric.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}${outcome}`;

/** Series of one version's pods: requests per minute by status, and the latency histogram. */
function podSeries(ns: string, job: string, hash: string, perMinute: { ok: number; errors?: number; buckets: Record<string, number> }) {
  const labels = (extra: string) => `{namespace="${ns}", job="${job}", rollouts_pod_template_hash="${hash}"${extra}}`;
  const series = [{ series: `http_requests_total${labels(', status="200"')}`, values: `0+${perMinute.ok}x30` }];
  if (perMinute.errors !== undefined) series.push({ series: `http_requests_total${labels(', status="500"')}`, values: `0+${perMinute.errors}x30` });
  for (const [le, n] of Object.entries(perMinute.buckets)) series.push({ series: `http_request_duration_seconds_bucket${labels(`, le="${le}"`)}`, values: `0+${n}x30` });
  return series;
}
// 100 requests a minute; p99 ≈ 0.235s (fast) or ≈ 2.2s (slow).
const FAST = { '0.1': 90, '0.25': 100, '0.5': 100, '1': 100, '2.5': 100, '+Inf': 100 };
const SLOW = { '0.1': 50, '0.25': 80, '0.5': 90, '1': 95, '2.5': 100, '+Inf': 100 };

describe.skipIf(!promtool)('release analysis queries (promtool test rules)', () => {
  const metrics = [...analysisMetrics(prod), ...analysisMetrics(bg)];

  it('GIVEN the default stack\'s prod and the blue-green fixture WHEN their AnalysisTemplates are read THEN each has the error-ratio and latency-p99 queries', () => {
    expect(metrics.map((m) => `${m.namespace}/${m.template}/${m.name} ≤ ${m.threshold}`)).toEqual([
      'assistant-prod/api-release/error-ratio ≤ 0.001',
      'assistant-prod/api-release/latency-p99 ≤ 0.5',
      'shop-prod/shop-release/error-ratio ≤ 0.005',
      'shop-prod/shop-release/latency-p99 ≤ 0.75',
    ]);
  });

  it.each(['api-release', 'shop-release'])('GIVEN %s WHEN promtool evaluates its queries on synthetic series THEN healthy passes, 5 percent errors and a slow p99 fail, no traffic is inconclusive', (template) => {
    const mine = metrics.filter((m) => m.template === template);
    const { namespace: ns, job } = mine[0]!;
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-analysis-'));
    // Each query as Argo Rollouts judges it: the successCondition and the failureCondition as alerts.
    const rules = mine.flatMap((m) => [
      { alert: alertName(m.name, 'Passes'), expr: `(${m.query}) <= ${m.threshold}`, labels: { metric: m.name } },
      { alert: alertName(m.name, 'Fails'), expr: `(${m.query}) > ${m.threshold}`, labels: { metric: m.name } },
    ]);
    writeFileSync(join(dir, 'analysis.yaml'), stringify({ groups: [{ name: template, rules }] }, { lineWidth: 0 }));
    const verdicts = (passes: string[], fails: string[]) =>
      mine.flatMap((m) =>
        (['Passes', 'Fails'] as const).map((outcome) => ({
          eval_time: '20m',
          alertname: alertName(m.name, outcome),
          exp_alerts: (outcome === 'Passes' ? passes : fails).includes(m.name) ? [{ exp_labels: { metric: m.name } }] : [],
        })),
      );
    // The old version's pods are broken and slow in every case: only the new pods' series may count.
    const old = podSeries(ns, job, OLD, { ok: 50, errors: 50, buckets: SLOW });
    const tests = [
      // Healthy new pods: no 5xx series at all (the `or vector(0)`), p99 well under the SLO.
      { interval: '1m', input_series: [...old, ...podSeries(ns, job, NEW, { ok: 100, buckets: FAST })], alert_rule_test: verdicts(['error-ratio', 'latency-p99'], []) },
      // 5 % errors.
      { interval: '1m', input_series: [...old, ...podSeries(ns, job, NEW, { ok: 95, errors: 5, buckets: FAST })], alert_rule_test: verdicts(['latency-p99'], ['error-ratio']),
        promql_expr_test: [{ expr: mine.find((m) => m.name === 'error-ratio')!.query, eval_time: '20m', exp_samples: [{ labels: '{}', value: 0.05 }] }] },
      // p99 over the SLO (≈ 2.2 s).
      { interval: '1m', input_series: [...old, ...podSeries(ns, job, NEW, { ok: 100, buckets: SLOW })], alert_rule_test: verdicts(['error-ratio'], ['latency-p99']) },
      // No request reached the new pods: neither condition holds (inconclusive: the Rollout pauses for a person).
      { interval: '1m', input_series: old, alert_rule_test: verdicts([], []) },
    ];
    writeFileSync(join(dir, 'analysis.test.yaml'), stringify({ rule_files: ['analysis.yaml'], evaluation_interval: '1m', tests }, { lineWidth: 0 }));
    const run = spawnSync('promtool', ['test', 'rules', 'analysis.test.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/SUCCESS/);
  });
});
