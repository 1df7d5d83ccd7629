/**
 * ArgoCD sync waves: the order in which ArgoCD applies (and waits for the health of) the
 * objects of one environment. One pass over the resolved objects, by kind, so every
 * construct gets it for free:
 *
 *   -3  namespace and guardrails: Namespace, ResourceQuota, LimitRange, PriorityClass,
 *       NetworkPolicy, ServiceAccount, RBAC, SecretStore
 *   -2  configuration: ConfigMap, Secret, ExternalSecret, TriggerAuthentication (secret references), the Barman Cloud
 *       ObjectStore a CloudNativePG Cluster archives to, AnalysisTemplate (a Rollout whose analysis template is
 *       missing fails its release)
 *   -1  stores: StatefulSets, their (headless) Services, CloudNativePG Clusters and Poolers;
 *       and the migration Jobs (ArgoCD hooks of the Sync phase, lib/constructs/migration-job.ts,
 *       which set this wave themselves): ArgoCD waits for them to complete before wave 0, so a
 *       failed migration stops the sync before any app rolls
 *    0  apps: Deployments, Rollouts, CronJobs, their Services, HPAs, ScaledObjects, PodDisruptionBudgets, anything else
 *    1  monitoring: ServiceMonitor, PodMonitor, Probe, PrometheusRule
 *    2  standalone PersistentVolumeClaims (e.g. backup volumes): with the common
 *       WaitForFirstConsumer storage classes they stay Pending until a pod uses them, and
 *       ArgoCD would wait for them before every later wave (argo-cd#12840)
 *
 * Objects that hold data (Namespace, StatefulSet, PersistentVolumeClaim) also get
 * `Prune=false,Delete=false`: removing them from Git, or deleting the Application, must
 * never delete a database or its backups by itself — a person does that on purpose.
 *
 * An object that already carries the annotation keeps it (a construct may know better).
 */
import type { KubeObject } from './files';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const KEEPS_DATA = new Set(['Namespace', 'StatefulSet', 'PersistentVolumeClaim']);

const WAVE_BY_KIND: Readonly<Record<string, number>> = {
  Namespace: -3,
  ResourceQuota: -3,
  LimitRange: -3,
  PriorityClass: -3,
  NetworkPolicy: -3,
  ServiceAccount: -3,
  Role: -3,
  RoleBinding: -3,
  ClusterRole: -3,
  ClusterRoleBinding: -3,
  SecretStore: -3,
  ClusterSecretStore: -3,
  ConfigMap: -2,
  Secret: -2,
  ExternalSecret: -2,
  TriggerAuthentication: -2,
  ObjectStore: -2,
  AnalysisTemplate: -2,
  StatefulSet: -1,
  // A migration (wave -1) waits for the database it migrates: the database must come no later.
  Cluster: -1,
  Pooler: -1,
  PersistentVolumeClaim: 2,
  ServiceMonitor: 1,
  PodMonitor: 1,
  Probe: 1,
  PrometheusRule: 1,
};

/** The sync wave of one object; `storeServices` are the names of the Services StatefulSets use. */
export function syncWave(object: KubeObject, storeServices: ReadonlySet<string> = new Set()): number {
  if (object.kind === 'Service') {
    const labels = (object.metadata.labels ?? {}) as Record<string, string>;
    const store = storeServices.has(`${object.metadata.namespace ?? ''}/${object.metadata.name}`) || labels['app.kubernetes.io/component'] === 'store';
    return store ? -1 : 0;
  }
  return WAVE_BY_KIND[object.kind] ?? 0;
}

/** Returns the objects with the ArgoCD annotations set (copies; the input is not changed). */
export function withSyncWaves(objects: readonly KubeObject[]): KubeObject[] {
  const storeServices = new Set(
    objects
      .filter((o) => o.kind === 'StatefulSet')
      .map((o) => `${o.metadata.namespace ?? ''}/${(o.spec as { serviceName?: string } | undefined)?.serviceName ?? o.metadata.name}`),
  );
  return objects.map((object) => {
    const annotations = { ...(object.metadata.annotations ?? {}) } as Record<string, string>;
    annotations[SYNC_WAVE] ??= String(syncWave(object, storeServices));
    if (KEEPS_DATA.has(object.kind)) annotations[SYNC_OPTIONS] ??= 'Prune=false,Delete=false';
    return { ...object, metadata: { ...object.metadata, annotations } };
  });
}
