/**
 * `dist/<overlay>/REPORT.md`: what one environment renders, for reviewers. Written from the
 * resolved objects (only the Stores section reads the overlay, for the promises no object
 * carries), so every kind a construct adds shows up:
 *  - object counts by kind;
 *  - each workload: type, replicas (HPA or KEDA bounds; hook Jobs per sync), what it scales on (HPA
 *    metrics, or KEDA queues, cron floors and scale to zero), resources of its main container;
 *  - the stores: engine, copies, backup target, promised RPO/RTO, tier (report-stores.ts);
 *  - alert routing: who gets which severity, mute intervals, inhibition (report-alerting.ts);
 *  - CronJobs and their schedules;
 *  - a Mermaid flowchart of the traffic the NetworkPolicies allow.
 *
 * Traffic model: a workload is isolated for ingress (egress) when a NetworkPolicy selecting it
 * lists `Ingress` (`Egress`). An edge between two workloads of the stack is drawn when the
 * receiver lets it in (not isolated, or an ingress rule names the sender) and the sender lets
 * it out (not isolated, or an egress rule names the receiver); ports come from the rule that
 * names them. Edges to or from namespaces, CIDRs and "anywhere" come from the rules alone
 * (the other side is outside this stack).
 */
import { edgeSection } from './report-edge';
import { labelSelector, LabelIndex } from '../shared/selector';
import { podTemplateOf, trafficChart } from './traffic-chart';
import type { Stack } from '../model/schema';
import type { KubeObject } from './files';
import { extraObjectsSection } from './extra-objects';
import { storesSection } from './report-stores';
import { releasesSection } from './report-releases';
import { dashboardsSection } from './dashboard-layout';
import { alertingSection } from './report-alerting';

const NAME_LABEL = 'app.kubernetes.io/name';
const COMPONENT_LABEL = 'app.kubernetes.io/component';
const NS_NAME_LABEL = 'kubernetes.io/metadata.name';

type Obj = Record<string, any>;

interface Workload {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  readonly pod: Obj;
  readonly object: KubeObject;
}

export interface TrafficEdge {
  /** Node label: a workload name, or `namespace X`, a CIDR, `anywhere`. */
  readonly from: string;
  readonly to: string;
  /** `TCP 5432`, … or `all ports`. */
  readonly ports: readonly string[];
}

