/**
 * The pod of a backup job: restricted like the services' pods (lib/constructs/pod-template.ts),
 * no service account token, a scratch /tmp, the scripts at /opt/ops and the backup directory.
 */
import * as k8s from '../../../imports/k8s';
import { overlaySettings, restrictedContainer, restrictedPod } from '../../constructs/pod-template';
import type { PodSettings } from '../../model/escape-hatches-schema';
import type { ResolvedBackup } from './defaults';
import type { ContainerResources } from './engine-spec';
import { runScripts, SCRIPTS_MOUNT } from './scripts';

export const BACKUP_MOUNT = '/backups';
/** Requests of the backup and upload containers when `backup.resources` is not set: they mostly wait on I/O. */
export const BACKUP_RESOURCES: ContainerResources = { cpu: '100m', memory: '256Mi' };

/** The environment every backup container shares: where the backups are and which files they are. */
export function sharedEnv(pattern: string, retentionDays?: number): k8s.EnvVar[] {
  return [
    { name: 'BACKUP_DIR', value: BACKUP_MOUNT },
    { name: 'BACKUP_PATTERN', value: pattern },
    ...(retentionDays === undefined ? [] : [{ name: 'RETENTION_DAYS', value: String(retentionDays) }]),
    // The root file system is read-only: tools that write to $HOME write to the scratch /tmp.
    { name: 'HOME', value: '/tmp' },
  ];
}

/** `backup.resources`, else the container's defaults; the memory request is also the limit. */
export function backupResources(backup: ResolvedBackup, defaults: ContainerResources): k8s.ResourceRequirements {
  const r = backup.resources ?? defaults;
  return {
    requests: { cpu: k8s.Quantity.fromString(String(r.cpu)), memory: k8s.Quantity.fromString(r.memory) },
    limits: { memory: k8s.Quantity.fromString(r.memory) },
  };
}

export interface BackupContainerProps {
  readonly name: string;
  readonly image: string;
  /** Scripts of /opt/ops it runs, in order, stopping at the first failure. */
  readonly scripts: readonly string[];
  readonly env: k8s.EnvVar[];
  readonly resources: k8s.ResourceRequirements;
  readonly runAsUser: number;
  /** Mount the backup directory read-only. @default false */
  readonly readOnlyBackups?: boolean;
}

export function backupContainer(props: BackupContainerProps): k8s.Container {
  return {
    name: props.name,
    image: props.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', runScripts(props.scripts)],
    env: props.env,
    resources: props.resources,
    securityContext: restrictedContainer(props.runAsUser),
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'scripts', mountPath: SCRIPTS_MOUNT, readOnly: true },
      { name: 'backups', mountPath: BACKUP_MOUNT, readOnly: props.readOnlyBackups || undefined },
    ],
  };
}

/**
 * The backup directory: the volume claim of the `pvc` target, else a scratch directory the upload
 * reads, capped at `scratchLimit` (the store's volume size): a backup can never fill the node's
 * disk — the kubelet evicts the pod instead, the Job fails and `BackupStale` fires.
 */
export function backupsVolume(claim: k8s.KubePersistentVolumeClaim | undefined, scratchLimit?: string): k8s.Volume {
  if (claim) return { name: 'backups', persistentVolumeClaim: { claimName: claim.name } };
  return { name: 'backups', emptyDir: scratchLimit ? { sizeLimit: k8s.Quantity.fromString(scratchLimit) } : {} };
}

/** The store's overlay pod settings a backup pod takes: node selector, tolerations, pull secrets, … (not its affinity). */
export type BackupPodSettings = Omit<PodSettings, 'priorityClass' | 'affinity'>;

export interface BackupPodProps {
  readonly containers: k8s.Container[];
  /** Run before `containers`, one after the other (the dump before the upload). @default - none */
  readonly initContainers?: k8s.Container[];
  readonly runAsUser: number;
  readonly priorityClassName: string;
  /** Name of the scripts ConfigMap. */
  readonly scriptsConfigMap: string;
  readonly backupsVolume: k8s.Volume;
  /** Cap of the scratch /tmp. @default - no cap */
  readonly scratchLimit?: string;
  /** `stack.pod` and the store's `pod`, merged. @default - none */
  readonly settings?: BackupPodSettings;
}

export function backupPod(props: BackupPodProps): k8s.PodSpec {
  return {
    serviceAccountName: undefined,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    priorityClassName: props.priorityClassName,
    restartPolicy: 'Never',
    securityContext: restrictedPod(props.runAsUser),
    ...overlaySettings(props.settings ?? {}),
    initContainers: props.initContainers,
    containers: props.containers,
    volumes: [
      { name: 'tmp', emptyDir: props.scratchLimit ? { sizeLimit: k8s.Quantity.fromString(props.scratchLimit) } : {} },
      { name: 'scripts', configMap: { name: props.scriptsConfigMap, defaultMode: 0o555 } },
      props.backupsVolume,
    ],
  };
}
