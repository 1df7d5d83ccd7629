/**
 * A Postgres `store` with `postgres.operator: cloudnative-pg`: the CloudNativePG operator runs
 * it, so this pattern renders custom resources instead of a StatefulSet (`renderService` picks
 * it over the kind's pattern, see index.ts):
 *
 *   Cluster     <store>            instances, sync quorum, volumes, bootstrap, roles, WAL archiving
 *   PodMonitor  <store>            the instances' metrics (port `metrics`, 9187)
 *   Pooler      <store>-pooler-rw  PgBouncer in front of the primary (when `postgres.pooler` is on)
 *
 * The operator renders the Services (`<store>-rw`, `-ro`, `-r`), the app Secret `<store>-app`,
 * the ServiceAccount and the PodDisruptionBudgets; the backups (ObjectStore, ScheduledBackup,
 * restore verification) come with the stack's operations (lib/operations/backup/cloudnative-pg.ts).
 */
import { Construct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import { imageVersion, recommendedLabels } from '../constructs/labels';
import { PostgresCluster } from '../constructs/postgres-cluster';
import { POOLER_RESOURCES, PostgresPooler } from '../constructs/postgres-pooler';
import { ResourceLedger } from '../constructs/resource-ledger';
import { cloudNativePg, poolerName, poolerOf, type ResolvedPostgres } from '../model/cloudnative-pg';
import type { RunnableService } from '../model/service-facts';
import { monitoringMetadata } from '../operations/monitoring-metadata';
import type { ServicePatternProps } from './service-pattern';

export class CloudNativePgStore extends Construct {
  readonly postgres: PostgresCluster;
  readonly pooler?: PostgresPooler;

  constructor(scope: Construct, id: string, props: ServicePatternProps) {
    super(scope, id);
    const service = props.service as RunnableService;
    const pg = cloudNativePg(service)!;
    const { name, namespace, labels, stack } = props;
    const version = imageVersion(pg.imageName ?? service.image);
    const podLabels = recommendedLabels(labels, name, { component: service.type, version });
    const backup = service.backup;
    this.postgres = new PostgresCluster(this, 'Postgres', {
      metadata: { name, namespace, labels: podLabels },
      service,
      postgres: pg,
      podLabels,
      priorityClassName: props.priorityClassName,
      archive: Boolean(backup && backup.enabled !== false && backup.target.s3),
      monitor: monitoringMetadata({ name, namespace, labels, prometheusSelector: stack.stack.monitoring?.prometheusSelector ?? { release: 'prometheus' } }),
    });
    const pooler = poolerOf(pg);
    if (pooler) {
      const pooled = poolerName(name);
      const poolerLabels = recommendedLabels(labels, pooled, { component: 'pooler' });
      this.pooler = new PostgresPooler(this, 'Pooler', {
        metadata: { name: pooled, namespace, labels: poolerLabels },
        cluster: name,
        pooler,
        podLabels: poolerLabels,
        priorityClassName: props.priorityClassName,
      });
    }
    recordResources(this, service, pg);
  }
}

/** What the namespace quota must admit: the instances with their volumes, and the PgBouncer pods. */
function recordResources(scope: Construct, service: RunnableService, pg: ResolvedPostgres): void {
  const ledger = ResourceLedger.of(scope);
  const { cpu, memory, memoryLimit } = service.resources;
  ledger.addPods(pg.instances, podOf(String(cpu), memory, memoryLimit ?? memory));
  ledger.addClaims(pg.instances, service.storage!.size);
  if (pg.walStorage) ledger.addClaims(pg.instances, pg.walStorage.size);
  const pooler = poolerOf(pg);
  if (pooler) ledger.addPods(pooler.instances, podOf(POOLER_RESOURCES.cpu, POOLER_RESOURCES.memory, POOLER_RESOURCES.memory));
}

function podOf(cpu: string, memory: string, memoryLimit: string): k8s.PodSpec {
  const q = (value: string) => ({ value }) as k8s.Quantity;
  return { containers: [{ name: 'main', resources: { requests: { cpu: q(cpu), memory: q(memory) }, limits: { memory: q(memoryLimit) } } }] };
}
