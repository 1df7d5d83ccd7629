/**
 * Dashboards as code and uptime from outside, on the frozen default stack rendered once in memory:
 * the sidecar ConfigMaps, their JSON (deterministic, valid layout), every panel query (parses as
 * PromQL and reads only metrics the environment's exporters provide or its rules record), the
 * alerts' links to their panels, the layout pictures of REPORT.md, and the uptime Probes.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { promqlError, promqlSemanticError } from '../lib/check/checks/prometheus-rules';
import { loadStack } from '../lib/overlay';
import type { ResolvedService } from '../lib/model/schema';
import { buildDashboards, dashboardSettings } from '../lib/operations/dashboards';
import { exportedMetrics } from '../lib/operations/dashboards/metrics';
import { stableJson } from '../lib/operations/dashboards/plan';
import { expandVariables, metricNames, panelQueries, unavailableMetrics } from '../lib/operations/dashboards/queries';
import { publicEndpoints } from '../lib/operations/uptime';
import { renderOutputs } from '../lib/synth';
import { DEFAULT_STACK } from './helpers';

type Obj = Record<string, any>;

const { folders } = renderOutputs({ overlaysDir: DEFAULT_STACK });
const stacks = new Map(loadStack(DEFAULT_STACK).overlays.map((o) => [o.environment, o.stack]));
const environments = folders.filter((f) => stacks.has(f.folder)).map((f) => f.folder);

function objectsOf(environment: string): Obj[] {
  const folder = folders.find((f) => f.folder === environment)!;
  return [...folder.files].filter(([path]) => path.endsWith('.yaml')).map(([, text]) => parse(text) as Obj);
}

function dashboardsOf(environment: string): { configMap: Obj; key: string; text: string; model: Obj }[] {
  return objectsOf(environment)
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')
    .flatMap((configMap) => Object.entries<string>(configMap.data).map(([key, text]) => ({ configMap, key, text, model: JSON.parse(text) as Obj })));
}

/** What the environment may query: its exporters' metrics and the series its PrometheusRules record. */
function availableMetrics(environment: string): Set<string> {
  const stack = stacks.get(environment)!;
  const objects = objectsOf(environment);
  const services = Object.fromEntries(Object.entries(stack.services).filter(([, s]) => s.enabled !== false)) as Record<string, ResolvedService>;
  const available = exportedMetrics({
    stack,
    services,
    probes: objects.some((o) => o.kind === 'Probe'),
    cloudNativePg: objects.some((o) => o.kind === 'PodMonitor' && o.spec.selector?.matchLabels?.['cnpg.io/cluster']),
  });
  for (const rule of objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups.flatMap((g: Obj) => g.rules))) {
    if (rule.record) available.add(rule.record);
  }
  return available;
}

