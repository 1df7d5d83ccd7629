/**
 * Autoscalers that can actually work: HPAs pointing at something real that
 * they alone size, and VPAs that never resize the resource an HPA scales on
 * (the two would chase each other: the VPA raises requests, utilisation drops,
 * the HPA removes pods, utilisation rises...).
 */
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { nameOf, namespaceOf } from '../objects';
import { resolveRef, scaleTargetRef, scalingOf } from '../scaling';
import { findDeprecation } from '../schema/deprecations';
import type { Manifest } from '../types';
import { asArray, asRecord, asString, show } from '../../shared/values';
import { appendTo } from '../../shared/collections';

const group = 'autoscaling';
const UPDATING_MODES = new Set(['Auto', 'Recreate', 'Initial', 'InPlaceOrRecreate']);
const SCALED_RESOURCES = ['cpu', 'memory'] as const;

/** Resources (per container, or '*' for all) an HPA scales on. With no metrics the v2 API defaults to CPU at 80 %. */
function hpaResources(hpa: Manifest): { resource: string; container: string; via: string }[] {
  const spec = asRecord(hpa.object.spec) ?? {};
  if (String(hpa.object.apiVersion) === 'autoscaling/v1') return [{ resource: 'cpu', container: '*', via: 'targetCPUUtilizationPercentage' }];
  const metrics = asArray(spec.metrics);
  if (metrics.length === 0) return [{ resource: 'cpu', container: '*', via: 'the default CPU metric (no metrics set)' }];
  const out: { resource: string; container: string; via: string }[] = [];
  metrics.forEach((value, index) => {
    const metric = asRecord(value) ?? {};
    if (metric.type === 'Resource') {
      const name = asString(asRecord(metric.resource)?.name);
      if (name) out.push({ resource: name, container: '*', via: `metrics[${index}] (${name} ${asString(asRecord(asRecord(metric.resource)?.target)?.type) ?? 'target'})` });
    } else if (metric.type === 'ContainerResource') {
      const source = asRecord(metric.containerResource) ?? {};
      const name = asString(source.name);
      if (name) out.push({ resource: name, container: asString(source.container) ?? '*', via: `metrics[${index}] (${name} of container ${show(source.container)})` });
    }
  });
  return out;
}

/**
 * What a VPA updates, per container name of the target ('*' standing for
 * containers not named in any policy). A container policy with mode Off
 * controls nothing; controlledResources defaults to both cpu and memory.
 */
function vpaControls(vpa: Manifest, containerNames: readonly string[]): Map<string, Set<string>> {
  const policies = new Map<string, Record<string, any>>();
  for (const value of asArray(asRecord(asRecord(vpa.object.spec)?.resourcePolicy)?.containerPolicies)) {
    const policy = asRecord(value);
    const name = asString(policy?.containerName);
    if (policy && name) policies.set(name, policy);
  }
  const controlled = (policy: Record<string, any> | undefined): Set<string> => {
    if (policy?.mode === 'Off') return new Set();
    const resources = policy?.controlledResources;
    return new Set(Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : SCALED_RESOURCES);
  };
  const out = new Map<string, Set<string>>();
  const names = containerNames.length > 0 ? containerNames : [...policies.keys(), '*'];
  for (const name of names) out.set(name, controlled(policies.get(name) ?? policies.get('*')));
  return out;
}

function refKey(namespace: string | undefined, kind: string, name: string): string {
  return `${namespace ?? ''}\u0000${kind}\u0000${name}`;
}

/** HPAs by the object they scale (namespace, kind, name). */
function hpasByTarget(inventory: Inventory): Map<string, Manifest[]> {
  const hpasByRef = new Map<string, Manifest[]>();
  for (const hpa of inventory.ofKind('HorizontalPodAutoscaler')) {
    const ref = scaleTargetRef(hpa);
    if (ref) appendTo(hpasByRef, refKey(namespaceOf(hpa.object), ref.kind, ref.name), hpa);
  }
  return hpasByRef;
}

/** What a VPA that updates pods targets, and where a finding about it points. */
interface UpdatedTarget {
  readonly kind: string;
  readonly name: string;
  readonly mode: string;
  readonly path: readonly string[];
}

/** Each VPA that updates pods, with its target and the HPAs that scale the same target (when there are any). */
function updatingVpasWithHpas(inventory: Inventory): { vpa: Manifest; target: UpdatedTarget; hpas: readonly Manifest[] }[] {
  const hpasByRef = hpasByTarget(inventory);
  return inventory.ofKind('VerticalPodAutoscaler').flatMap((vpa) => {
    const target = updatedTarget(vpa);
    const hpas = target ? (hpasByRef.get(refKey(namespaceOf(vpa.object), target.kind, target.name)) ?? []) : [];
    return target && hpas.length > 0 ? [{ vpa, target, hpas }] : [];
  });
}

/** The target of a VPA that updates pods; undefined for a VPA in mode Off or without a target. */
function updatedTarget(vpa: Manifest): UpdatedTarget | undefined {
  const spec = asRecord(vpa.object.spec) ?? {};
  const mode = asString(asRecord(spec.updatePolicy)?.updateMode) ?? 'Auto';
  const ref = asRecord(spec.targetRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!UPDATING_MODES.has(mode) || !kind || !name) return undefined;
  const path = asRecord(spec.updatePolicy)?.updateMode !== undefined ? ['spec', 'updatePolicy', 'updateMode'] : ['spec', 'targetRef'];
  return { kind, name, mode, path };
}

