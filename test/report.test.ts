/**
 * <out>/<overlay>/REPORT.md: counts, services, CronJobs and the traffic the NetworkPolicies allow,
 * as a Mermaid flowchart that Mermaid's own parser accepts.
 *
 * Parser: `@mermaid-js/parser` has no flowchart grammar (info, pie, packet, gitGraph, architecture,
 * radar, … only), so the test uses `mermaid` itself — the parser GitHub renders with. In Node its
 * text sanitiser (DOMPurify) needs a `window`: happy-dom provides one (far lighter than jsdom).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOverlays } from '../lib/overlay';
import type { KubeObject } from '../lib/render/files';
import { overlayReport, trafficGraph } from '../lib/render/report';
import { portLabel, trafficChart } from '../lib/render/traffic-chart';
import { DEFAULT_STACK, ROOT, renderedStack } from './helpers';

type Mermaid = typeof import('mermaid').default;
let mermaid: Mermaid;
let close: () => Promise<void>;

beforeAll(async () => {
  const { Window } = await import('happy-dom');
  const window = new Window();
  Object.assign(globalThis, { window, document: window.document });
  mermaid = (await import('mermaid')).default;
  close = () => window.happyDOM.close();
});
afterAll(async () => close?.());

/** Edges of a flowchart as Mermaid parsed them: `from -> to: label`, by node text. */
async function parsedEdges(text: string): Promise<string[]> {
  expect(await mermaid.parse(text)).toMatchObject({ diagramType: expect.stringMatching(/^flowchart/) });
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as any;
  const vertices = db.getVertices() as Map<string, { text: string }>;
  return (db.getEdges() as { start: string; end: string; text: string }[])
    .map((e) => `${vertices.get(e.start)!.text} -> ${vertices.get(e.end)!.text}: ${e.text}`)
    .sort();
}

const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'shop-dev' });
const meta = (name: string, component?: string) => ({
  name,
  namespace: 'shop',
  labels: { ...labels(name), ...(component ? { 'app.kubernetes.io/component': component } : {}) },
});
const pod = (name: string, ports: Record<string, number> = {}) => ({
  metadata: { labels: labels(name) },
  spec: {
    containers: [
      {
        name,
        ports: Object.entries(ports).map(([n, p]) => ({ name: n, containerPort: p })),
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
      },
    ],
  },
});
const policy = (name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(name, 'network-policy'), spec }) as KubeObject;
const select = (name: string) => ({ matchLabels: labels(name) });

const OBJECTS: KubeObject[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api', 'web'), spec: { replicas: 2, template: pod('api', { http: 8000 }) } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('worker', 'worker'), spec: { replicas: 3, template: pod('worker') } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', 'store'), spec: { replicas: 1, template: pod('db', { postgres: 5432 }) } },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('report', 'cronjob'),
    spec: { schedule: '0 2 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: pod('report') } } },
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('api'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 8 },
  },
  policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  policy('allow-api', {
    podSelector: select('api'),
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 'http', protocol: 'TCP' }] }],
    egress: [
      { to: [{ podSelector: select('db') }], ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ],
  }),
  // db lets worker in, but worker's egress (default deny) never lets it out: no edge.
  policy('allow-db', {
    podSelector: select('db'),
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: select('api') }, { podSelector: select('worker') }], ports: [{ port: 5432, protocol: 'TCP' }] }],
  }),
];

