/**
 * A CloudNativePG `Pooler` `<store>-pooler-rw`: PgBouncer pods in front of the primary, and
 * the Service of the same name clients connect to (port 5432). Its pods carry the labels
 * `podLabels` (the network policies select them by those) and spread across nodes and zones.
 */
import { Construct } from 'constructs';
import {
  Pooler, PoolerSpecPgbouncerPoolMode, PoolerSpecTemplateSpecContainersResourcesLimits as LimitQuantity,
  PoolerSpecTemplateSpecContainersResourcesRequests as Quantity, PoolerSpecType,
} from '../../imports/poolers-postgresql.cnpg.io';
import type * as k8s from '../../imports/k8s';
import type { PoolerSettings } from '../model/postgres-schema';

/** Requests (and memory limit) of a PgBouncer container: it holds a few kB per connection. */
export const POOLER_RESOURCES = { cpu: '100m', memory: '128Mi' } as const;

export interface PostgresPoolerProps {
  readonly metadata: k8s.ObjectMeta & { name: string };
  /** The Cluster it pools connections to. */
  readonly cluster: string;
  readonly pooler: Required<PoolerSettings>;
  /** Labels of the PgBouncer pods. */
  readonly podLabels: Record<string, string>;
  readonly priorityClassName: string;
}

export class PostgresPooler extends Construct {
  readonly pooler: Pooler;

  constructor(scope: Construct, id: string, props: PostgresPoolerProps) {
    super(scope, id);
    const { pooler } = props;
    const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable,
      labelSelector: { matchLabels: { 'cnpg.io/poolerName': props.metadata.name } },
    });
    this.pooler = new Pooler(this, 'Pooler', {
      metadata: props.metadata,
      spec: {
        cluster: { name: props.cluster },
        instances: pooler.instances,
        type: PoolerSpecType.RW,
        pgbouncer: {
          poolMode: pooler.poolMode === 'session' ? PoolerSpecPgbouncerPoolMode.SESSION : PoolerSpecPgbouncerPoolMode.TRANSACTION,
          parameters: {
            max_client_conn: String(pooler.maxClientConnections),
            default_pool_size: String(pooler.defaultPoolSize),
          },
        },
        template: {
          metadata: { labels: props.podLabels },
          spec: {
            // The operator fills in the rest of the pgbouncer container (image, ports, probes).
            containers: [
              {
                name: 'pgbouncer',
                resources: {
                  requests: { cpu: Quantity.fromString(POOLER_RESOURCES.cpu), memory: Quantity.fromString(POOLER_RESOURCES.memory) },
                  limits: { memory: LimitQuantity.fromString(POOLER_RESOURCES.memory) },
                },
              },
            ],
            priorityClassName: props.priorityClassName,
            topologySpreadConstraints: [spread('topology.kubernetes.io/zone', 'ScheduleAnyway'), spread('kubernetes.io/hostname', 'ScheduleAnyway')],
          },
        },
      },
    });
  }
}
