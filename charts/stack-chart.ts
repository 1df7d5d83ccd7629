/**
 * One environment of a stack as a cdk8s Chart: the namespace and its guardrails,
 * priority classes, network policies, and every enabled service.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { LabelContext } from '../lib/constructs/labels';
import { EdgeGateway } from '../lib/constructs/gateway';
import { NetworkPolicies } from '../lib/constructs/network-policies';
import { edgeMode } from '../lib/model/edge';
import { PriorityClasses, priorityClassName } from '../lib/constructs/priority-classes';
import { StackNamespace } from '../lib/constructs/stack-namespace';
import { Operations } from '../lib/operations';
import { renderService } from '../lib/patterns';
import type { ResolvedService } from '../lib/model/schema';
import { priorityTier } from '../lib/model/service-facts';
import type { ResolvedOverlay } from '../lib/overlay';

export class StackChart extends Chart {
  readonly services: readonly Construct[];

  constructor(scope: Construct, readonly overlay: ResolvedOverlay) {
    // Object names come from the overlay, never from construct paths: no hash suffixes.
    super(scope, overlay.environment, { disableResourceNameHashes: true });
    const { stack, environment } = overlay;
    const labels: LabelContext = { stack: stack.stack.name, environment, extra: stack.stack.labels };
    const namespace = stack.stack.namespace;

    new StackNamespace(this, 'Namespace', { namespace, labels });
    new PriorityClasses(this, 'Priorities', labels);
    new NetworkPolicies(this, 'Network', { stack, namespace, labels });
    if (edgeMode(stack) === 'gateway') new EdgeGateway(this, 'Edge', { stack, namespace, labels });
    this.services = Object.keys(stack.services)
      .sort()
      .filter((name) => stack.services[name].enabled !== false)
      .map((name) => {
        const service = stack.services[name] as ResolvedService;
        return renderService(this, {
          name,
          namespace,
          labels,
          stack,
          service,
          priorityClassName: priorityClassName(labels, priorityTier(service)),
        });
      });
    new Operations(this, 'Operations', { stack, namespace, labels });
  }
}
