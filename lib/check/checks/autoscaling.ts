/**
 * Autoscalers that can actually work: HPAs pointing at something real that
 * they alone size, and VPAs that never resize the resource an HPA scales on
 * (the two would chase each other: the VPA raises requests, utilisation drops,
 * the HPA removes pods, utilisation rises...).
 */
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { nameOf, namespaceOf } from '../objects';
import { autoscalersOf, resolveRef, scaleTargetRef, scalingOf } from '../scaling';
import { isSecretLikeName, secretInValue } from '../../shared/sensitive';
import { findDeprecation } from '../schema/deprecations';
import type { Manifest } from '../types';
import { asArray, asRecord, asString, show } from '../../shared/values';
import { appendTo } from '../../shared/collections';

const group = 'autoscaling';
const UPDATING_MODES = new Set(['Auto', 'Recreate', 'Initial', 'InPlaceOrRecreate']);
const SCALED_RESOURCES = ['cpu', 'memory'] as const;

/**
 * Resources (per container, or '*' for all) an HPA scales on. With no metrics the v2 API defaults to CPU at 80 %.
 * A ScaledObject scales on the resources of its `cpu` and `memory` triggers (KEDA turns them into Resource metrics).
 */
function hpaResources(hpa: Manifest): { resource: string; container: string; via: string }[] {
  const spec = asRecord(hpa.object.spec) ?? {};
  if (hpa.object.kind === 'ScaledObject') {
    return asArray(spec.triggers).flatMap((value, index) => {
      const trigger = asRecord(value) ?? {};
      const type = asString(trigger.type);
      if (type !== 'cpu' && type !== 'memory') return [];
      const container = asString(asRecord(trigger.metadata)?.containerName) ?? '*';
      return [{ resource: type, container, via: `triggers[${index}] (${type} trigger)` }];
    });
  }
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

/** HPAs and ScaledObjects by the object they scale (namespace, kind, name). */
function hpasByTarget(inventory: Inventory): Map<string, Manifest[]> {
  const hpasByRef = new Map<string, Manifest[]>();
  for (const hpa of autoscalersOf(inventory)) {
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
    description: 'A workload scaled by a HorizontalPodAutoscaler or a KEDA ScaledObject does not set spec.replicas.',
    hint: 'remove spec.replicas and let the HPA\'s minReplicas (the ScaledObject\'s minReplicaCount) decide',
    rationale: 'With spec.replicas in Git, every sync resets the replica count the HPA chose: a deploy during peak load scales the service down. kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured.',
    run(inventory, report) {
      const scaling = scalingOf(inventory);
      for (const hpa of autoscalersOf(inventory)) {
        const target = scaling.targetOf(hpa);
        const replicas = asRecord(target?.object.spec)?.replicas;
        if (target && replicas !== undefined) {
          report(target, ['spec', 'replicas'], `spec.replicas is ${show(replicas)}, but ${hpa.object.kind} ${nameOf(hpa.object)} scales this ${target.object.kind}; every apply resets the HPA's choice`);
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
    description: 'A VerticalPodAutoscaler that updates pods (Auto, Recreate, Initial, InPlaceOrRecreate) does not control cpu or memory of a target an HPA (or a KEDA ScaledObject\'s cpu/memory trigger) scales on that resource.',
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
          report(vpa, target.path, `updateMode ${target.mode} lets this VPA set ${what} of ${target.kind} ${target.name}, which ${hpa.object.kind} ${nameOf(hpa.object)} scales on via ${clashes.map((c) => c.via).join(', ')}`);
        }
      }
    },
  },
  {
    id: 'one-autoscaler-per-target',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'A workload is scaled by at most one autoscaler: one HorizontalPodAutoscaler or one KEDA ScaledObject (which creates and owns its own HPA), never two of them.',
    hint: 'keep one autoscaler per workload: with KEDA, move the HPA\'s metrics into the ScaledObject\'s triggers (cpu, memory) and delete the HPA',
    rationale: 'Two HPAs on one workload (KEDA\'s and another) each set the replica count from their own metrics: the count flaps between their answers on every sync period. KEDA refuses a ScaledObject whose target another HPA already scales; the Kubernetes docs warn against two HPAs on one target.',
    run(inventory, report) {
      for (const scalers of hpasByTarget(inventory).values()) {
        if (scalers.length < 2) continue;
        const [first, ...others] = scalers;
        const ref = scaleTargetRef(first!)!;
        for (const other of others) {
          report(other, ['spec', 'scaleTargetRef'], `${ref.kind} ${ref.name} is already scaled by ${first!.object.kind} ${nameOf(first!.object)}; a second autoscaler on it would fight the first over its replica count`);
        }
      }
    },
  },
  {
    id: 'scaledobject-target-exists',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'A KEDA ScaledObject\'s scaleTargetRef (kind Deployment and apiVersion apps/v1 when left out) names a workload in the checked set.',
    hint: 'point spec.scaleTargetRef at the workload\'s apiVersion, kind and name',
    rationale: 'A ScaledObject whose target does not exist scales nothing: KEDA reports it not ready and the queue grows unnoticed. The same rule as hpa-target-exists, for the HPA KEDA creates.',
    run(inventory, report) {
      for (const scaled of inventory.ofKind('ScaledObject')) {
        const ref = scaleTargetRef(scaled);
        if (ref === undefined) {
          report(scaled, ['spec', 'scaleTargetRef'], 'spec.scaleTargetRef has no name');
          continue;
        }
        if (resolveRef(inventory, scaled, ref)) continue;
        const namespace = namespaceOf(scaled.object);
        const sameName = inventory.find(ref.kind, namespace, ref.name);
        const message = sameName
          ? `scaleTargetRef ${ref.kind} ${ref.name} has apiVersion ${show(ref.apiVersion)}, but the object is ${show(sameName.object.apiVersion)}`
          : `scaleTargetRef ${ref.kind} ${ref.name} does not exist in namespace "${namespace}"`;
        report(scaled, ['spec', 'scaleTargetRef', sameName ? 'apiVersion' : 'name'], message);
      }
    },
  },
  {
    id: 'keda-trigger-authentication',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'Every authenticationRef of a ScaledObject\'s triggers names a TriggerAuthentication in the checked set (same namespace), or a ClusterTriggerAuthentication.',
    hint: 'render the TriggerAuthentication beside the ScaledObject, or fix authenticationRef.name',
    rationale: 'A trigger whose TriggerAuthentication is missing cannot connect: KEDA marks the ScaledObject not ready and never scales, silently for everyone but the KEDA logs.',
    run(inventory, report) {
      for (const scaled of inventory.ofKind('ScaledObject')) {
        asArray(asRecord(scaled.object.spec)?.triggers).forEach((value, index) => {
          const ref = asRecord(asRecord(value)?.authenticationRef);
          const name = asString(ref?.name);
          if (!ref || name === undefined) return;
          const kind = asString(ref.kind) ?? 'TriggerAuthentication';
          const found = kind === 'ClusterTriggerAuthentication' ? inventory.find(kind, undefined, name) : inventory.find(kind, namespaceOf(scaled.object), name);
          // A ClusterTriggerAuthentication is cluster-wide and often installed with KEDA: only a namespaced one must be here.
          if (found || kind === 'ClusterTriggerAuthentication') return;
          report(scaled, ['spec', 'triggers', index, 'authenticationRef', 'name'], `triggers[${index}] authenticates with ${kind} ${name}, which does not exist in namespace "${namespaceOf(scaled.object)}"`);
        });
      }
    },
  },
  {
    id: 'keda-literal-credentials',
    class: 'policy',
    group,
    severity: 'error',
    description: 'No credential is written into a ScaledObject\'s trigger metadata (a secret-looking key such as password, or a value holding a secret) or as a literal Vault token in a TriggerAuthentication: KEDA reads credentials from Secrets (TriggerAuthentication secretTargetRef).',
    hint: 'move the value into a Secret and reference it from a TriggerAuthentication (spec.secretTargetRef: parameter, name, key); point the trigger\'s authenticationRef at it',
    rationale: 'Trigger metadata is plain text in Git and readable by anyone who can read the ScaledObject. KEDA\'s documentation: "secrets should be passed through TriggerAuthentication". Like env-var-secret for containers.',
    run(inventory, report) {
      for (const scaled of inventory.ofKind('ScaledObject')) {
        asArray(asRecord(scaled.object.spec)?.triggers).forEach((value, index) => {
          const metadata = asRecord(asRecord(value)?.metadata) ?? {};
          for (const [key, raw] of Object.entries(metadata)) {
            if (typeof raw !== 'string' || raw === '' || /FromEnv$/.test(key)) continue;
            const inValue = secretInValue(raw);
            if (!isSecretLikeName(key) && !inValue) continue;
            const what = inValue ? `holds ${inValue}` : 'is a credential written in plain text';
            report(scaled, ['spec', 'triggers', index, 'metadata', key], `triggers[${index}].metadata.${key} ${what}`);
          }
        });
      }
      for (const auth of [...inventory.ofKind('TriggerAuthentication'), ...inventory.ofKind('ClusterTriggerAuthentication')]) {
        const token = asRecord(asRecord(asRecord(auth.object.spec)?.hashiCorpVault)?.credential)?.token;
        if (typeof token === 'string' && token !== '') {
          report(auth, ['spec', 'hashiCorpVault', 'credential', 'token'], 'spec.hashiCorpVault.credential.token is a Vault token written in plain text');
        }
      }
    },
  },
];