export interface TrafficGraph {
  readonly workloads: readonly string[];
  readonly externals: readonly string[];
  readonly edges: readonly TrafficEdge[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  const out: Workload[] = [];
  for (const object of objects) {
    const pod = podTemplateOf(object);
    if (!pod) continue;
    const podLabels = (pod.metadata?.labels ?? {}) as Record<string, string>;
    const labels = (object.metadata.labels ?? {}) as Record<string, string>;
    const name = podLabels[NAME_LABEL] ?? labels[NAME_LABEL] ?? object.metadata.name;
    out.push({ id: `w_${name.replace(/[^A-Za-z0-9]/g, '_')}`, name, kind: object.kind, namespace: object.metadata.namespace ?? '', podLabels, pod, object });
  }
  return out.sort((a, b) => byText(a.name, b.name));
}

function selectorText(selector: Obj | undefined): string {
  const parts = Object.entries<string>(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of (selector?.matchExpressions ?? []) as Obj[]) parts.push(`${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`);
  return parts.length ? parts.sort(byText).join(', ') : 'all';
}

type Peer = { workload: Workload } | { external: string };

function policyTypes(policy: Obj): string[] {
  const spec = policy.spec ?? {};
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length) return spec.policyTypes;
  return spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** The traffic the NetworkPolicies among `objects` allow, between workloads and external peers. */
export function trafficGraph(objects: readonly KubeObject[]): TrafficGraph {
  const workloads = workloadsOf(objects);
  const network = new PolicyIndex(workloads, objects.filter((o) => o.kind === 'NetworkPolicy') as Obj[]);
  const edges = new EdgeSet();
  for (const policy of network.policies) {
    const types = policyTypes(policy);
    for (const target of network.selected(policy)) {
      if (types.includes('Ingress')) addIngressEdges(network, edges, policy, target);
      if (types.includes('Egress')) addEgressEdges(network, edges, policy, target);
    }
  }
  return { workloads: workloads.map((w) => w.name), externals: edges.externals(), edges: edges.sorted() };
}

/** Edges into `target` its ingress rules allow; from a workload only when that one's egress lets it out too. */
function addIngressEdges(network: PolicyIndex, edges: EdgeSet, policy: Obj, target: Workload): void {
  for (const rule of (policy.spec?.ingress ?? []) as Obj[]) {
    const ports = portsText(rule.ports, target);
    for (const peer of network.peersOf(rule.from, policy.metadata.namespace ?? '')) {
      if (!('workload' in peer)) edges.add(peer.external, target.name, ports, peer.external);
      else if (network.egressAllows(peer.workload, target)) edges.add(peer.workload.name, target.name, ports);
    }
  }
}

/** Edges out of `source` its egress rules allow. */
function addEgressEdges(network: PolicyIndex, edges: EdgeSet, policy: Obj, source: Workload): void {
  for (const rule of (policy.spec?.egress ?? []) as Obj[]) {
    for (const peer of network.peersOf(rule.to, policy.metadata.namespace ?? '')) {
      if (!('workload' in peer)) edges.add(source.name, peer.external, portsText(rule.ports), peer.external);
      // An isolated receiver is handled by its own ingress rules.
      else if (!network.isolated(peer.workload, 'Ingress')) edges.add(source.name, peer.workload.name, portsText(rule.ports, peer.workload));
    }
  }
}

/** The Gateway whose proxy pods a peer selects (the labels Gateway API implementations put on them), if any. */
function gatewayOfProxies(podSelector: Obj | undefined): string | undefined {
  const labels = (podSelector?.matchLabels ?? {}) as Record<string, string>;
  const name = labels['gateway.envoyproxy.io/owning-gateway-name'];
  return name ? `${labels['gateway.envoyproxy.io/owning-gateway-namespace'] ?? ''}/${name}`.replace(/^\//, '') : undefined;
}

/** The workloads and NetworkPolicies of one environment, indexed to answer who may talk to whom. */
class PolicyIndex {
  // The shared label index keeps this linear in the stack's size (one per namespace).
  private readonly indexes = new Map<string, LabelIndex<Workload>>();
  private readonly policiesOf = new Map<Workload, Obj[]>();

  constructor(
    workloads: readonly Workload[],
    readonly policies: readonly Obj[],
  ) {
    for (const w of workloads) {
      const index = this.indexes.get(w.namespace) ?? this.indexes.set(w.namespace, new LabelIndex()).get(w.namespace)!;
      index.add(w.podLabels, w);
    }
    for (const policy of policies) {
      for (const w of this.selected(policy)) (this.policiesOf.get(w) ?? this.policiesOf.set(w, []).get(w)!).push(policy);
    }
  }

  /** A missing podSelector in a peer means every pod of the namespace, like an empty one. */
  matching(namespace: string, selector: Obj | undefined): Workload[] {
    return this.indexes.get(namespace)?.select(labelSelector(selector ?? {})) ?? [];
  }

  selected(policy: Obj): Workload[] {
    return this.matching(policy.metadata.namespace ?? '', policy.spec?.podSelector);
  }

  isolated(w: Workload, type: string): boolean {
    return (this.policiesOf.get(w) ?? []).some((p) => policyTypes(p).includes(type));
  }

  /** The peers a rule's `from` / `to` list names; none listed is anywhere. */
  peersOf(list: Obj[] | undefined, namespace: string): Peer[] {
    if (!list || !list.length) return [{ external: 'anywhere' }];
    return list.flatMap((peer) => this.peerOf(peer, namespace));
  }

  private peerOf(peer: Obj, namespace: string): Peer[] {
    if (peer.ipBlock) {
      const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : '';
      return [{ external: `${peer.ipBlock.cidr}${except}` }];
    }
    const nsSel = peer.namespaceSelector as Obj | undefined;
    const nsName: string | undefined = nsSel?.matchLabels?.[NS_NAME_LABEL];
    const ownNamespace = !nsSel || (nsName === namespace && Object.keys(nsSel.matchLabels).length === 1 && !nsSel.matchExpressions?.length);
    if (ownNamespace) {
      return this.matching(namespace, peer.podSelector).map((workload) => ({ workload }));
    }
    const where = nsName && Object.keys(nsSel!.matchLabels).length === 1 ? `namespace ${nsName}` : `namespaces ${selectorText(nsSel)}`;
    const gateway = gatewayOfProxies(peer.podSelector);
    if (gateway) return [{ external: `gateway ${gateway} (proxies in ${where})` }];
    const pods = peer.podSelector && selectorText(peer.podSelector) !== 'all' ? ` pods ${selectorText(peer.podSelector)}` : '';
    return [{ external: `${where}${pods}` }];
  }

  /** Does an egress rule of `from` (when isolated) name `to`? */
  egressAllows(from: Workload, to: Workload): boolean {
    if (!this.isolated(from, 'Egress')) return true;
    const namesTo = (peer: Peer) => ('workload' in peer ? peer.workload === to : peer.external === 'anywhere');
    return (this.policiesOf.get(from) ?? []).some(
      (p) => policyTypes(p).includes('Egress') && ((p.spec?.egress ?? []) as Obj[]).some((rule) => this.peersOf(rule.to, from.namespace).some(namesTo)),
    );
  }
}

/** The edges found so far, merged by endpoints, and the external peers they touch. */
class EdgeSet {
  private readonly edges = new Map<string, { from: string; to: string; ports: Set<string> }>();
  private readonly externalPeers = new Set<string>();

  add(from: string, to: string, ports: readonly string[], external?: string): void {
    if (external !== undefined) this.externalPeers.add(external);
    const key = `${from}\u0000${to}`;
    const edge = this.edges.get(key) ?? this.edges.set(key, { from, to, ports: new Set() }).get(key)!;
    for (const p of ports) edge.ports.add(p);
  }

  externals(): string[] {
    return [...this.externalPeers].sort(byText);
  }

  sorted(): TrafficEdge[] {
    return [...this.edges.values()]
      .map((e) => ({ from: e.from, to: e.to, ports: sortPorts(e.ports) }))
      .sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to));
  }
}

