/**
 * The throwaway Cluster `<store>-restore-verify` the restore verification creates: one
 * instance bootstrapped by `recovery` from the store's ObjectStore (its latest base backup and
 * every WAL archived since), with the store's image, resources and volume size. It names no
 * WAL archiver, so it never writes into the store's backups. Rendered as a manifest (typed by
 * the generated Cluster class) into the restore verification's ConfigMap; the job creates it.
 */
import { Cluster, ClusterSpecResourcesLimits, ClusterSpecResourcesRequests } from '../../../imports/clusters-postgresql.cnpg.io';
import { recommendedLabels, type LabelContext } from '../../constructs/labels';
import { BARMAN_CLOUD_PLUGIN, objectStoreName, type ResolvedPostgres } from '../../model/cloudnative-pg';
import type { RunnableService } from '../../model/service-facts';

export interface ThrowawayClusterProps {
  /** `<store>-restore-verify`. */
  readonly name: string;
  readonly store: string;
  readonly namespace: string;
  readonly service: RunnableService;
  readonly postgres: ResolvedPostgres;
  readonly labels: LabelContext;
  readonly priorityClassName: string;
}

/** The name the backups are filed under in the object store: the origin Cluster's. */
const ORIGIN = 'origin';

export function throwawayCluster(props: ThrowawayClusterProps): Record<string, unknown> {
  const { service, postgres: pg, name } = props;
  // Not the job's labels (`<store>-restore-verify`): the two get different network policies.
  const labels = recommendedLabels(props.labels, `${name}-cluster`, { component: 'backup' });
  return Cluster.manifest({
    metadata: { name, namespace: props.namespace, labels },
    spec: {
      instances: 1,
      imageName: pg.imageName ?? service.image,
      priorityClassName: props.priorityClassName,
      inheritedMetadata: { labels },
      resources: {
        requests: {
          cpu: ClusterSpecResourcesRequests.fromString(String(service.resources.cpu)),
          memory: ClusterSpecResourcesRequests.fromString(service.resources.memory),
        },
        limits: { memory: ClusterSpecResourcesLimits.fromString(service.resources.memoryLimit ?? service.resources.memory) },
      },
      storage: { size: service.storage!.size, storageClass: service.storage!.storageClass },
      bootstrap: { recovery: { source: ORIGIN, database: pg.database, owner: pg.owner } },
      externalClusters: [
        {
          name: ORIGIN,
          plugin: { name: BARMAN_CLOUD_PLUGIN, parameters: { barmanObjectName: objectStoreName(props.store), serverName: props.store } },
        },
      ],
    },
  });
}
