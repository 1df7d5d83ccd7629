/**
 * The namespace a stack environment lives in and its guardrails:
 *  - the Namespace, enforcing the restricted Pod Security Standard (enforce, audit and
 *    warn, pinned to the target Kubernetes version so a cluster upgrade cannot silently
 *    change what is admitted);
 *  - a ResourceQuota sized from what the chart's constructs record in the ResourceLedger
 *    (every workload at its HPA maximum plus rolling-update surge, every claim), plus
 *    headroom — so the stack is always admitted;
 *  - a LimitRange with defaults for any container that sets no resources.
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recommendedLabels, type LabelContext } from './labels';
import { ResourceLedger, type Peak } from './resource-ledger';

export const POD_SECURITY_VERSION = 'v1.28';
/** Quota headroom over the computed peak: room for a manual debug pod or a one-off job. */
export const QUOTA_HEADROOM = 1.2;

export interface StackNamespaceProps {
  readonly namespace: string;
  readonly labels: LabelContext;
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

    const ledger = ResourceLedger.of(this);
    this.quota = new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { name: props.namespace, namespace: props.namespace, labels: labels(props.namespace, 'quota') },
      // Computed at synth time, once every construct of the chart exists.
      spec: Lazy.any({ produce: () => quotaSpec(ledger.peak()) }),
    });

    this.limitRange = new k8s.KubeLimitRange(this, 'Limits', {
      metadata: { name: props.namespace, namespace: props.namespace, labels: labels(props.namespace, 'limit-range') },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
            default: { memory: k8s.Quantity.fromString('256Mi') },
          },
        ],
      },
    });
  }
}

function quotaSpec(peak: Readonly<Peak>): k8s.ResourceQuotaSpec {
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