function containerPorts(w: Workload): Map<string, number> {
  const ports = new Map<string, number>();
  for (const c of (w.pod.spec?.containers ?? []) as Obj[]) for (const p of (c.ports ?? []) as Obj[]) if (p.name) ports.set(p.name, p.containerPort);
  return ports;
}

/** A rule's ports (`TCP 5432`), named ports resolved on the receiving workload; none listed is all ports. */
function portsText(ports: Obj[] | undefined, target?: Workload): string[] {
  if (!ports || !ports.length) return ['all ports'];
  const named = target ? containerPorts(target) : new Map<string, number>();
  return ports.map((p) => {
    const port = typeof p.port === 'string' ? (named.get(p.port) ?? p.port) : p.port;
    return `${p.protocol ?? 'TCP'} ${port ?? 'all'}${p.endPort ? `-${p.endPort}` : ''}`;
  });
}

function sortPorts(ports: Set<string>): string[] {
  if (ports.has('all ports')) return ['all ports'];
  return [...ports].sort((a, b) => {
    const [pa, na] = a.split(' ');
    const [pb, nb] = b.split(' ');
    return byText(pa, pb) || parseInt(na, 10) - parseInt(nb, 10) || byText(a, b);
  });
}

function table(header: string[], rows: string[][]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function resourcesText(pod: Obj): string {
  const c = (pod.spec?.containers ?? [])[0] as Obj | undefined;
  if (!c?.resources) return '—';
  const fmt = (m: Obj | undefined) => (m ? ['cpu', 'memory'].filter((k) => m[k] !== undefined).map((k) => `${k} ${m[k]}`).join(', ') : '');
  const req = fmt(c.resources.requests);
  const lim = fmt(c.resources.limits);
  return [req && `requests ${req}`, lim && `limits ${lim}`].filter(Boolean).join('; ') || '—';
}

/** What an HPA scales on: `cpu 70 %, memory 80 %`, custom metrics by name. */
function hpaScaling(hpa: Obj): string {
  const metrics = (hpa.spec?.metrics ?? []) as Obj[];
  if (!metrics.length) return 'cpu 80 % (default)';
  return metrics
    .map((m) => {
      if (m.type === 'Resource') return `${m.resource?.name} ${m.resource?.target?.averageUtilization ?? m.resource?.target?.averageValue ?? '?'}${m.resource?.target?.averageUtilization !== undefined ? ' %' : ''}`;
      const source = m.pods ?? m.external ?? m.object ?? m.containerResource ?? {};
      return `${source.metric?.name ?? source.name ?? m.type} ${source.target?.averageValue ?? source.target?.value ?? ''}`.trim();
    })
    .join(', ');
}

/** What a ScaledObject scales on: each queue (list, tasks per pod, activation), each cron floor, scale to zero. */
function kedaScaling(scaled: Obj): string {
  const parts = ((scaled.spec?.triggers ?? []) as Obj[]).map((t) => {
    const m = (t.metadata ?? {}) as Record<string, string>;
    if (t.type === 'redis' || t.type === 'redis-sentinel') {
      const via = t.type === 'redis-sentinel' ? ' via Sentinel' : '';
      return `Redis list \`${m.listName}\`${via}: ${m.listLength} tasks per pod${m.activationListLength && m.activationListLength !== '0' ? `, wakes above ${m.activationListLength}` : ''}`;
    }
    if (t.type === 'cron') return `floor of ${m.desiredReplicas} from \`${m.start}\` to \`${m.end}\` (${m.timezone})`;
    return `${t.type} trigger`;
  });
  if ((scaled.spec?.minReplicaCount ?? 0) === 0) parts.push(`scales to zero after ${scaled.spec?.cooldownPeriod ?? 300}s idle`);
  return parts.join('; ');
}

/** How a Job runs: as an ArgoCD hook (phase, wave), or once. */
function hookText(job: KubeObject): string {
  const annotations = (job.metadata.annotations ?? {}) as Record<string, string>;
  const hook = annotations['argocd.argoproj.io/hook'];
  return hook ? `1 per sync (${hook} hook, wave ${annotations['argocd.argoproj.io/sync-wave'] ?? '0'})` : '1';
}

/** The Markdown report of one environment. */
export function overlayReport(environment: string, objects: readonly KubeObject[], stack?: Stack): string {
  const out: string[] = [
    `# ${environment}: what this folder deploys`,
    '',
    '> Generated by `npm run synth` from the rendered objects; do not edit. ArgoCD reads only `.yaml`, `.yml` and',
    '> `.json` files, so this report is never applied to the cluster.',
    '',
    `## Objects by kind (${objects.length})`,
    '',
  ];
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  out.push(...table(['kind', 'count'], [...counts].sort(([a], [b]) => byText(a, b)).map(([k, n]) => [k, String(n)])), '');

  out.push(...extraObjectsSection(objects));
  const workloads = workloadsOf(objects);
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler') as Obj[];
  const scaledObjects = objects.filter((o) => o.kind === 'ScaledObject') as Obj[];
  out.push('## Services', '');
  if (workloads.length) {
    const rows = workloads.map((w) => {
      const labels = (w.object.metadata.labels ?? {}) as Record<string, string>;
      const targets = (h: Obj, defaultKind?: string) =>
        h.metadata.namespace === w.namespace && (h.spec?.scaleTargetRef?.kind ?? defaultKind) === w.kind && h.spec?.scaleTargetRef?.name === w.object.metadata.name;
      const hpa = hpas.find((h) => targets(h));
      const keda = scaledObjects.find((h) => targets(h, 'Deployment'));
      const spec = w.object.spec as Obj;
      const replicas = keda
        ? `${keda.spec.minReplicaCount ?? 0}–${keda.spec.maxReplicaCount ?? 100} (KEDA)`
        : hpa
          ? `${hpa.spec.minReplicas ?? 1}–${hpa.spec.maxReplicas} (HPA)`
          : w.kind === 'CronJob'
            ? 'scheduled'
            : w.kind === 'Job'
              ? hookText(w.object)
              : String(spec?.replicas ?? 1);
      const scaling = keda ? kedaScaling(keda) : hpa ? hpaScaling(hpa) : '—';
      return [w.name, labels[COMPONENT_LABEL] ?? '—', w.kind, replicas, scaling, resourcesText(w.pod)];
    });
    out.push(...table(['service', 'type', 'kind', 'replicas', 'scales on', 'resources (main container)'], rows), '');
  } else {
    out.push('No workloads.', '');
  }

  if (stack) out.push(...releasesSection(environment, stack, table));
  if (stack) out.push(...storesSection(stack, objects, table));

  out.push(...edgeSection(objects));
  out.push(...alertingSection(objects, stack, table));

  const cronJobs = workloads.filter((w) => w.kind === 'CronJob');
  out.push('## CronJobs', '');
  if (cronJobs.length) {
    const rows = cronJobs.map((w) => {
      const spec = w.object.spec as Obj;
      return [w.name, `\`${spec.schedule}\``, spec.timeZone ?? 'controller time zone', spec.concurrencyPolicy ?? 'Allow', spec.suspend ? 'yes' : 'no'];
    });
    out.push(...table(['cronjob', 'schedule', 'time zone', 'concurrency', 'suspended'], rows), '');
  } else {
    out.push('None.', '');
  }

  out.push(...dashboardsSection(objects));

  out.push('## Allowed traffic', '');
  if (objects.some((o) => o.kind === 'NetworkPolicy')) {
    const chart = trafficChart(trafficGraph(objects), objects);
    out.push(
      'Derived from the NetworkPolicies: workloads by `app.kubernetes.io/name` grouped by tier, namespaces and CIDRs',
      'outside the stack as hexagons, stores as cylinders, edges labelled with the ports (TCP unless marked).',
      'Traffic neither drawn nor noted below is denied for isolated workloads.',
      '',
      `![Allowed traffic in ${environment}](traffic.svg)`,
      '',
      'The picture is drawn from the chart below by `npm run pictures` (headless Chromium); synth removes it when the chart changes.',
      '',
      '```mermaid',
      chart.mermaid.trimEnd(),
      '```',
      '',
      ...chart.notes.map((note) => `- ${note}`),
      ...(chart.notes.length ? [''] : []),
    );
  } else {
    out.push('No NetworkPolicies are rendered: every pod may talk to every other pod.', '');
  }
  return `${out.join('\n')}`;
}