describe('REPORT.md', () => {
  it('derives the allowed traffic from the NetworkPolicies, both sides considered', () => {
    expect(trafficGraph(OBJECTS).edges).toStrictEqual([
      { from: 'api', to: '10.0.0.0/8', ports: ['TCP 443'] },
      { from: 'api', to: 'db', ports: ['TCP 5432'] },
      { from: 'namespace ingress-nginx', to: 'api', ports: ['TCP 8000'] },
    ]);
  });

  it('writes a flowchart Mermaid parses, whose edges are exactly the NetworkPolicy edges, ports shortened', async () => {
    const graph = trafficGraph(OBJECTS);
    const edges = await parsedEdges(trafficChart(graph, OBJECTS).mermaid);
    expect(edges).toStrictEqual(graph.edges.map((e) => `${e.from} -> ${e.to}: ${e.ports.map(portLabel).join(', ')}`).sort());
    expect(edges).toHaveLength(3);
  });

  it('groups nodes by tier: entry, services, jobs, stores (cylinders), outside', () => {
    const { mermaid: chart } = trafficChart(trafficGraph(OBJECTS), OBJECTS);
    expect(chart).toContain('  subgraph t_entry["entry"]\n    x2{{"namespace ingress-nginx"}}\n  end');
    expect(chart).toContain('  subgraph t_services["services"]\n    w_api["api"]\n    w_worker["worker"]\n  end');
    expect(chart).toContain('  subgraph t_jobs["jobs"]\n    w_report["report"]\n  end');
    expect(chart).toContain('  subgraph t_stores["stores"]\n    w_db[("db")]\n  end');
    expect(chart).toContain('  subgraph t_outside["outside"]\n    x1{{"10.0.0.0/8"}}\n  end');
  });

  it('folds a peer every workload reaches on the same ports (DNS) into a note instead of an edge each', () => {
    const dns = policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    });
    const objects = [...OBJECTS, dns];
    const graph = trafficGraph(objects);
    expect(graph.edges.filter((e) => e.to === '169.254.20.10/32')).toHaveLength(4);
    const chart = trafficChart(graph, objects);
    expect(chart.edges.some((e) => e.to === '169.254.20.10/32')).toBe(false);
    expect(chart.mermaid).not.toContain('169.254.20.10/32');
    expect(chart.notes).toStrictEqual(['Every workload may reach `169.254.20.10/32` on 53, 53/udp (DNS); not drawn.']);
  });

  it('lists counts by kind, services with replicas or HPA bounds and resources, and CronJobs', () => {
    const report = overlayReport('dev', OBJECTS);
    expect(report).toMatch(/ArgoCD reads only `\.yaml`, `\.yml` and\n> `\.json` files, so this report is never applied/);
    expect(report).toContain('| NetworkPolicy | 3 |');
    expect(report).toContain('| service | type | kind | replicas | scales on | resources (main container) |');
    expect(report).toContain('| api | web | Deployment | 2–8 (HPA) | cpu 80 % (default) | requests cpu 100m, memory 128Mi; limits memory 128Mi |');
    expect(report).toContain('| worker | worker | Deployment | 3 | — |');
    expect(report).toContain('| report | `0 2 * * *` | Europe/Paris | Forbid | no |');
    expect(report).toContain('```mermaid\nflowchart LR\n');
  });

  it('says how a workload scaled by KEDA scales: its queues, cron floors and scale to zero, in the same table', () => {
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'worker', namespace: 'shop' },
      spec: {
        scaleTargetRef: { name: 'worker' },
        minReplicaCount: 0,
        maxReplicaCount: 4,
        cooldownPeriod: 300,
        triggers: [
          { type: 'redis-sentinel', metadata: { listName: 'celery', listLength: '20', activationListLength: '5' } },
          { type: 'cron', metadata: { timezone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 19 * * 1-5', desiredReplicas: '2' } },
        ],
      },
    } as KubeObject;
    const report = overlayReport('dev', [...OBJECTS, scaledObject]);
    expect(report).toContain(
      '| worker | worker | Deployment | 0–4 (KEDA) | Redis list `celery` via Sentinel: 20 tasks per pod, wakes above 5; floor of 2 from `0 8 * * 1-5` to `0 19 * * 1-5` (Europe/Berlin); scales to zero after 300s idle |',
    );
  });

  it('says so when nothing restricts traffic', () => {
    expect(overlayReport('dev', OBJECTS.filter((o) => o.kind !== 'NetworkPolicy'))).toContain('No NetworkPolicies are rendered');
  });

  it.each([
    ['the default stack', DEFAULT_STACK],
    ['the paper-crawler example', join(ROOT, 'examples', 'paper-crawler')],
  ])('every report of %s holds a flowchart Mermaid parses', async (_label, stack) => {
    const out = renderedStack(stack);
    for (const env of loadOverlays(stack).map((o) => o.environment)) {
      const file = join(out, env, 'REPORT.md');
      const chart = /```mermaid\n([\s\S]*?)```/.exec(readFileSync(file, 'utf8'))?.[1];
      if (chart) await parsedEdges(chart);
    }
  });
});
