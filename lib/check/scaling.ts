/**
 * Replica counts as the cluster will see them: which autoscalers (HPAs, and
 * KEDA ScaledObjects, which own the HPA KEDA creates for them) scale which
 * workload, and the smallest number of pods a workload may run with.
 * Shared by the availability and autoscaling checks; computed once per set.
 */
import type { Inventory } from './inventory';
import { apiGroupOf, nameOf, namespaceOf } from './objects';
import { findDeprecation } from './schema/deprecations';
import type { Manifest } from './types';
import { asRecord, asString } from '../shared/values';
import { appendTo } from '../shared/collections';

/** Kinds whose replica count an HPA can drive and a PDB must respect. */
export const REPLICATED_KINDS = ['Deployment', 'Rollout', 'StatefulSet', 'ReplicaSet', 'ReplicationController'] as const;

export interface ScaleTargetRef {
  readonly kind: string;
  readonly name: string;
  readonly apiVersion: string | undefined;
}

/** Kinds that drive a workload's replica count: an HPA, or a KEDA ScaledObject (KEDA creates and owns the HPA). */
export const AUTOSCALER_KINDS = ['HorizontalPodAutoscaler', 'ScaledObject'] as const;

export interface Scaling {
  /** The object an autoscaler names, when it is in the set. */
  targetOf(autoscaler: Manifest): Manifest | undefined;
  /** Autoscalers (HPAs and ScaledObjects) that scale a workload. */
  hpasOf(workload: Manifest): readonly Manifest[];
}

/** Every HPA and ScaledObject of the set. */
export function autoscalersOf(inventory: Inventory): Manifest[] {
  return AUTOSCALER_KINDS.flatMap((kind) => [...inventory.ofKind(kind)]);
}

const cache = new WeakMap<Inventory, Scaling>();

export function scaleTargetRef(hpa: Manifest): ScaleTargetRef | undefined {
  const ref = asRecord(asRecord(hpa.object.spec)?.scaleTargetRef);
  // A ScaledObject's target kind and apiVersion default to a Deployment of apps/v1 (KEDA's CRD).
  const keda = hpa.object.kind === 'ScaledObject';
  const kind = asString(ref?.kind) ?? (keda ? 'Deployment' : undefined);
  const name = asString(ref?.name);
  if (kind === undefined || name === undefined) return undefined;
  return { kind, name, apiVersion: asString(ref?.apiVersion) ?? (keda && ref?.kind === undefined ? 'apps/v1' : undefined) };
}

/**
 * Resolves a `{kind, name, apiVersion}` reference in the namespace of `from`;
 * the group must agree when given, and the version must still be served (an
 * HPA naming apps/v1beta1 cannot reach the scale subresource, whatever the group).
 */
export function resolveRef(inventory: Inventory, from: Manifest, ref: ScaleTargetRef): Manifest | undefined {
  const target = inventory.find(ref.kind, namespaceOf(from.object), ref.name);
  if (target === undefined) return undefined;
  if (ref.apiVersion !== undefined && findDeprecation(ref.apiVersion, ref.kind)?.severity === 'error') return undefined;
  if (ref.apiVersion !== undefined && apiGroupOf(ref.apiVersion) !== apiGroupOf(target.object.apiVersion)) return undefined;
  return target;
}

export function scalingOf(inventory: Inventory): Scaling {
  let scaling = cache.get(inventory);
  if (scaling) return scaling;
  const targets = new Map<Manifest, Manifest>();
  const hpas = new Map<Manifest, Manifest[]>();
  for (const hpa of autoscalersOf(inventory)) {
    const ref = scaleTargetRef(hpa);
    const target = ref && resolveRef(inventory, hpa, ref);
    if (!target) continue;
    targets.set(hpa, target);
    appendTo(hpas, target, hpa);
  }
  scaling = { targetOf: (hpa) => targets.get(hpa), hpasOf: (workload) => hpas.get(workload) ?? [] };
  cache.set(inventory, scaling);
  return scaling;
}

/** minReplicas of an HPA (the API default is 1), or minReplicaCount of a ScaledObject (KEDA's default is 0). */
export function hpaMinReplicas(hpa: Manifest): number {
  const spec = asRecord(hpa.object.spec);
  if (hpa.object.kind === 'ScaledObject') return typeof spec?.minReplicaCount === 'number' ? spec.minReplicaCount : 0;
  const value = spec?.minReplicas;
  return typeof value === 'number' ? value : 1;
}

/** spec.replicas of a workload (the API default is 1; a bare Pod is 1). */
export function specReplicas(workload: Manifest): number {
  const value = asRecord(workload.object.spec)?.replicas;
  return typeof value === 'number' ? value : 1;
}

/**
 * The fewest pods the workload runs with: the lowest HPA minReplicas when an
 * HPA drives it (the HPA overrides spec.replicas), else spec.replicas.
 */
export function lowestReplicas(inventory: Inventory, workload: Manifest): number {
  const hpas = scalingOf(inventory).hpasOf(workload);
  if (hpas.length === 0) return specReplicas(workload);
  return Math.min(...hpas.map(hpaMinReplicas));
}

/** True when the workload is meant to run ≥ 2 pods: spec.replicas ≥ 2 or an HPA with minReplicas ≥ 2. */
export function isReplicated(inventory: Inventory, workload: Manifest): boolean {
  if (!(REPLICATED_KINDS as readonly string[]).includes(String(workload.object.kind))) return false;
  const hpas = scalingOf(inventory).hpasOf(workload);
  return specReplicas(workload) >= 2 || hpas.some((hpa) => hpaMinReplicas(hpa) >= 2);
}

/** Why a workload counts as replicated, for messages: `it runs 3 replicas` or `HorizontalPodAutoscaler api keeps at least 2 replicas`. */
export function replicaReason(inventory: Inventory, workload: Manifest): string {
  const hpa = scalingOf(inventory)
    .hpasOf(workload)
    .find((candidate) => hpaMinReplicas(candidate) >= 2);
  if (hpa) return `${hpa.object.kind} ${nameOf(hpa.object)} keeps at least ${hpaMinReplicas(hpa)} replicas`;
  return `it runs ${specReplicas(workload)} replicas`;
}
