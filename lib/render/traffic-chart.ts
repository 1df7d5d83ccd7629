/**
 * The traffic graph of REPORT.md as a picture people can read: nodes grouped by tier (entry,
 * services, jobs, stores, outside), one edge per pair labelled with its ports, and a peer every
 * workload may reach on the same ports (DNS) folded into a note below the chart instead of an
 * edge per workload. (Scrapes stay edges: a scrape port is often the serving port, so the
 * objects alone cannot tell the monitoring namespace from the ingress controller's.)
 */
import type { KubeObject } from './files';

type Obj = Record<string, any>;

export interface ChartEdge {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
}

export interface ChartGraph {
  readonly workloads: readonly string[];
  readonly externals: readonly string[];
  readonly edges: readonly ChartEdge[];
}

export interface TrafficChart {
  /** Mermaid flowchart source. */
  readonly mermaid: string;
  /** Edges the chart draws (the graph's minus the folded ones). */
  readonly edges: readonly ChartEdge[];
  /** One sentence per group of folded edges. */
  readonly notes: readonly string[];
}

type Tier = 'entry' | 'services' | 'jobs' | 'stores' | 'outside';
const TIERS: readonly Tier[] = ['entry', 'services', 'jobs', 'stores', 'outside'];
const NAME_LABEL = 'app.kubernetes.io/name';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const mermaidText = (s: string) => s.replace(/"/g, '#quot;');

/** `TCP 5432` → `5432`, `UDP 53` → `53/udp`: short labels that do not collide. */
export const portLabel = (port: string) => port.replace(/^TCP /, '').replace(/^(UDP|SCTP) (.+)$/, (_, proto: string, n: string) => `${n}/${proto.toLowerCase()}`);

export function trafficChart(graph: ChartGraph, objects: readonly KubeObject[]): TrafficChart {
  const everywhere = peersEveryWorkloadReaches(graph);
  const edges = graph.edges.filter((e) => !everywhere.has(e.to));
  const nodes = { workloads: graph.workloads, externals: graph.externals.filter((x) => !everywhere.has(x)) };
  return { mermaid: flowchart(nodes, edges, tiersOf(nodes, edges, objects)), edges, notes: everywhereNotes(graph, everywhere) };
}

function flowchart(graph: Omit<ChartGraph, 'edges'>, edges: readonly ChartEdge[], tiers: ReadonlyMap<string, Tier>): string {
  const ids = new Map<string, string>();
  graph.workloads.forEach((name) => ids.set(name, `w_${name.replace(/[^A-Za-z0-9]/g, '_')}`));
  graph.externals.forEach((label, i) => ids.set(label, `x${i + 1}`));
  const lines = ['flowchart LR'];
  for (const tier of TIERS) {
    const members = [...ids.keys()].filter((node) => tiers.get(node) === tier);
    if (!members.length) continue;
    lines.push(`  subgraph t_${tier}["${tier}"]`);
    for (const node of members) lines.push(`    ${ids.get(node)}${shape(node, tier)}`);
    lines.push('  end');
  }
  for (const edge of edges) lines.push(`  ${ids.get(edge.from)} -->|"${mermaidText(edge.ports.map(portLabel).join(', '))}"| ${ids.get(edge.to)}`);
  return `${lines.join('\n')}\n`;
}

function shape(node: string, tier: Tier): string {
  const text = mermaidText(node);
  if (tier === 'entry' || tier === 'outside') return `{{"${text}"}}`;
  return tier === 'stores' ? `[("${text}")]` : `["${text}"]`;
}

/** Workloads by the kind that runs them; peers outside the stack by the direction of their edges. */
function tiersOf(graph: Omit<ChartGraph, 'edges'>, edges: readonly ChartEdge[], objects: readonly KubeObject[]): Map<string, Tier> {
  const tiers = new Map<string, Tier>();
  for (const object of objects) {
    const name = (object.metadata.labels as Record<string, string> | undefined)?.[NAME_LABEL] ?? object.metadata.name;
    if (!graph.workloads.includes(name) || tiers.has(name)) continue;
    if (object.kind === 'StatefulSet') tiers.set(name, 'stores');
    else if (object.kind === 'CronJob' || object.kind === 'Job') tiers.set(name, 'jobs');
    else if (['Deployment', 'Rollout', 'DaemonSet', 'ReplicaSet'].includes(object.kind)) tiers.set(name, 'services');
  }
  for (const external of graph.externals) {
    const onlySource = edges.some((e) => e.from === external) && !edges.some((e) => e.to === external);
    tiers.set(external, onlySource ? 'entry' : 'outside');
  }
  return tiers;
}

/** External peers that every workload reaches on the same ports. */
function peersEveryWorkloadReaches(graph: ChartGraph): Set<string> {
  const peers = new Set<string>();
  if (graph.workloads.length < 2) return peers;
  for (const external of graph.externals) {
    const into = graph.edges.filter((e) => e.to === external);
    const ports = new Set(into.map((e) => e.ports.join(',')));
    if (ports.size === 1 && graph.workloads.every((w) => into.some((e) => e.from === w))) peers.add(external);
  }
  return peers;
}

function everywhereNotes(graph: ChartGraph, peers: ReadonlySet<string>): string[] {
  const byPorts = new Map<string, string[]>();
  for (const peer of [...peers].sort(byText)) {
    const ports = graph.edges.find((e) => e.to === peer)!.ports.map(portLabel).join(', ');
    byPorts.set(ports, [...(byPorts.get(ports) ?? []), peer]);
  }
  return [...byPorts].map(([ports, targets]) => {
    const dns = ports.split(', ').every((p) => p === '53' || p === '53/udp') ? ' (DNS)' : '';
    return `Every workload may reach ${targets.map((t) => `\`${t}\``).join(' and ')} on ${ports}${dns}; not drawn.`;
  });
}

/** The pod template of a workload object; `undefined` for other kinds. */
export function podTemplateOf(object: KubeObject): Obj | undefined {
  const spec = object.spec as Obj | undefined;
  if (object.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return ['Deployment', 'Rollout', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind) ? spec?.template : undefined;
}
