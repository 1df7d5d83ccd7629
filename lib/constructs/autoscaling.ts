/**
 * Scaling of one workload: an autoscaling/v2 HPA (CPU 70 % / memory 80 % by default, custom
 * Pods/External metrics, rate limits and stabilization windows) and a VPA that never fights
 * it (by default it controls only the resources the HPA does not scale on).
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import * as vpaApi from '../../imports/verticalpodautoscalers-autoscaling.k8s.io';
import { durationSeconds } from '../model/duration';
import { bytes, millicores } from '../model/quantity';
import { hpaResources, vpaControlled, type RunnableService } from '../model/service-facts';

/** The CPU and memory utilisation an HPA aims for when the overlay names no target at all. */
export const DEFAULT_UTILISATION = { cpu: 70, memory: 80 } as const;

export interface ScaleTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

export interface AutoscalingProps {
  /** Metadata of the HPA and VPA (they share the workload's name). */
  readonly metadata: k8s.ObjectMeta;
  readonly service: RunnableService;
  readonly target: ScaleTarget;
  /** Name of the container the VPA sizes. */
  readonly containerName: string;
}

export class Autoscaling extends Construct {
  /** Present when the service has `autoscaling`. */
  readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Present when the service has `vpa`. */
  readonly vpa?: vpaApi.VerticalPodAutoscaler;

  constructor(scope: Construct, id: string, props: AutoscalingProps) {
    super(scope, id);
    const { service } = props;
    if (service.autoscaling) {
      this.hpa = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Hpa', { metadata: props.metadata, spec: hpaSpec(service.autoscaling, props.target) });
    }
    if (service.vpa) this.vpa = vpaFor(this, props, service.vpa);
  }
}

type Hpa = NonNullable<RunnableService['autoscaling']>;

function hpaSpec(hpa: Hpa, scaleTargetRef: ScaleTarget): k8s.HorizontalPodAutoscalerSpecV2 {
  const utilisation = (resource: 'cpu' | 'memory', averageUtilization: number): k8s.MetricSpecV2 => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
  });
  const defaults = hpa.cpu === undefined && hpa.memory === undefined && !hpa.custom?.length;
  const metrics: k8s.MetricSpecV2[] = [
    ...(hpa.cpu !== undefined || defaults ? [utilisation('cpu', hpa.cpu ?? DEFAULT_UTILISATION.cpu)] : []),
    ...(hpa.memory !== undefined || defaults ? [utilisation('memory', hpa.memory ?? DEFAULT_UTILISATION.memory)] : []),
    ...(hpa.custom ?? []).map(customMetric),
  ];
  // The schema fills in both blocks (ajv defaults), so they are always present here.
  return {
    scaleTargetRef: { ...scaleTargetRef },
    minReplicas: hpa.minReplicas,
    maxReplicas: hpa.maxReplicas,
    metrics,
    behavior: { scaleUp: scalingRules(hpa.scaleUp!), scaleDown: scalingRules(hpa.scaleDown!) },
  };
}

function customMetric(m: NonNullable<Hpa['custom']>[number]): k8s.MetricSpecV2 {
  const metric = { name: m.metric, selector: m.selector ? { matchLabels: m.selector } : undefined };
  const target = { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(m.averageValue)) };
  return m.type === 'pods' ? { type: 'Pods', pods: { metric, target } } : { type: 'External', external: { metric, target } };
}

function scalingRules(r: { stabilization: string; maxPercentPerMinute: number; maxPodsPerMinute: number }): k8s.HpaScalingRulesV2 {
  return {
    stabilizationWindowSeconds: durationSeconds(r.stabilization),
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: r.maxPercentPerMinute, periodSeconds: 60 },
      { type: 'Pods', value: r.maxPodsPerMinute, periodSeconds: 60 },
    ],
  };
}

type ResourceBounds = { cpu?: string | number; memory?: string };
type VpaBound = vpaApi.VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMaxAllowed;

