/**
 * A CloudNativePG `Cluster` `<store>` and the PodMonitor of its instances.
 *
 *  - `instances` pods (one primary, streaming standbys), required anti-affinity across
 *    nodes and a topology spread across zones; the operator keeps its own PodDisruptionBudgets;
 *  - quorum synchronous replication (`method: any`, `dataDurability: required`) when on;
 *  - a data volume (the store's `storage`) and, when set, a separate WAL volume;
 *  - bootstrap `initdb` of `database` owned by `owner` (credentials in the Secret `<store>-app`);
 *  - managed roles, passwords by Secret reference only;
 *  - WAL archiving and base backups through the Barman Cloud plugin to the ObjectStore
 *    `<store>-backups` (when `archive` is set), `archive_timeout` = the RPO;
 *  - `inheritedMetadata` gives every pod the store's labels, so the stack's network
 *    policies select the instances like any other pod of the store.
 */
import { Construct } from 'constructs';
import {
  Cluster, ClusterSpecManagedRolesEnsure, ClusterSpecPrimaryUpdateMethod, ClusterSpecPrimaryUpdateStrategy, ClusterSpecPostgresqlSynchronousDataDurability, ClusterSpecPostgresqlSynchronousMethod,
  ClusterSpecResourcesLimits, ClusterSpecResourcesRequests, type ClusterSpec, type ClusterSpecPostgresqlSynchronous,
} from '../../imports/clusters-postgresql.cnpg.io';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import {
  archiveTimeout, BARMAN_CLOUD_PLUGIN, objectStoreName, synchronousStandbys, type ResolvedPostgres,
} from '../model/cloudnative-pg';
import type { RunnableService } from '../model/service-facts';
import type * as k8s from '../../imports/k8s';

export interface PostgresClusterProps {
  readonly metadata: k8s.ObjectMeta & { name: string };
  readonly service: RunnableService;
  readonly postgres: ResolvedPostgres;
  /** Labels every pod (and other object) of the cluster inherits. */
  readonly podLabels: Record<string, string>;
  readonly priorityClassName: string;
  /** Archive WAL and take base backups to the ObjectStore `<store>-backups`. */
  readonly archive: boolean;
  /** Metadata of the PodMonitor (with the labels Prometheus selects it by); none: not scraped. */
  readonly monitor?: k8s.ObjectMeta;
}

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';

export class PostgresCluster extends Construct {
  readonly cluster: Cluster;
  readonly podMonitor?: PodMonitor;

  constructor(scope: Construct, id: string, props: PostgresClusterProps) {
    super(scope, id);
    const name = props.metadata.name;
    this.cluster = new Cluster(this, 'Cluster', { metadata: props.metadata, spec: clusterSpec(props) });
    if (props.monitor) {
      this.podMonitor = new PodMonitor(this, 'Monitor', {
        metadata: props.monitor,
        spec: {
          selector: { matchLabels: { 'cnpg.io/cluster': name, 'cnpg.io/podRole': 'instance' } },
          namespaceSelector: { matchNames: [props.metadata.namespace!] },
          podMetricsEndpoints: [{ port: 'metrics', interval: '30s', scrapeTimeout: '10s' }],
        },
      });
    }
  }
}

function clusterSpec(props: PostgresClusterProps): ClusterSpec {
  const { service, postgres: pg } = props;
  const name = props.metadata.name;
  return {
    instances: pg.instances,
    imageName: pg.imageName ?? service.image,
    // Rolling updates finish by themselves; the primary goes last, by switchover to an updated standby.
    primaryUpdateStrategy: ClusterSpecPrimaryUpdateStrategy.UNSUPERVISED,
    primaryUpdateMethod: pg.instances > 1 ? ClusterSpecPrimaryUpdateMethod.SWITCHOVER : ClusterSpecPrimaryUpdateMethod.RESTART,
    priorityClassName: props.priorityClassName,
    inheritedMetadata: { labels: props.podLabels },
    resources: {
      requests: { cpu: ClusterSpecResourcesRequests.fromString(String(service.resources.cpu)), memory: ClusterSpecResourcesRequests.fromString(service.resources.memory) },
      limits: {
        memory: ClusterSpecResourcesLimits.fromString(service.resources.memoryLimit ?? service.resources.memory),
        ...(service.resources.cpuLimit !== undefined ? { cpu: ClusterSpecResourcesLimits.fromString(String(service.resources.cpuLimit)) } : {}),
      },
    },
    storage: { size: service.storage!.size, storageClass: service.storage!.storageClass },
    walStorage: pg.walStorage ? { size: pg.walStorage.size, storageClass: pg.walStorage.storageClass } : undefined,
    affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: HOSTNAME },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'cnpg.io/cluster': name } } },
    ],
    bootstrap: { initdb: { database: pg.database, owner: pg.owner } },
    managed: pg.roles?.length ? { roles: managedRoles(pg) } : undefined,
    postgresql: {
      parameters: { archive_timeout: archiveTimeout(pg) },
      synchronous: synchronous(pg),
    },
    plugins: props.archive
      ? [{ name: BARMAN_CLOUD_PLUGIN, isWalArchiver: true, parameters: { barmanObjectName: objectStoreName(name) } }]
      : undefined,
  };
}

function synchronous(pg: ResolvedPostgres): ClusterSpecPostgresqlSynchronous | undefined {
  const number = synchronousStandbys(pg);
  if (!number) return undefined;
  return {
    method: ClusterSpecPostgresqlSynchronousMethod.ANY,
    number,
    dataDurability: ClusterSpecPostgresqlSynchronousDataDurability.REQUIRED,
  };
}

function managedRoles(pg: ResolvedPostgres) {
  return (pg.roles ?? []).map((role) => ({
    name: role.name,
    ensure: ClusterSpecManagedRolesEnsure.PRESENT,
    login: role.login ?? true,
    inRoles: role.inRoles,
    connectionLimit: role.connectionLimit,
    passwordSecret: role.passwordSecret ? { name: role.passwordSecret } : undefined,
  }));
}
