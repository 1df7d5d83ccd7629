/**
 * `store`: a StatefulSet with one retained volume claim per replica + headless Service.
 * A replicated store adds its cluster's objects: Redis with `sentinel` (data pods that follow
 * the Sentinels, plus the Sentinel StatefulSet), Qdrant with `distributed` (peers of one Raft
 * cluster, plus their headless Service).
 */
import { clientPods, kedaNamespace, kedaRedisStores } from '../model/release-facts';
import { ApiObject, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import { QdrantPeers, qdrantPeerPod } from '../constructs/qdrant-cluster';
import { RedisSentinelSet, redisDataPod } from '../constructs/redis-sentinel';
import { extraMetadataOf } from '../constructs/extra-metadata';
import { ResourceLedger } from '../constructs/resource-ledger';
import { podSettingsOf } from '../model/pod-settings';
import { ServiceStatefulSet } from '../constructs/workload';
import { maxReplicas, minReplicas, type RunnableService } from '../model/service-facts';
import { peersServiceName } from '../model/store-clusters';
import { ServicePattern, serviceMetadata, type ServicePatternProps, type WorkloadContext } from './service-pattern';

export class StoreService extends ServicePattern {
  /** Present when the store is a Redis with `sentinel`. */
  readonly sentinels?: RedisSentinelSet;
  /** Present when the store is a Qdrant with `distributed`. */
  readonly peers?: QdrantPeers;

  constructor(scope: Construct, id: string, props: ServicePatternProps) {
    super(scope, id, props);
    const service = props.service as RunnableService;
    const common = { store: props.name, namespace: props.namespace, service, labels: props.labels };
    if (service.sentinel) {
      const clients = clientPods(props.stack, props.name);
      const { priorityClass: _ownClass, ...settings } = podSettingsOf(props.stack, service);
      this.sentinels = new RedisSentinelSet(this, 'Sentinel', {
        ...common,
        priorityClassName: props.priorityClassName,
        clients,
        kedaNamespace: kedaRedisStores(props.stack).has(props.name) ? kedaNamespace(props.stack) : undefined,
        backup: Boolean(service.backup),
        settings,
        podMetadata: extraMetadataOf(props.stack, service, 'pod'),
      });
      // Replicas resolve pod 0 (and Sentinels the primary) before they are ready.
      if (this.exposure) ApiObject.of(this.exposure.kubeService).addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', true));
    }
    if (service.distributed) {
      this.peers = new QdrantPeers(this, 'Peers', { ...common, metadataLabels: serviceMetadata(props).labels });
    }
  }

  protected createWorkload({ metadata, selector, service, stableLabels, template, name }: WorkloadContext): ServiceStatefulSet {
    ResourceLedger.of(this).addClaims(maxReplicas(service), service.storage!.size);
    let pod = template();
    if (service.sentinel) pod = redisDataPod(pod, name, service, metadata.namespace!);
    if (service.distributed) pod = qdrantPeerPod(pod, name);
    return new ServiceStatefulSet(this, 'Workload', {
      metadata,
      selector,
      template: pod,
      replicas: minReplicas(service),
      storage: service.storage!,
      claimLabels: stableLabels,
      serviceName: service.distributed ? peersServiceName(name) : undefined,
      podManagementPolicy: service.distributed ? 'Parallel' : undefined,
    });
  }
}
