/**
 * The pod inside a pod-bearing object (Pod, Deployment, Rollout, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob, PodTemplate), with the key
 * paths the checks report against. Every kind with a PodSpec is listed here, so
 * no pod-bearing kind slips past the pod and container checks.
 */
import { knownKind, nameOf, namespaceOf } from './objects';
import type { KeyPath, Manifest } from './types';
import { asArray, asRecord, asString, asStringMap, valueAt, type JsonRecord } from '../shared/values';

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

export interface ContainerRef {
  readonly container: JsonRecord;
  readonly list: ContainerList;
  readonly path: KeyPath;
  /** The container's name, or `#index` when it has none. */
  readonly name: string;
  /** For messages: `container "api"`, `init container "migrate"`. */
  readonly label: string;
}

export interface PodTemplate {
  readonly manifest: Manifest;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** metadata of the pod (the template's, or the Pod's own). */
  readonly meta: JsonRecord;
  readonly metaPath: KeyPath;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: JsonRecord;
  readonly specPath: KeyPath;
  readonly containers: readonly ContainerRef[];
  /** False for Jobs, CronJobs and run-to-completion Pods or PodTemplates: those need no liveness/readiness probes. */
  readonly longRunning: boolean;
  /** Pods on Windows nodes are exempt from the Linux-only restricted controls. */
  readonly windows: boolean;
}

const TEMPLATE_PATHS: Readonly<Record<string, KeyPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  // An Argo Rollouts Rollout with an inline template (one with `workloadRef` borrows a Deployment's, checked there).
  Rollout: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // A v1 PodTemplate holds the template at the top level; whoever instantiates it gets these pods.
  PodTemplate: ['template'],
};

export function podTemplateOf(manifest: Manifest): PodTemplate | undefined {
  const kind = knownKind(manifest.object);
  if (kind === undefined) return undefined;
  const base = TEMPLATE_PATHS[kind];
  if (base === undefined) return undefined;
  const template = asRecord(valueAt(manifest.object, base));
  const spec = asRecord(template?.spec);
  if (template === undefined || spec === undefined) return undefined;
  const meta = asRecord(template.metadata) ?? {};
  const specPath = [...base, 'spec'];
  const restartPolicy = spec.restartPolicy;
  const runsToCompletion =
    kind === 'Job' ||
    kind === 'CronJob' ||
    ((kind === 'Pod' || kind === 'PodTemplate') && (restartPolicy === 'Never' || restartPolicy === 'OnFailure'));

  const containers: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(spec[list]).forEach((value, index) => {
      const container = asRecord(value);
      if (container === undefined) return;
      const name = asString(container.name) ?? `#${index}`;
      const prefix = list === 'containers' ? 'container' : list === 'initContainers' ? 'init container' : 'ephemeral container';
      containers.push({ container, list, path: [...specPath, list, index], name, label: `${prefix} "${name}"` });
    });
  }

  return {
    manifest,
    kind,
    namespace: namespaceOf(manifest.object) ?? '',
    name: nameOf(manifest.object),
    meta,
    metaPath: [...base, 'metadata'],
    labels: asStringMap(meta.labels),
    spec,
    specPath,
    containers,
    longRunning: !runsToCompletion,
    windows: asRecord(spec.os)?.name === 'windows',
  };
}

/**
 * Containers that run for the life of the pod: regular containers, and init
 * containers with `restartPolicy: Always` (native sidecars).
 */
export function isLongRunningContainer(ref: ContainerRef): boolean {
  return ref.list === 'containers' || (ref.list === 'initContainers' && ref.container.restartPolicy === 'Always');
}
