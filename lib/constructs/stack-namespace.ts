/**
 * The namespace a stack environment lives in, enforcing the restricted Pod Security
 * Standard (enforce, audit and warn all set, pinned to the target Kubernetes version so
 * a cluster upgrade cannot silently change what is admitted).
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recommendedLabels, type LabelContext } from './labels';

export const POD_SECURITY_VERSION = 'v1.28';

export interface StackNamespaceProps {
  readonly namespace: string;
  readonly labels: LabelContext;
}

export class StackNamespace extends Construct {
  readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: StackNamespaceProps) {
    super(scope, id);
    const podSecurity: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      podSecurity[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      podSecurity[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.namespace,
        labels: { ...recommendedLabels(props.labels, props.namespace, { component: 'namespace' }), ...podSecurity },
      },
    });
  }
}
