/**
 * apiVersions that are removed from (or deprecated in) current Kubernetes.
 * Rendering one of them either fails on apply or breaks at the next upgrade,
 * so the gate refuses them even where the 1.28 API would still serve them.
 */
import type { Severity } from '../types';

export interface Deprecation {
  readonly apiVersion: string;
  /** Kinds this entry covers; undefined = every kind of the apiVersion. */
  readonly kinds?: readonly string[];
  /** The apiVersion to write instead; undefined when there is none (the note then says what to do). */
  readonly replacement?: string;
  /** `removed in 1.22`, `deprecated in 1.29, removed in 1.32`, … */
  readonly status: string;
  /** Anything beyond changing the apiVersion. */
  readonly note?: string;
  readonly severity: Severity;
}

const removed = (apiVersion: string, replacement: string | undefined, status: string, kinds?: readonly string[], note?: string): Deprecation => ({
  apiVersion,
  replacement,
  status,
  severity: 'error',
  ...(kinds ? { kinds } : {}),
  ...(note ? { note } : {}),
});

/** A beta or alpha version removed in Kubernetes `release`, whose kinds v1 of the same group serves unchanged. */
const movedToV1 = (apiVersion: string, release: string, kinds?: readonly string[]): Deprecation =>
  removed(apiVersion, `${apiVersion.split('/')[0]}/v1`, `removed in Kubernetes ${release}`, kinds);

const PSP_NOTE = 'There is no replacement API: enforce Pod Security Admission with pod-security.kubernetes.io/* namespace labels, and remove the object.';

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'];

