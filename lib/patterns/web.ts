/**
 * `web`: a rolling Deployment (never below the desired count) + ClusterIP Service (+ Ingress); or,
 * with `release.strategy: canary | blueGreen`, an Argo Rollouts `Rollout` of the same pod template
 * and the Services the release needs (stable and canary, or preview and metrics).
 */
import type { Construct } from 'constructs';
import { ReleaseServices, ServiceRollout } from '../constructs/rollout';
import { ServiceDeployment } from '../constructs/workload';
import { selectorLabels } from '../constructs/labels';
import { servicePorts } from '../constructs/service-exposure';
import { trafficRoutingFor } from '../model/release';
import { minReplicas } from '../model/service-facts';
import { ServicePattern, type ServicePatternProps, type WorkloadContext } from './service-pattern';

export class WebService extends ServicePattern {
  /** Present when the service releases through Argo Rollouts. */
  readonly releaseServices?: ReleaseServices;

  constructor(scope: Construct, id: string, props: ServicePatternProps) {
    super(scope, id, props);
    if (this.workload instanceof ServiceRollout && this.exposure) {
      const own = this.exposure.kubeService.metadata;
      this.releaseServices = new ReleaseServices(this, 'Release', {
        metadata: { namespace: own.namespace, labels: this.exposure.kubeService.toJson().metadata.labels },
        selector: selectorLabels(props.labels, props.name),
        ports: servicePorts(props.service),
        release: this.workload.release,
      });
    }
  }

  protected createWorkload(context: WorkloadContext): ServiceDeployment | ServiceRollout {
    const { release } = context;
    if (release.strategy === 'rolling') return deploymentOf(this, context);
    return new ServiceRollout(this, 'Workload', {
      metadata: context.metadata,
      selector: context.selector,
      template: context.template(),
      replicas: context.service.autoscaling ? undefined : minReplicas(context.service),
      release,
      trafficRouting: trafficRoutingFor(context.environment, context.name, context.stack),
    });
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
