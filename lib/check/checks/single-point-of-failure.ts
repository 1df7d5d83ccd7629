/**
 * The production check: no workload that serves traffic or stores data is a
 * single point of failure. It runs only when the gate is asked for production
 * (`npm run check -- --production`, or synth on an overlay with
 * `stack.tier: production`): a dev environment may run one of everything.
 *
 * In scope: Deployments and StatefulSets whose pods a Service selects (not
 * a Service whose ports are all named `metrics` / `*-metrics`: that one is for scraping),
 * StatefulSets with volumeClaimTemplates, and CloudNativePG `Cluster`s
 * (recognised by apiVersion `postgresql.cnpg.io/*` and read defensively, with or
 * without a schema for the kind). Losing any one node must leave a ready pod:
 *  - at least 2 pods (spec.replicas, the lowest HPA minReplicas, or `instances`);
 *  - a hard spread over nodes: a topologySpreadConstraint on kubernetes.io/hostname
 *    (or a zone key) with whenUnsatisfiable DoNotSchedule and maxSkew below the pod
 *    count, or a required podAntiAffinity term on that key, selecting the pod itself.
 *    Preferred anti-affinity and ScheduleAnyway are wishes the scheduler drops when
 *    nodes are short, so they do not count (CloudNativePG's default
 *    `podAntiAffinityType: preferred` included);
 *  - where the workload declares zones with a hard term, that term must spread
 *    (maxSkew below the pod count). Soft zone terms are not judged: the gate cannot
 *    know the cluster's zones;
 *  - a PodDisruptionBudget. For pod workloads with 2 or more pods, pdb-required and
 *    pdb-allows-eviction already judge it (they run on every input), so this check
 *    names a missing PDB only for single-pod workloads; a CloudNativePG Cluster
 *    must not set `enablePDB: false` (the operator manages its PDBs).
 */
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { apiGroupOf, nameOf, namespaceOf } from '../objects';
import type { PodTemplate } from '../pod-template';
import { lowestReplicas, scalingOf } from '../scaling';
import type { KeyPath, Manifest } from '../types';
import { labelSelector, mapSelector, matches } from '../../shared/selector';
import { asArray, asRecord, asString, show } from '../../shared/values';
import { pdbsByPod } from './availability';

export const SPOF_CHECK_ID = 'single-point-of-failure';

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE_KEYS = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);
const CNPG_GROUP = 'postgresql.cnpg.io';
const RENDERED_BY = 'cdk8s-stack';

/** One spreading rule, reduced to what decides whether two pods may share a failure domain. */
interface SpreadTerm {
  readonly key: string;
  /** DoNotSchedule / requiredDuringScheduling: the scheduler never breaks it. */
  readonly hard: boolean;
  /** Topology spread only: how many more pods one domain may hold. */
  readonly maxSkew?: number;
}

/** What one in-scope object is missing, with where to report it and how to fix each part. */
interface Gap {
  readonly path: KeyPath;
  readonly problem: string;
  readonly fix: string;
}

interface Subject {
  readonly manifest: Manifest;
  /** Why it is in scope: `it serves Service shop/api`, `it stores data (volumeClaimTemplates)`. */
  readonly role: string;
  readonly gaps: readonly Gap[];
}

// ---- pod workloads (Deployment, StatefulSet) ----

/** A Service whose every port is named `metrics` or `*-metrics` is there for scraping: it carries no traffic of its own. */
function onlyMetrics(ports: unknown): boolean {
  const names = asArray(ports).map((port) => asString(asRecord(port)?.name) ?? '');
  return names.length > 0 && names.every((name) => name === 'metrics' || name.endsWith('-metrics'));
}