export const DEPRECATIONS: readonly Deprecation[] = [
  // extensions/v1beta1 served many kinds; each moved to a different group.
  removed('extensions/v1beta1', 'apps/v1', 'removed in Kubernetes 1.16', ['Deployment', 'DaemonSet', 'ReplicaSet'], 'apps/v1 requires `spec.selector`.'),
  removed('extensions/v1beta1', 'networking.k8s.io/v1', 'removed in Kubernetes 1.16', ['NetworkPolicy']),
  removed('extensions/v1beta1', 'networking.k8s.io/v1', 'removed in Kubernetes 1.22', ['Ingress'], 'networking.k8s.io/v1 renames `backend.serviceName`/`servicePort` to `backend.service.name`/`port`, and requires `pathType`.'),
  removed('extensions/v1beta1', undefined, 'removed in Kubernetes 1.16 (PodSecurityPolicy itself was removed in 1.25)', ['PodSecurityPolicy'], PSP_NOTE),
  removed('extensions/v1beta1', undefined, 'removed in Kubernetes 1.22', undefined, 'Each kind moved to its own group: Deployment, DaemonSet and ReplicaSet to apps/v1; Ingress and NetworkPolicy to networking.k8s.io/v1.'),
  removed('apps/v1beta1', 'apps/v1', 'removed in Kubernetes 1.16', WORKLOADS, 'apps/v1 requires `spec.selector`.'),
  removed('apps/v1beta2', 'apps/v1', 'removed in Kubernetes 1.16', WORKLOADS, 'apps/v1 requires `spec.selector`.'),
  movedToV1('apps/v1beta1', '1.16'),
  movedToV1('apps/v1beta2', '1.16'),
  removed('policy/v1beta1', 'policy/v1', 'removed in Kubernetes 1.25', ['PodDisruptionBudget'], 'In policy/v1 an empty `spec.selector` selects every pod in the namespace.'),
  removed('policy/v1beta1', undefined, 'removed in Kubernetes 1.25', ['PodSecurityPolicy'], PSP_NOTE),
  movedToV1('policy/v1beta1', '1.25'),
  removed('autoscaling/v2beta1', 'autoscaling/v2', 'removed in Kubernetes 1.25', ['HorizontalPodAutoscaler'], 'autoscaling/v2 nests targets under `metrics[].resource.target`.'),
  removed('autoscaling/v2beta2', 'autoscaling/v2', 'removed in Kubernetes 1.26', ['HorizontalPodAutoscaler']),
  movedToV1('batch/v1beta1', '1.25', ['CronJob']),
  movedToV1('batch/v2alpha1', '1.21', ['CronJob']),
  removed('networking.k8s.io/v1beta1', 'networking.k8s.io/v1', 'removed in Kubernetes 1.22', ['Ingress', 'IngressClass'], 'networking.k8s.io/v1 renames `backend.serviceName`/`servicePort` to `backend.service.name`/`port`, and requires `pathType`.'),
  movedToV1('discovery.k8s.io/v1beta1', '1.25', ['EndpointSlice']),
  movedToV1('events.k8s.io/v1beta1', '1.25', ['Event']),
  movedToV1('node.k8s.io/v1beta1', '1.25', ['RuntimeClass']),
  movedToV1('node.k8s.io/v1alpha1', '1.22', ['RuntimeClass']),
  movedToV1('rbac.authorization.k8s.io/v1beta1', '1.22'),
  movedToV1('rbac.authorization.k8s.io/v1alpha1', '1.22'),
  movedToV1('scheduling.k8s.io/v1beta1', '1.22', ['PriorityClass']),
  movedToV1('scheduling.k8s.io/v1alpha1', '1.22', ['PriorityClass']),
  removed('storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'removed in Kubernetes 1.22 (CSIStorageCapacity in 1.27)'),
  movedToV1('admissionregistration.k8s.io/v1beta1', '1.22', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']),
  removed('apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1', 'removed in Kubernetes 1.22', ['CustomResourceDefinition'], 'apiextensions.k8s.io/v1 requires a structural `openAPIV3Schema` per version.'),
  movedToV1('apiregistration.k8s.io/v1beta1', '1.22', ['APIService']),
  movedToV1('certificates.k8s.io/v1beta1', '1.22', ['CertificateSigningRequest']),
  movedToV1('coordination.k8s.io/v1beta1', '1.22', ['Lease']),
  movedToV1('authentication.k8s.io/v1beta1', '1.22', ['TokenReview']),
  movedToV1('authorization.k8s.io/v1beta1', '1.22'),
  movedToV1('flowcontrol.apiserver.k8s.io/v1alpha1', '1.21'),
  removed('flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1', 'removed in Kubernetes 1.26', undefined, 'On a 1.28 cluster use v1beta3 until the upgrade to 1.29+, where v1 exists.'),
  removed('flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1', 'deprecated in Kubernetes 1.26, removed in 1.29', undefined, 'On a 1.28 cluster use v1beta3 until the upgrade to 1.29+, where v1 exists.'),
  removed('flowcontrol.apiserver.k8s.io/v1beta3', 'flowcontrol.apiserver.k8s.io/v1', 'deprecated in Kubernetes 1.29, removed in 1.32'),
  removed('settings.k8s.io/v1alpha1', undefined, 'removed in Kubernetes 1.20', ['PodPreset'], 'There is no replacement API: set the values on the pod template directly.'),
  // CRD APIs
  removed('autoscaling.k8s.io/v1beta1', 'autoscaling.k8s.io/v1', 'removed from the Vertical Pod Autoscaler', ['VerticalPodAutoscaler']),
  removed('autoscaling.k8s.io/v1beta2', 'autoscaling.k8s.io/v1', 'deprecated by the Vertical Pod Autoscaler', ['VerticalPodAutoscaler']),
  {
    apiVersion: 'external-secrets.io/v1beta1',
    replacement: 'external-secrets.io/v1',
    status: 'deprecated by External Secrets Operator (v1 is GA)',
    severity: 'warning',
  },
];

/** The first entry covering this apiVersion and kind (kind-specific entries come first). */
export function findDeprecation(apiVersion: string, kind: string): Deprecation | undefined {
  return DEPRECATIONS.find((d) => d.apiVersion === apiVersion && (!d.kinds || d.kinds.includes(kind)));
}
