/**
 * Who an object is: its kind (as far as the policy checks know it), namespace,
 * name and the `Kind namespace/name` id every finding carries.
 */
import { asRecord, asString } from '../shared/values';

/**
 * The API groups under which the checks recognise a kind. A kind in another
 * group (a Knative `Service`, say) is a different resource and is left to the
 * schema check, so a policy never misreads a foreign object.
 */
const KIND_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  ReplicationController: [''],
  PodTemplate: [''],
  Job: ['batch'],
  CronJob: ['batch'],
  Namespace: [''],
  Service: [''],
  ServiceAccount: [''],
  Secret: [''],
  ConfigMap: [''],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Ingress: ['networking.k8s.io', 'extensions'],
  PodDisruptionBudget: ['policy'],
  HorizontalPodAutoscaler: ['autoscaling'],
  VerticalPodAutoscaler: ['autoscaling.k8s.io'],
  PriorityClass: ['scheduling.k8s.io'],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  ServiceMonitor: ['monitoring.coreos.com'],
  PrometheusRule: ['monitoring.coreos.com'],
  ScaledObject: ['keda.sh'],
  TriggerAuthentication: ['keda.sh'],
  ClusterTriggerAuthentication: ['keda.sh'],
  Rollout: ['argoproj.io'],
  AnalysisTemplate: ['argoproj.io'],
  ClusterAnalysisTemplate: ['argoproj.io'],
  Gateway: ['gateway.networking.k8s.io'],
  HTTPRoute: ['gateway.networking.k8s.io'],
  GRPCRoute: ['gateway.networking.k8s.io'],
  ReferenceGrant: ['gateway.networking.k8s.io'],
  Certificate: ['cert-manager.io'],
  ClientTrafficPolicy: ['gateway.envoyproxy.io'],
  BackendTrafficPolicy: ['gateway.envoyproxy.io'],
  SecurityPolicy: ['gateway.envoyproxy.io'],
};

/** Kinds without a namespace. Any other kind is namespaced. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'VolumeSnapshotClass',
  'ClusterIssuer',
  'ClusterTriggerAuthentication',
  'ClusterAnalysisTemplate',
]);

/** Namespaced objects without metadata.namespace land in the namespace kubectl is pointed at; we call it `default`. */
export const DEFAULT_NAMESPACE = 'default';

export function apiGroupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The kind when the checks know it under this apiVersion's group, else undefined. */
export function knownKind(object: Record<string, any>): string | undefined {
  const kind = object.kind;
  if (typeof kind !== 'string') return undefined;
  const groups = KIND_GROUPS[kind];
  return groups?.includes(apiGroupOf(object.apiVersion)) ? kind : undefined;
}

export function isClusterScoped(kind: unknown): boolean {
  return typeof kind === 'string' && CLUSTER_SCOPED.has(kind);
}

export function nameOf(object: Record<string, any>): string {
  const metadata = asRecord(object.metadata);
  return asString(metadata?.name) ?? asString(metadata?.generateName) ?? '<unnamed>';
}

/** The namespace of a namespaced object (defaulted), undefined for a cluster-scoped one. */
export function namespaceOf(object: Record<string, any>): string | undefined {
  if (isClusterScoped(object.kind)) return undefined;
  return asString(asRecord(object.metadata)?.namespace) ?? DEFAULT_NAMESPACE;
}

/** `Deployment shop/api`, or `Namespace shop` for a cluster-scoped object. */
export function objectId(object: Record<string, any>): string {
  const kind = typeof object.kind === 'string' && object.kind !== '' ? object.kind : '<no kind>';
  const namespace = namespaceOf(object);
  return namespace === undefined ? `${kind} ${nameOf(object)}` : `${kind} ${namespace}/${nameOf(object)}`;
}
