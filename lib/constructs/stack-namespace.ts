/**
 * The namespace a stack environment lives in and its guardrails:
 *  - the Namespace, enforcing the restricted Pod Security Standard (enforce, audit and
 *    warn, pinned to the target Kubernetes version so a cluster upgrade cannot silently
 *    change what is admitted);
 *  - a ResourceQuota sized from what the chart actually renders, at HPA maximums plus
 *    rolling-update surge, plus headroom — so the stack is always admitted;
 *  - a LimitRange with defaults for any container that sets no resources.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { bytes, millicores } from '../model/quantity';
import { recommendedLabels, type LabelContext } from './labels';

export const POD_SECURITY_VERSION = 'v1.28';
/** Quota headroom over the computed peak: room for a manual debug pod or a one-off job. */
export const QUOTA_HEADROOM = 1.2;

export interface StackNamespaceProps {
  readonly namespace: string;
  readonly labels: LabelContext;
}

interface Peak {
  pods: number;
  cpu: number;
  memory: number;
  memoryLimit: number;
  claims: number;
  storage: number;
  services: number;
}

export class StackNamespace extends Construct {
  readonly namespace: k8s.KubeNamespace;
  readonly quota: k8s.KubeResourceQuota;
  readonly limitRange: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: StackNamespaceProps) {
    super(scope, id);
    const podSecurity: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      podSecurity[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      podSecurity[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    const labels = (name: string, component: string) => recommendedLabels(props.labels, name, { component });
    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.namespace, labels: { ...labels(props.namespace, 'namespace'), ...podSecurity } },
    });

    const root = scope.node.root;
    this.quota = new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { name: props.namespace, namespace: props.namespace, labels: labels(props.namespace, 'quota') },
      // Computed at synth time, once every construct of the chart exists.
      spec: Lazy.any({ produce: () => quotaSpec(peakOf(root, this)) }),
    });

    this.limitRange = new k8s.KubeLimitRange(this, 'Limits', {
      metadata: { name: props.namespace, namespace: props.namespace, labels: labels(props.namespace, 'limit-range') },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
            default: { memory: k8s.Quantity.fromString('256Mi') },
            max: { memory: k8s.Quantity.fromString('16Gi') },
          },
        ],
      },
    });
  }
}

function quotaSpec(peak: Peak): k8s.ResourceQuotaSpec {
  const up = (value: number, step: number) => Math.ceil((value * QUOTA_HEADROOM) / step) * step;
  const mi = 2 ** 20;
  const hard: Record<string, k8s.Quantity> = {
    pods: k8s.Quantity.fromString(String(up(peak.pods, 1))),
    services: k8s.Quantity.fromString(String(up(peak.services, 1))),
    'requests.cpu': k8s.Quantity.fromString(`${up(peak.cpu, 100)}m`),
    'requests.memory': k8s.Quantity.fromString(`${up(peak.memory / mi, 256)}Mi`),
    'limits.memory': k8s.Quantity.fromString(`${up(peak.memoryLimit / mi, 256)}Mi`),
    persistentvolumeclaims: k8s.Quantity.fromString(String(up(peak.claims, 1))),
    'requests.storage': k8s.Quantity.fromString(`${up(peak.storage / 2 ** 30, 1)}Gi`),
  };
  return { hard };
}

/** Sums what the chart's workloads need at their peak: HPA maximum, plus one surge pod per rolling Deployment. */
function peakOf(root: Construct, self: Construct): Peak {
  const objects = root.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && !c.node.path.startsWith(self.node.path))
    .map((o) => o.toJson());
  const hpaMax = new Map<string, number>();
  for (const o of objects) {
    if (o.kind === 'HorizontalPodAutoscaler') hpaMax.set(`${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, o.spec.maxReplicas);
  }
  const peak: Peak = { pods: 0, cpu: 0, memory: 0, memoryLimit: 0, claims: 0, storage: 0, services: 0 };
  for (const o of objects) {
    if (o.kind === 'Service') peak.services++;
    const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : ['Deployment', 'StatefulSet'].includes(o.kind) ? o.spec.template.spec : undefined;
    if (!pod) continue;
    const replicas = hpaMax.get(`${o.kind}/${o.metadata.name}`) ?? o.spec.replicas ?? 1;
    const surge = o.kind === 'Deployment' && o.spec.strategy?.type !== 'Recreate' ? Math.ceil(replicas * 0.25) : 0;
    const count = replicas + surge;
    const sum = (containers: any[] = [], pick: (c: any) => string | undefined, unit: (q: string) => number) =>
      containers.reduce((total, c) => total + (pick(c) ? unit(pick(c)!) : 0), 0);
    const max = (containers: any[] = [], pick: (c: any) => string | undefined, unit: (q: string) => number) =>
      containers.reduce((m, c) => Math.max(m, pick(c) ? unit(pick(c)!) : 0), 0);
    // A pod's effective request: the larger of its containers' sum and its largest init container.
    const effective = (pick: (c: any) => string | undefined, unit: (q: string) => number) =>
      Math.max(sum(pod.containers, pick, unit), max(pod.initContainers, pick, unit));
    peak.pods += count;
    peak.cpu += count * effective((c) => c.resources?.requests?.cpu, millicores);
    peak.memory += count * effective((c) => c.resources?.requests?.memory, bytes);
    peak.memoryLimit += count * effective((c) => c.resources?.limits?.memory, bytes);
    for (const claim of o.spec.volumeClaimTemplates ?? []) {
      peak.claims += replicas;
      peak.storage += replicas * bytes(claim.spec.resources.requests.storage);
    }
  }
  return peak;
}