describe.each(environments)('dashboards of %s', (environment) => {
  const dashboards = dashboardsOf(environment);

  it('renders System Health, SLO and one per worker queue as sidecar ConfigMaps', () => {
    expect(dashboards.map((d) => d.configMap.metadata.name)).toEqual(['dashboard-queue-worker-celery', 'dashboard-slo', 'dashboard-system-health']);
    for (const { configMap, key } of dashboards) {
      expect(configMap.metadata.namespace).toBe(`assistant-${environment}`);
      expect(configMap.metadata.annotations.grafana_folder).toBe('assistant');
      expect(key).toBe(`assistant-${environment}-${configMap.metadata.name.replace(/^dashboard-/, '')}.json`);
    }
  });

  it('writes deterministic JSON: sorted keys, stable uids, no timestamps or generated ids', () => {
    const uids = dashboards.map((d) => d.model.uid as string);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { text, model } of dashboards) {
      expect(stableJson(model)).toBe(text);
      expect(model.uid.length).toBeLessThanOrEqual(40);
      expect(model.uid).toMatch(new RegExp(`^assistant-${environment}-`));
      expect(text).not.toMatch(/"(created|updated|version|iteration)"/);
    }
  });

  it('lays panels out on the 24-column grid without overlaps, with unique ids', () => {
    for (const { model } of dashboards) {
      const panels = model.panels as Obj[];
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      const cells = new Set<string>();
      for (const { gridPos: g, title } of panels) {
        expect(g.x + g.w, title).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${model.uid}: ${title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });

  it('has only panel queries that parse as PromQL and read exported or recorded metrics', () => {
    const available = availableMetrics(environment);
    const queries = dashboards.flatMap(({ model }) => panelQueries(model).map((q) => ({ ...q, expanded: expandVariables(q.expr, model), uid: model.uid })));
    expect(queries.length).toBeGreaterThan(30);
    for (const q of queries) {
      const where = `${q.uid} #${q.panelId} ${q.panelTitle}: ${q.expanded}`;
      expect(q.expanded, where).not.toMatch(/\$/);
      expect(promqlError(q.expanded), where).toBeUndefined();
      expect(promqlSemanticError(q.expanded), where).toBeUndefined();
    }
    expect(dashboards.flatMap(({ model }) => unavailableMetrics(model, available))).toEqual([]);
  });

  it('links every alert to the panel that shows it', () => {
    const byUid = new Map(dashboards.map((d) => [d.model.uid as string, d.model]));
    const alerts = objectsOf(environment)
      .filter((o) => o.kind === 'PrometheusRule')
      .flatMap((o) => o.spec.groups.flatMap((g: Obj) => g.rules))
      .filter((r: Obj) => r.alert);
    expect(alerts.length).toBeGreaterThan(20);
    for (const rule of alerts) {
      const link = /^https:\/\/grafana\.example\.com\/d\/([^?]+)\?viewPanel=(\d+)&var-namespace=assistant-[a-z]+(&var-service=\{\{ \$labels\.(job|service) \}\})?$/.exec(rule.annotations.dashboard ?? '');
      expect(link, `${rule.alert}: ${rule.annotations.dashboard}`).not.toBeNull();
      const panel = (byUid.get(link![1]!)?.panels as Obj[] | undefined)?.find((p) => p.id === Number(link![2]));
      expect(panel?.type, `${rule.alert} links to a missing panel`).not.toBe('row');
      expect(panel).toBeDefined();
    }
  });

  it('shows each dashboard\'s layout in REPORT.md as an SVG written next to it', () => {
    const files = folders.find((f) => f.folder === environment)!.files;
    const report = files.get('REPORT.md')!;
    for (const { configMap, model } of dashboards) {
      const picture = `dashboards/${configMap.metadata.name.replace(/^dashboard-/, '')}.svg`;
      expect(report).toContain(`![${model.title}](${picture})`);
      const svg = files.get(picture)!;
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      for (const panel of (model.panels as Obj[]).filter((p) => p.type !== 'row')) expect(svg).toContain(`· #${panel.id}<`);
    }
  });
});

describe('panel query check', () => {
  const { model } = dashboardsOf('dev').find((d) => d.configMap.metadata.name === 'dashboard-system-health')!;

  it('reads metric names from the parse tree, variables expanded as Grafana sends them', () => {
    expect(expandVariables('sum by (job) (rate(x{namespace="$namespace", job=~"$service"}[$__rate_interval]))', model)).toMatch(
      /^sum by \(job\) \(rate\(x\{namespace="assistant-dev", job=~"\(api\|beat\|flower\|.*worker\)"\}\[2m\]\)\)$/,
    );
    expect(metricNames('a_total{x="y"} / on (job) {__name__="b", job="c"} + rate(c_bucket[5m]) or vector(1)')).toEqual(['a_total', 'b', 'c_bucket']);
  });

  it('catches a panel that queries a metric nobody exports', () => {
    // GIVEN the System Health dashboard with one query changed to a metric no exporter provides
    const broken = JSON.parse(JSON.stringify(model)) as Obj;
    const panel = (broken.panels as Obj[]).find((p) => p.title === 'Request rate')!;
    panel.targets[0].expr = 'sum by (job) (rate(nobody_exports_this_total{namespace="$namespace"}[$__rate_interval]))';
    // THEN the check names the dashboard, the panel and the metric
    expect(unavailableMetrics(broken, availableMetrics('dev'))).toEqual([
      `assistant-dev-system-health panel #${panel.id} "Request rate": nobody_exports_this_total is neither exported nor recorded in this environment`,
    ]);
  });
});

describe('settings and determinism', () => {
  const stack = stacks.get('prod')!;
  const services = Object.fromEntries(Object.entries(stack.services).filter(([, s]) => s.enabled !== false)) as Record<string, ResolvedService>;
  const input = { stack, namespace: 'assistant-prod', services, backups: [{ store: 'qdrant', restoreVerify: false }], postgres: [{ store: 'postgres', restoreVerify: true }], endpoints: publicEndpoints(services) };

  it('builds the same dashboards twice', () => {
    expect(buildDashboards(input).map((d) => stableJson(d.model))).toEqual(buildDashboards(input).map((d) => stableJson(d.model)));
  });

  it('has documented defaults and honours stack.monitoring.dashboards', () => {
    expect(dashboardSettings({ ...stack, stack: { ...stack.stack, monitoring: undefined } })).toEqual({
      enabled: true,
      namespace: 'assistant-prod',
      label: 'grafana_dashboard',
      labelValue: '1',
      folderAnnotation: 'grafana_folder',
      folder: 'assistant',
      grafanaUrl: 'http://localhost:3000',
    });
    const custom = dashboardSettings({
      ...stack,
      stack: { ...stack.stack, monitoring: { namespace: 'monitoring', grafanaUrl: 'https://g.example.com/', dashboards: { enabled: true, namespace: 'monitoring', label: 'dash', labelValue: 'yes', folderAnnotation: 'folder', folder: 'Assistant' } } },
    });
    expect(custom).toMatchObject({ namespace: 'monitoring', label: 'dash', labelValue: 'yes', folderAnnotation: 'folder', folder: 'Assistant', grafanaUrl: 'https://g.example.com' });
  });

  it('probes every public host at its health path', () => {
    expect(publicEndpoints(services)).toEqual([{ service: 'api', host: 'api.assistant.example.com', url: 'https://api.assistant.example.com/ready' }]);
  });
});

describe('uptime Probe', () => {
  it('renders one Probe per public service (not admin routes, which refuse outsiders), read by the blackbox exporter with http_2xx', () => {
    const probes = objectsOf('staging').filter((o) => o.kind === 'Probe');
    expect(probes).toEqual([
      expect.objectContaining({
        apiVersion: 'monitoring.coreos.com/v1',
        metadata: expect.objectContaining({ name: 'uptime-api', namespace: 'assistant-staging', labels: expect.objectContaining({ release: 'prometheus' }) }),
        spec: {
          interval: '60s',
          jobName: 'uptime',
          module: 'http_2xx',
          prober: { path: '/probe', scheme: 'http', url: 'prometheus-blackbox-exporter.monitoring.svc:9115' },
          targets: { staticConfig: { labels: { namespace: 'assistant-staging', service: 'api' }, static: ['https://api.staging.assistant.example.com/ready'] } },
        },
      }),
    ]);
  });
});
