/** `store`: a StatefulSet with one retained volume claim per replica + headless Service. */
import { ResourceLedger } from '../constructs/resource-ledger';
import { ServiceStatefulSet } from '../constructs/workload';
import { maxReplicas, minReplicas } from '../model/service-facts';
import { ServicePattern, type WorkloadContext } from './service-pattern';

export class StoreService extends ServicePattern {
  protected createWorkload({ metadata, selector, service, stableLabels, template }: WorkloadContext): ServiceStatefulSet {
    ResourceLedger.of(this).addClaims(maxReplicas(service), service.storage!.size);
    return new ServiceStatefulSet(this, 'Workload', {
      metadata,
      selector,
      template: template(),
      replicas: minReplicas(service),
      storage: service.storage!,
      claimLabels: stableLabels,
    });
  }
}
