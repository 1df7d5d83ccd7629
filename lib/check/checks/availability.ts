/**
 * Availability through voluntary disruptions (node drains, upgrades) and
 * scheduling pressure: PDBs that protect without blocking, replicas spread
 * over failure domains, and an explicit scheduling priority.
 */
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { namespaceOf } from '../objects';
import type { PodTemplate } from '../pod-template';
import { isReplicated, lowestReplicas, replicaReason } from '../scaling';
import { describeLabels, labelSelector, matches } from '../../shared/selector';
import type { KeyPath, Manifest } from '../types';
import { asArray, asRecord, asString, show } from '../../shared/values';
import { appendTo } from '../../shared/collections';

const group = 'availability';
const BUILT_IN_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);
const POD_COUNTED_KINDS = new Set(['Deployment', 'Rollout', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Pod']);

const pdbCache = new WeakMap<Inventory, Map<PodTemplate, Manifest[]>>();

/** For each pod template, the PDBs of its namespace whose selector matches it (one indexed query per PDB). */
export function pdbsByPod(inventory: Inventory): Map<PodTemplate, Manifest[]> {
  let byPod = pdbCache.get(inventory);
  if (byPod) return byPod;
  byPod = new Map();
  for (const pdb of inventory.ofKind('PodDisruptionBudget')) {
    for (const pod of inventory.podsSelectedBy(namespaceOf(pdb.object) ?? '', labelSelector(asRecord(pdb.object.spec)?.selector))) {
      appendTo(byPod, pod, pdb);
    }
  }
  pdbCache.set(inventory, byPod);
  return byPod;
}

/** Scales an int-or-percent against a pod count, rounding up as the disruption controller does. */
function scaled(value: unknown, pods: number): number | undefined {
  if (typeof value === 'number') return value;
  const match = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return match ? Math.ceil((Number(match[1]) * pods) / 100) : undefined;
}

function replicasPath(workload: Manifest): KeyPath {
  return asRecord(workload.object.spec)?.replicas !== undefined ? ['spec', 'replicas'] : ['metadata', 'name'];
}

/** True when the term's label selector selects the pod itself (a term that selects other pods does not spread this one). */
function selectsSelf(term: unknown, pod: PodTemplate): boolean {
  return matches(labelSelector(asRecord(term)?.labelSelector), pod.labels);
}

export const availabilityChecks: readonly Check[] = [
  {
    id: 'pdb-required',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A workload with 2 or more replicas (or an HPA with minReplicas ≥ 2) is selected by exactly one PodDisruptionBudget.',
    hint: 'add one PodDisruptionBudget whose selector matches the pod template labels, with maxUnavailable: 1',
    rationale: 'Without a PDB a node drain may evict every replica at once; with two, the eviction API refuses to evict the pods at all. kube-score deployment-has-poddisruptionbudget; Polaris missingPodDisruptionBudget.',
    run(inventory, report) {
      const byPod = pdbsByPod(inventory);
      for (const pod of inventory.podTemplates) {
        if (!isReplicated(inventory, pod.manifest)) continue;
        const pdbs = byPod.get(pod) ?? [];
        if (pdbs.length === 0) {
          report(pod.manifest, replicasPath(pod.manifest), `${replicaReason(inventory, pod.manifest)} but no PodDisruptionBudget in namespace "${pod.namespace}" selects its pods (labels ${describeLabels(pod.labels)})`);
        } else if (pdbs.length > 1) {
          const names = pdbs.map((pdb) => pdb.object.metadata?.name).join(', ');
          report(pod.manifest, replicasPath(pod.manifest), `${pdbs.length} PodDisruptionBudgets select its pods (${names}); the eviction API refuses pods covered by more than one`, 'keep exactly one PodDisruptionBudget for these pods');
        }
      }
    },
  },
  {
    id: 'pdb-allows-eviction',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A PodDisruptionBudget always allows at least one eviction: no maxUnavailable 0 / 0%, no minAvailable equal to the replica count or 100%.',
    hint: 'use maxUnavailable: 1 (or a minAvailable below the lowest replica count)',
    rationale: 'A PDB that allows no eviction blocks every node drain and cluster upgrade until someone deletes it by hand. kube-linter pdb-max-unavailable, pdb-min-available; Polaris pdbDisruptionsIsZero, pdbMinAvailableGreaterThanHPAMinReplicas.',
    run(inventory, report) {
      for (const pdb of inventory.ofKind('PodDisruptionBudget')) {
        const spec = asRecord(pdb.object.spec) ?? {};
        if (spec.maxUnavailable !== undefined) {
          if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
            report(pdb, ['spec', 'maxUnavailable'], `maxUnavailable is ${show(spec.maxUnavailable)}, so no pod may ever be evicted`);
          }
          continue;
        }
        if (spec.minAvailable === undefined) continue;
        if (spec.minAvailable === '100%') {
          report(pdb, ['spec', 'minAvailable'], 'minAvailable is "100%", so no pod may ever be evicted');
          continue;
        }
        // The budget counts every pod the selector matches, across workloads: judge the total.
        const selected = inventory.podsSelectedBy(namespaceOf(pdb.object) ?? '', labelSelector(spec.selector));
        if (selected.length === 0 || selected.some((pod) => !POD_COUNTED_KINDS.has(pod.kind))) continue; // pod count unknown (DaemonSet, Job...)
        const counts = selected.map((pod) => ({ pod, replicas: lowestReplicas(inventory, pod.manifest) }));
        const total = counts.reduce((sum, { replicas }) => sum + replicas, 0);
        const required = scaled(spec.minAvailable, total);
        if (required !== undefined && required >= total) {
          const of = counts.length === 1 ? `${counts[0]!.pod.kind} ${counts[0]!.pod.name}` : `${counts.map(({ pod, replicas }) => `${pod.kind} ${pod.name}: ${replicas}`).join(', ')}`;
          const pods = counts.length === 1 ? `the ${total} pods of ${of}` : `the ${total} pods it selects (${of})`;
          report(pdb, ['spec', 'minAvailable'], `minAvailable ${show(spec.minAvailable)} needs ${required} of ${pods} available, so none may be evicted`);
        }
      }
    },
  },
  {
    id: 'replica-spread',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A workload with 2 or more replicas spreads them with topologySpreadConstraints or podAntiAffinity that select its own pods.',
    hint: 'add topologySpreadConstraints over kubernetes.io/hostname and topology.kubernetes.io/zone with a labelSelector matching the pod labels',
    rationale: 'Replicas on one node or zone fail together, which defeats running several. kube-linter no-anti-affinity; Polaris topologySpreadConstraint; kube-score pod-topology-spread-constraints.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        if (!isReplicated(inventory, pod.manifest)) continue;
        const spread = asArray(pod.spec.topologySpreadConstraints).some((constraint) => selectsSelf(constraint, pod));
        const antiAffinity = asRecord(asRecord(pod.spec.affinity)?.podAntiAffinity) ?? {};
        const required = asArray(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution);
        const preferred = asArray(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((weighted) => asRecord(weighted)?.podAffinityTerm);
        const anti = [...required, ...preferred].some((term) => selectsSelf(term, pod));
        if (!spread && !anti) {
          report(pod.manifest, [...pod.specPath, 'topologySpreadConstraints'], `${replicaReason(inventory, pod.manifest)} but no topologySpreadConstraint or podAntiAffinity term selects its own pods (labels ${describeLabels(pod.labels)})`);
        }
      }
    },
  },
  {
    id: 'priority-class',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every pod sets priorityClassName, naming a PriorityClass in the checked set or a built-in system-cluster-critical / system-node-critical.',
    hint: 'set spec.priorityClassName to a PriorityClass that this stack defines',
    rationale: 'Without a priority class, pods of critical services are preempted as readily as batch jobs; a class that does not exist makes the API server reject the pod. kube-linter priority-class-name; Polaris priorityClassNotSet.',
    run(inventory, report) {
      for (const pod of inventory.podTemplates) {
        const name = asString(pod.spec.priorityClassName);
        const path = [...pod.specPath, 'priorityClassName'];
        if (name === undefined) {
          report(pod.manifest, path, 'the pod sets no priorityClassName');
        } else if (!BUILT_IN_PRIORITY_CLASSES.has(name) && !inventory.find('PriorityClass', undefined, name)) {
          report(pod.manifest, path, `priorityClassName ${show(name)} names no PriorityClass in the checked set`, `define PriorityClass ${name}, or use one that exists`);
        }
      }
    },
  },
];