/** Deployments and StatefulSets a Service selects, or that claim volumes: the ones serving traffic or holding data. */
function servingWorkloads(inventory: Inventory): Map<PodTemplate, string> {
  const roles = new Map<PodTemplate, string>();
  for (const service of inventory.ofKind('Service')) {
    const spec = asRecord(service.object.spec) ?? {};
    if (spec.type === 'ExternalName' || onlyMetrics(spec.ports)) continue;
    for (const pod of inventory.podsSelectedBy(namespaceOf(service.object) ?? '', mapSelector(spec.selector))) {
      if (pod.kind === 'Deployment' || pod.kind === 'Rollout' || pod.kind === 'StatefulSet') roles.set(pod, roles.get(pod) ?? `it serves Service ${nameOf(service.object)}`);
    }
  }
  for (const pod of inventory.podTemplates) {
    if (pod.kind === 'StatefulSet' && asArray(asRecord(pod.manifest.object.spec)?.volumeClaimTemplates).length > 0) {
      roles.set(pod, roles.has(pod) ? `${roles.get(pod)} and stores data (volumeClaimTemplates)` : 'it stores data (volumeClaimTemplates)');
    }
  }
  return roles;
}

type SelectsSelf = (selector: unknown) => boolean;

function spreadTerms(spreads: unknown, selects: SelectsSelf): SpreadTerm[] {
  const terms: SpreadTerm[] = [];
  for (const value of asArray(spreads)) {
    const constraint = asRecord(value);
    const key = asString(constraint?.topologyKey);
    if (!constraint || !key || !selects(constraint.labelSelector)) continue;
    const maxSkew = typeof constraint.maxSkew === 'number' ? constraint.maxSkew : 1;
    terms.push({ key, hard: (constraint.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule', maxSkew });
  }
  return terms;
}

/** podAntiAffinity terms (required ones are hard, preferred ones soft) that select the pod itself. */
function antiAffinityTerms(antiAffinity: unknown, selects: SelectsSelf): SpreadTerm[] {
  const anti = asRecord(antiAffinity) ?? {};
  const required = asArray(anti.requiredDuringSchedulingIgnoredDuringExecution).map((term) => ({ term: asRecord(term), hard: true }));
  const preferred = asArray(anti.preferredDuringSchedulingIgnoredDuringExecution).map((weighted) => ({ term: asRecord(asRecord(weighted)?.podAffinityTerm), hard: false }));
  const terms: SpreadTerm[] = [];
  for (const { term, hard } of [...required, ...preferred]) {
    const key = asString(term?.topologyKey);
    if (key && selects(term?.labelSelector)) terms.push({ key, hard });
  }
  return terms;
}

function topologyTerms(spreads: unknown, antiAffinity: unknown, selects: SelectsSelf): SpreadTerm[] {
  return [...spreadTerms(spreads, selects), ...antiAffinityTerms(antiAffinity, selects)];
}

/** A hard term on `keys` that keeps `pods` pods out of one domain. */
function spreadsOver(terms: readonly SpreadTerm[], keys: (key: string) => boolean, pods: number): boolean {
  return terms.some((term) => term.hard && keys(term.key) && (term.maxSkew === undefined || term.maxSkew < pods));
}

const onNodes = (key: string) => key === HOSTNAME || ZONE_KEYS.has(key);
const onZones = (key: string) => ZONE_KEYS.has(key);

/** The zone gap: only when the workload declares a hard zone term that does not spread its pods. */
function zoneGap(terms: readonly SpreadTerm[], pods: number, path: KeyPath): Gap | undefined {
  const hardZone = terms.filter((term) => term.hard && onZones(term.key));
  if (hardZone.length === 0 || spreadsOver(hardZone, onZones, pods)) return undefined;
  const skew = Math.min(...hardZone.map((term) => term.maxSkew ?? 0));
  return {
    path,
    problem: `its zone spread allows maxSkew ${skew} with ${pods} pods, so losing one zone may take every pod`,
    fix: `lower the zone constraint's maxSkew below ${pods}`,
  };
}

function replicaGap(inventory: Inventory, pod: PodTemplate, pods: number): Gap | undefined {
  if (pods >= 2) return undefined;
  const scaler = scalingOf(inventory).hpasOf(pod.manifest)[0];
  const hpa = scaler !== undefined;
  const keda = scaler?.object.kind === 'ScaledObject';
  const spec = asRecord(pod.manifest.object.spec) ?? {};
  return {
    path: spec.replicas !== undefined ? ['spec', 'replicas'] : ['metadata', 'name'],
    problem: hpa ? `its ${scaler.object.kind} may scale it down to ${pods} pod${pods === 1 ? '' : 's'}` : `it runs ${pods} replica${pods === 1 ? '' : 's'}`,
    fix: keda ? 'set the ScaledObject minReplicaCount to 2 or more' : hpa ? 'set the HPA minReplicas to 2 or more' : 'run 2 or more replicas',
  };
}

function nodeGap(terms: readonly SpreadTerm[], pods: number, path: KeyPath): Gap | undefined {
  if (spreadsOver(terms, onNodes, pods)) return undefined;
  const nodeTerms = terms.filter((term) => onNodes(term.key));
  const hardSkew = nodeTerms.find((term) => term.hard && term.maxSkew !== undefined);
  const problem = hardSkew
    ? `nothing keeps two of its pods off the same node (its spread allows maxSkew ${hardSkew.maxSkew} with ${pods} pods)`
    : nodeTerms.length > 0
      ? 'its spread over nodes is only preferred (ScheduleAnyway or preferred anti-affinity), so two pods may share a node'
      : 'nothing keeps two of its pods off the same node';
  return {
    path,
    problem,
    fix: `add a topologySpreadConstraint on ${HOSTNAME} with whenUnsatisfiable: DoNotSchedule and maxSkew: 1 (or a required podAntiAffinity on ${HOSTNAME}) selecting its own pods`,
  };
}

function podWorkloadGaps(inventory: Inventory, pod: PodTemplate): Gap[] {
  const pods = lowestReplicas(inventory, pod.manifest);
  const target = Math.max(pods, 2);
  const spreadPath = [...pod.specPath, 'topologySpreadConstraints'];
  const terms = topologyTerms(pod.spec.topologySpreadConstraints, asRecord(pod.spec.affinity)?.podAntiAffinity, (selector) => matches(labelSelector(selector), pod.labels));
  const gaps = [replicaGap(inventory, pod, pods), nodeGap(terms, target, spreadPath), zoneGap(terms, target, spreadPath)];
  // With 2 or more pods, pdb-required and pdb-allows-eviction judge the budget.
  if (pods < 2 && (pdbsByPod(inventory).get(pod) ?? []).length === 0) {
    gaps.push({ path: ['metadata', 'name'], problem: 'no PodDisruptionBudget selects its pods', fix: 'add a PodDisruptionBudget with maxUnavailable: 1 over its pods' });
  }
  return gaps.filter((gap): gap is Gap => gap !== undefined);
}

// ---- CloudNativePG Cluster ----

function cnpgClusters(inventory: Inventory): Manifest[] {
  return inventory.manifests.filter((manifest) => manifest.object.kind === 'Cluster' && apiGroupOf(manifest.object.apiVersion) === CNPG_GROUP);
}

/** The operator's own anti-affinity (`spec.affinity`) plus the extra terms and spread constraints the Cluster adds. */
function cnpgTerms(cluster: Manifest): SpreadTerm[] {
  const spec = asRecord(cluster.object.spec) ?? {};
  const affinity = asRecord(spec.affinity) ?? {};
  const podLabels = { 'cnpg.io/cluster': nameOf(cluster.object) };
  const selects = (selector: unknown) => matches(labelSelector(selector), podLabels);
  const terms = topologyTerms(spec.topologySpreadConstraints, affinity.additionalPodAntiAffinity, selects);
  if (affinity.enablePodAntiAffinity !== false) {
    terms.push({ key: asString(affinity.topologyKey) ?? HOSTNAME, hard: affinity.podAntiAffinityType === 'required' });
  }
  return terms;
}

function cnpgNodeGap(cluster: Manifest, terms: readonly SpreadTerm[], instances: number): Gap | undefined {
  if (spreadsOver(terms, onNodes, instances)) return undefined;
  const affinity = asRecord(asRecord(cluster.object.spec)?.affinity) ?? {};
  const type = affinity.podAntiAffinityType === undefined ? '"preferred" (the default)' : show(affinity.podAntiAffinityType);
  const problem =
    affinity.enablePodAntiAffinity === false
      ? 'spec.affinity.enablePodAntiAffinity is false, so two instances may share a node'
      : `spec.affinity.podAntiAffinityType is ${type}, so two instances may share a node when nodes are short`;
  return { path: ['spec', 'affinity'], problem, fix: 'set spec.affinity.podAntiAffinityType: required (topologyKey kubernetes.io/hostname)' };
}

function cnpgInstancesGap(spec: Record<string, unknown>, instances: number): Gap | undefined {
  if (instances >= 2) return undefined;
  const path = spec.instances === undefined ? ['spec'] : ['spec', 'instances'];
  return { path, problem: `it runs ${instances} instance${instances === 1 ? '' : 's'}`, fix: 'set spec.instances to 3 (a primary and two replicas)' };
}

function cnpgGaps(cluster: Manifest): Gap[] {
  const spec = asRecord(cluster.object.spec) ?? {};
  const instances = typeof spec.instances === 'number' ? spec.instances : 1;
  const terms = cnpgTerms(cluster);
  const gaps = [
    cnpgInstancesGap(spec, instances),
    cnpgNodeGap(cluster, terms, Math.max(instances, 2)),
    zoneGap(terms, Math.max(instances, 2), ['spec', 'topologySpreadConstraints']),
    spec.enablePDB === false ? { path: ['spec', 'enablePDB'], problem: 'spec.enablePDB is false, so a drain may evict every instance at once', fix: 'remove enablePDB: false' } : undefined,
  ];
  return gaps.filter((gap): gap is Gap => gap !== undefined);
}

// ---- the finding ----

/** For objects this project rendered: the overlay keys that fix or waive the finding. */
function overlayHint(manifest: Manifest): string | undefined {
  const labels = asRecord(asRecord(manifest.object.metadata)?.labels) ?? {};
  const service = asString(labels['app.kubernetes.io/name']);
  if (labels['app.kubernetes.io/managed-by'] !== RENDERED_BY || service === undefined) return undefined;
  return `in the overlay, make services.${service} highly available (replicas, autoscaling.minReplicas or the store's HA engine), or waive it with services.${service}.waive.${SPOF_CHECK_ID}: "<reason>"`;
}

function subjects(inventory: Inventory): Subject[] {
  const out: Subject[] = [];
  for (const [pod, role] of servingWorkloads(inventory)) out.push({ manifest: pod.manifest, role, gaps: podWorkloadGaps(inventory, pod) });
  for (const cluster of cnpgClusters(inventory)) out.push({ manifest: cluster, role: 'it is a CloudNativePG Cluster', gaps: cnpgGaps(cluster) });
  return out;
}

export const singlePointOfFailureCheck: Check = {
  id: SPOF_CHECK_ID,
  group: 'production',
  severity: 'error',
  class: 'policy',
  description:
    'Production only (--production, stack.tier: production): a workload that serves a Service or stores data (and every CloudNativePG Cluster) keeps a ready pod when any one node, or any one declared zone, is lost: 2 or more pods, a hard spread over nodes, a disruption budget.',
  hint: 'run 2 or more pods, spread them with a DoNotSchedule topologySpreadConstraint (or required anti-affinity) on kubernetes.io/hostname, and cover them with a PodDisruptionBudget',
  rationale:
    'One pod, or several the scheduler may stack on one node, turn a node failure or a routine drain into an outage of the service or the data. Soft spreads (ScheduleAnyway, preferred anti-affinity) are dropped exactly when nodes are short. kube-score and Polaris judge replicas and spreading separately; this check asks the question an SRE asks: what survives losing a node?',
  run(inventory, report) {
    for (const subject of subjects(inventory)) {
      if (subject.gaps.length === 0) continue;
      const problems = subject.gaps.map((gap) => gap.problem).join('; ');
      const fixes = [...subject.gaps.map((gap) => gap.fix), overlayHint(subject.manifest)].filter((fix) => fix !== undefined);
      report(subject.manifest, subject.gaps[0]!.path, `${subject.role}, and losing one node may take it down: ${problems}`, fixes.join('; '));
    }
  },
};

/** Checks that run only when the gate is asked for production. */
export const productionChecks: readonly Check[] = [singlePointOfFailureCheck];