/** The (non-init) container names of the target's pod template; none when the target is not in the checked set. */
function containerNamesOf(inventory: Inventory, namespace: string | undefined, target: { kind: string; name: string }): string[] {
  const object = inventory.find(target.kind, namespace, target.name);
  return object ? (inventory.podTemplate(object)?.containers.filter((c) => c.list === 'containers').map((c) => c.name) ?? []) : [];
}

export const autoscalingChecks: readonly Check[] = [
  {
    id: 'hpa-target-exists',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'A HorizontalPodAutoscaler\'s scaleTargetRef names an object in the checked set (same namespace, kind, name and API group), with an apiVersion that is neither removed nor deprecated.',
    hint: 'point spec.scaleTargetRef at the workload\'s apiVersion, kind and name',
    rationale: 'An HPA whose target does not exist scales nothing, and nobody notices until load arrives. kube-linter dangling-horizontalpodautoscaler; kube-score horizontalpodautoscaler-has-target.',
    run(inventory, report) {
      for (const hpa of inventory.ofKind('HorizontalPodAutoscaler')) {
        const ref = scaleTargetRef(hpa);
        if (ref === undefined) {
          report(hpa, ['spec', 'scaleTargetRef'], 'spec.scaleTargetRef has no kind and name');
          continue;
        }
        const deprecation = ref.apiVersion === undefined ? undefined : findDeprecation(ref.apiVersion, ref.kind);
        if (deprecation) {
          const instead = deprecation.replacement ? `; use ${deprecation.replacement}` : '';
          const effect = deprecation.severity === 'error' ? 'the HPA controller cannot reach the scale subresource' : 'it stops working when the version is removed';
          report(hpa, ['spec', 'scaleTargetRef', 'apiVersion'], `scaleTargetRef apiVersion ${show(ref.apiVersion)} for ${ref.kind} is ${deprecation.status}: ${effect}${instead}`);
          continue;
        }
        if (resolveRef(inventory, hpa, ref)) continue;
        const namespace = namespaceOf(hpa.object);
        const sameName = inventory.find(ref.kind, namespace, ref.name);
        const message = sameName
          ? `scaleTargetRef ${ref.kind} ${ref.name} has apiVersion ${show(ref.apiVersion)}, but the object is ${show(sameName.object.apiVersion)}`
          : `scaleTargetRef ${ref.kind} ${ref.name} does not exist in namespace "${namespace}"`;
        report(hpa, ['spec', 'scaleTargetRef', sameName ? 'apiVersion' : 'name'], message);
      }
    },
  },
  {
    id: 'hpa-target-no-replicas',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A workload scaled by a HorizontalPodAutoscaler does not set spec.replicas.',
    hint: 'remove spec.replicas and let the HPA\'s minReplicas decide',
    rationale: 'With spec.replicas in Git, every sync resets the replica count the HPA chose: a deploy during peak load scales the service down. kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured.',
    run(inventory, report) {
      const scaling = scalingOf(inventory);
      for (const hpa of inventory.ofKind('HorizontalPodAutoscaler')) {
        const target = scaling.targetOf(hpa);
        const replicas = asRecord(target?.object.spec)?.replicas;
        if (target && replicas !== undefined) {
          report(target, ['spec', 'replicas'], `spec.replicas is ${show(replicas)}, but HorizontalPodAutoscaler ${nameOf(hpa.object)} scales this ${target.object.kind}; every apply resets the HPA's choice`);
        }
      }
    },
  },
  {
    id: 'hpa-min-max',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'A HorizontalPodAutoscaler\'s minReplicas (default 1) is not above its maxReplicas.',
    hint: 'set minReplicas ≤ maxReplicas',
    rationale: 'The API server rejects minReplicas > maxReplicas, so the whole sync fails. Polaris hpaMinAvailability.',
    run(inventory, report) {
      for (const hpa of inventory.ofKind('HorizontalPodAutoscaler')) {
        const spec = asRecord(hpa.object.spec) ?? {};
        const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
        if (typeof spec.maxReplicas === 'number' && min > spec.maxReplicas) {
          report(hpa, ['spec', spec.minReplicas === undefined ? 'maxReplicas' : 'minReplicas'], `minReplicas ${min} is above maxReplicas ${spec.maxReplicas}`);
        }
      }
    },
  },
  {
    id: 'vpa-hpa-conflict',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A VerticalPodAutoscaler that updates pods (Auto, Recreate, Initial, InPlaceOrRecreate) does not control cpu or memory of a target an HPA scales on that resource.',
    hint: 'set the VPA updateMode to Off (recommendations only), remove the resource from resourcePolicy.containerPolicies[].controlledResources, or scale the HPA on a custom metric',
    rationale: 'A VPA and an HPA acting on the same resource fight: the VPA raises requests, utilisation falls, the HPA removes pods, and round again. The VPA documentation warns against it.',
    run(inventory, report) {
      for (const { vpa, target, hpas } of updatingVpasWithHpas(inventory)) {
        const controls = vpaControls(vpa, containerNamesOf(inventory, namespaceOf(vpa.object), target));
        for (const hpa of hpas) {
          const clashes = hpaResources(hpa).filter(({ resource, container }) =>
            [...controls].some(([vpaContainer, resources]) => resources.has(resource) && (container === '*' || vpaContainer === '*' || vpaContainer === container)),
          );
          if (clashes.length === 0) continue;
          const what = [...new Set(clashes.map((c) => c.resource))].join(' and ');
          report(vpa, target.path, `updateMode ${target.mode} lets this VPA set ${what} of ${target.kind} ${target.name}, which HorizontalPodAutoscaler ${nameOf(hpa.object)} scales on via ${clashes.map((c) => c.via).join(', ')}`);
        }
      }
    },
  },
];