/** `minAllowed`/`maxAllowed` as the CRD types them; numbers stay numbers. */
function vpaBounds(bounds?: ResourceBounds): Record<string, VpaBound> | undefined {
  if (!bounds || !(bounds.cpu || bounds.memory)) return undefined;
  const quantity = (v: string | number) => (typeof v === 'number' ? vpaApi.VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMaxAllowed.fromNumber(v) : vpaApi.VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMaxAllowed.fromString(v));
  return Object.fromEntries(Object.entries(bounds).map(([resource, value]) => [resource, quantity(value!)]));
}

function vpaFor(scope: Construct, props: AutoscalingProps, vpa: NonNullable<RunnableService['vpa']>): vpaApi.VerticalPodAutoscaler {
  const { service } = props;
  const scaled = service.autoscaling ? hpaResources(service.autoscaling) : [];
  const controlled = vpaControlled(service);
  return new vpaApi.VerticalPodAutoscaler(scope, 'Vpa', {
    metadata: {
      ...props.metadata,
      annotations: { 'cdk8s-stack.dev/vpa-note': vpaNote(vpa.mode, scaled, controlled, Boolean(service.autoscaling), Boolean(service.keda)) },
    },
    spec: {
      targetRef: { ...props.target },
      updatePolicy: { updateMode: vpa.mode as vpaApi.VerticalPodAutoscalerSpecUpdatePolicyUpdateMode },
      resourcePolicy: {
        containerPolicies: [
          {
            containerName: props.containerName,
            controlledResources: controlled.length ? controlled : ['cpu', 'memory'],
            controlledValues: vpaApi.VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesControlledValues.REQUESTS_AND_LIMITS,
            minAllowed: vpaBounds(vpa.minAllowed),
            maxAllowed: vpaBounds(vpa.maxAllowed),
          },
        ],
      },
    },
  });
}

/** Says in the output why this VPA and the HPA of the same workload cannot fight. */
function vpaNote(mode: string, scaled: readonly string[], controlled: readonly string[], hasHpa: boolean, hasKeda: boolean): string {
  const action = mode === 'Off' ? 'only recommends requests' : `updates ${controlled.join(' and ')} requests (mode ${mode})`;
  // KEDA's triggers here are queue lengths and schedules, never CPU or memory.
  if (hasKeda) return `KEDA scales this workload on queue length and schedules only; this VPA ${action}.`;
  if (!hasHpa) return `No HPA scales this workload; this VPA ${action}.`;
  if (!scaled.length) return `The HPA scales on custom metrics only; this VPA ${action}.`;
  return `The HPA scales on ${scaled.join(' and ')}; this VPA ${mode === 'Off' ? action : `${action} only`}, so the two never fight.`;
}

/**
 * The pod as a VPA that updates pods may size it at most: the main container's requests raised
 * to `maxAllowed` (limits keep their ratio to requests, as with `RequestsAndLimits`). The
 * namespace quota must admit that too.
 */
export function vpaPeakPod(pod: k8s.PodSpec, service: RunnableService): k8s.PodSpec {
  if (!service.vpa || service.vpa.mode === 'Off') return pod;
  const [main, ...rest] = pod.containers;
  const requests = { ...main.resources!.requests };
  const limits = { ...main.resources!.limits };
  for (const resource of vpaControlled(service)) {
    const max = service.vpa.maxAllowed?.[resource];
    const request = requests[resource];
    if (max === undefined || !request) continue;
    const unit = resource === 'cpu' ? millicores : bytes;
    const factor = unit(String(max)) / unit(String(request.value));
    if (factor <= 1) continue;
    requests[resource] = k8s.Quantity.fromString(String(max));
    const limit = limits[resource];
    if (limit) limits[resource] = k8s.Quantity.fromNumber(Math.ceil((unit(String(limit.value)) * factor) / (resource === 'cpu' ? 1000 : 1)));
  }
  return { ...pod, containers: [{ ...main, resources: { requests, limits } }, ...rest] };
}
