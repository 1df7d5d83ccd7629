/** `web`: a rolling Deployment (never below the desired count) + ClusterIP Service (+ Ingress). */
import { ServiceDeployment } from '../constructs/workload';
import { minReplicas } from '../model/service-facts';
import { ServicePattern, type WorkloadContext } from './service-pattern';

export class WebService extends ServicePattern {
  protected createWorkload(context: WorkloadContext): ServiceDeployment {
    return deploymentOf(this, context);
  }
}

/** A Deployment shaped by the kind's traits; shared by web, worker and singleton. */
export function deploymentOf(pattern: ServicePattern, { metadata, selector, service, template }: WorkloadContext): ServiceDeployment {
  return new ServiceDeployment(pattern, 'Workload', {
    metadata,
    selector,
    template: template(),
    // With an HPA (ours, or the one KEDA owns), the HPA owns the count: a replicas field here would make ArgoCD fight it.
    replicas: service.autoscaling || service.keda ? undefined : minReplicas(service),
    neverTwoAtOnce: pattern.traits.neverTwoAtOnce,
  });
}
