/**
 * The pod every service runs in, restricted by default: numeric non-root user,
 * RuntimeDefault seccomp, all capabilities dropped, no privilege escalation, a read-only
 * root filesystem with emptyDirs for scratch paths, and no service account token.
 */
import { createHash } from 'node:crypto';
import * as k8s from '../../imports/k8s';
import { durationSeconds } from '../model/duration';
import type { ObjectMetadata, PodSettings } from '../model/escape-hatches-schema';
import type { Probe } from '../model/schema';
import { EXTRA_CONTAINER_RESOURCES, sortedPorts, type RunnableService } from '../model/service-facts';
import { HELPER_IMAGES } from '../model/helper-images';
import { traitsOf } from '../model/service-kinds';
import { withExtraMetadata } from './extra-metadata';
import { fileMode, fileSecretName, fileVolumeName, renderedFileObject, type FileMount } from '../model/files-schema';

/** Annotation holding a hash of the service's config, so pods roll when the config changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';
/** Annotation holding a hash of the file contents the stack renders (`files[].content`). */
export const FILES_CHECKSUM_ANNOTATION = 'checksum/files';

export interface PodTemplateOptions {
  readonly name: string;
  readonly service: RunnableService;
  readonly labels: Record<string, string>;
  /**
   * Extra labels and annotations of the pods, from the overlay; ours win on the same key.
   * @default - none
   */
  readonly metadata?: ObjectMetadata;
  /** ConfigMap loaded as environment variables, if the service has config. */
  readonly configMapName?: string;
  /** Volume claim template name mounted at `service.storage.mountPath` (stores). */
  readonly dataVolume?: string;
  /** Pods of a Job restart on failure only; long-running pods always. */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Spread replicas across zones and nodes. */
  readonly spread?: boolean;
  readonly priorityClassName: string;
  /** Secret created by the service's ExternalSecret, if any. */
  readonly externalSecretName?: string;
  /**
   * Scheduling and pull settings from the overlay (`stack.pod` and the service's `pod`, merged).
   * @default - none: the kind's defaults only
   */
  readonly settings?: Omit<PodSettings, 'priorityClass'>;
  /** Dependencies to wait for before starting (host and port), in order. */
  readonly waitFor?: readonly { readonly host: string; readonly port: number }[];
  /**
   * Image of the init container that waits for `waitFor`.
   * @default HELPER_IMAGES.waitForDependencies
   */
  readonly waitImage?: string;
  /**
   * Environment the stack provides besides the overlay's: the connection to an operator-run database, how to
   * find a Redis primary through Sentinel. A name the service sets itself wins.
   * @default - none
   */
  readonly stackEnv?: readonly k8s.EnvVar[];
}

/** The restricted Pod Security Standard for one container, as a numeric non-root user. */
export const restrictedContainer = (user: number): k8s.SecurityContext => ({
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: user,
  runAsGroup: user,
});

/** The pod-level half: non-root, RuntimeDefault seccomp, volumes owned by the user's group. */
export const restrictedPod = (user: number): k8s.PodSecurityContext => ({
  runAsNonRoot: true,
  runAsUser: user,
  runAsGroup: user,
  fsGroup: user,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
});

function extraContainer(
  c: NonNullable<RunnableService['sidecars']>[number],
  service: RunnableService,
  tmpMount: k8s.VolumeMount,
): k8s.Container {
  // A container running the app's own image (a migration, a config check) needs what the
  // app needs; a small helper image gets the small default.
  const own = service.resources;
  const resources = c.resources
    ? { ...c.resources, limit: c.resources.memory }
    : c.image === undefined
      ? { cpu: own.cpu, memory: own.memory, limit: own.memoryLimit ?? own.memory }
      : { ...EXTRA_CONTAINER_RESOURCES, limit: EXTRA_CONTAINER_RESOURCES.memory };
  const ports = sortedPorts(c.ports);
  return {
    name: c.name,
    image: c.image ?? service.image,
    imagePullPolicy: 'IfNotPresent',
    command: c.command,
    args: c.args,
    ports: ports.length ? ports.map(([name, containerPort]) => ({ name, containerPort, protocol: 'TCP' })) : undefined,
    startupProbe: c.health?.startup && toProbe(c.health.startup, ports[0]?.[0]),
    livenessProbe: c.health?.liveness && toProbe(c.health.liveness, ports[0]?.[0]),
    readinessProbe: c.health?.readiness && toProbe(c.health.readiness, ports[0]?.[0]),
    resources: {
      requests: { cpu: k8s.Quantity.fromString(String(resources.cpu)), memory: k8s.Quantity.fromString(resources.memory) },
      limits: { memory: k8s.Quantity.fromString(resources.limit) },
    },
    securityContext: restrictedContainer(service.runAsUser),
    volumeMounts: [tmpMount],
  };
}

/** Waits until each dependency accepts TCP connections (a few seconds at a time, forever: the pod shows Init:0/n meanwhile). */
function waitContainer(waitFor: readonly { host: string; port: number }[], image: string, user: number, tmpMount: k8s.VolumeMount): k8s.Container {
  const script = waitFor
    .map(({ host, port }) => `until nc -z -w 2 ${host} ${port}; do echo "waiting for ${host}:${port}"; sleep 2; done`)
    .join('\n');
  return {
    name: 'wait-for-dependencies',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', `${script}\n`],
    resources: {
      requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
      limits: { memory: k8s.Quantity.fromString('16Mi') },
    },
    securityContext: restrictedContainer(user),
    volumeMounts: [tmpMount],
  };
}

export function configChecksum(config: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(Object.keys(config).sort().map((k) => [k, config[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}

function toProbe(probe: Probe, defaultPort = 'http'): k8s.Probe {
  const common = {
    periodSeconds: durationSeconds(probe.period),
    timeoutSeconds: durationSeconds(probe.timeout),
    failureThreshold: probe.failureThreshold,
  };
  if (probe.command) return { exec: { command: probe.command }, ...common };
  const port = k8s.IntOrString.fromString(probe.port ?? defaultPort);
  if (probe.path) return { httpGet: { path: probe.path, port }, ...common };
  return { tcpSocket: { port }, ...common };
}

/** Replicas across zones (best effort) and nodes (strict: never two more on one node than another). */
function spread(labels: Record<string, string>): k8s.TopologySpreadConstraint[] {
  const labelSelector = {
    matchLabels: {
      'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
      'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'],
    },
  };
  return [
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector },
    // Honor taints: tainted nodes (GPU or dedicated pools) would otherwise count as empty domains.
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector, nodeTaintsPolicy: 'Honor' },
  ];
}

function scratchVolumeName(path: string): string {
  const slug = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  return `scratch-${slug || 'root'}`.slice(0, 63).replace(/-+$/, '');
}

export function podTemplate(opts: PodTemplateOptions): k8s.PodTemplateSpec {
  const { service } = opts;
  const scratchPaths = ['/tmp', ...(service.writablePaths ?? []).filter((p) => p !== '/tmp')];
  const env = envVars(opts);
  const envFrom = opts.configMapName ? [{ configMapRef: { name: opts.configMapName } }] : undefined;
  const tmpMount = { name: scratchVolumeName('/tmp'), mountPath: '/tmp' };
  const initContainers = [
    ...(opts.waitFor?.length ? [waitContainer(opts.waitFor, opts.waitImage ?? HELPER_IMAGES.waitForDependencies, service.runAsUser, tmpMount)] : []),
    ...(service.initContainers ?? []).map((c) => ({ ...extraContainer(c, service, tmpMount), envFrom, env: env.length ? env : undefined })),
  ];
  const sidecars = (service.sidecars ?? []).map((c) => extraContainer(c, service, tmpMount));
  return {
    metadata: withExtraMetadata({ labels: opts.labels, annotations: checksumAnnotations(service) }, opts.metadata ?? {}),
    spec: {
      serviceAccountName: opts.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: opts.restartPolicy,
      terminationGracePeriodSeconds: durationSeconds(service.shutdown.gracePeriod),
      securityContext: restrictedPod(service.runAsUser),
      topologySpreadConstraints: opts.spread ? spread(opts.labels) : undefined,
      priorityClassName: opts.priorityClassName,
      ...overlaySettings(opts.settings ?? {}),
      initContainers: initContainers.length ? initContainers : undefined,
      containers: [mainContainer(opts, env, envFrom, scratchPaths), ...sidecars],
      volumes: [...scratchPaths.map((path) => ({ name: scratchVolumeName(path), emptyDir: {} })), ...fileVolumes(opts.name, service.files ?? [])],
    },
  };
}

/** Pods roll when what the stack renders for them changes: `config`, and the contents of `files`. */
function checksumAnnotations(service: RunnableService): Record<string, string> | undefined {
  const contents = (service.files ?? []).filter((f) => f.content).map((f) => [f.name, f.content!] as const);
  const annotations = {
    ...(service.config ? { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(service.config) } : {}),
    ...(contents.length ? { [FILES_CHECKSUM_ANNOTATION]: createHash('sha256').update(JSON.stringify(contents.map(([n, c]) => [n, Object.keys(c).sort().map((k) => [k, c[k]])]))).digest('hex') } : {}),
  };
  return Object.keys(annotations).length ? annotations : undefined;
}

/** One read-only volume per `files` entry: a Secret (existing or the ExternalSecret's) or a ConfigMap (existing or rendered). */
function fileVolumes(service: string, files: readonly FileMount[]): k8s.Volume[] {
  return files.map((file) => {
    const defaultMode = fileMode(file);
    const items = file.items ? Object.keys(file.items).sort().map((key) => ({ key, path: file.items![key] })) : undefined;
    const secretName = fileSecretName(service, file);
    if (secretName) return { name: fileVolumeName(file), secret: { secretName, defaultMode, items: file.secret ? items : undefined } };
    return { name: fileVolumeName(file), configMap: { name: file.configMap ?? renderedFileObject(service, file), defaultMode, items: file.configMap ? items : undefined } };
  });
}

/** The overlay's pod settings as pod spec fields; unset ones stay out of the spec. */
export function overlaySettings(settings: Omit<PodSettings, 'priorityClass'>): Partial<k8s.PodSpec> {
  return {
    nodeSelector: settings.nodeSelector,
    tolerations: settings.tolerations,
    affinity: settings.affinity,
    imagePullSecrets: settings.imagePullSecrets?.map((name) => ({ name })),
    runtimeClassName: settings.runtimeClassName,
    hostAliases: settings.hostAliases,
    dnsConfig: settings.dnsConfig,
  };
}

/** Plain values, then references to existing Secrets and to the ExternalSecret's Secret, by name. */
function envVars({ service, externalSecretName, stackEnv }: PodTemplateOptions): k8s.EnvVar[] {
  const own = new Set([...Object.keys(service.env ?? {}), ...Object.keys(service.config ?? {}), ...Object.keys(service.secretEnv ?? {}), ...Object.keys(service.externalSecretEnv ?? {})]);
  return [
    ...(stackEnv ?? []).filter((e) => !own.has(e.name)),
    ...Object.keys(service.env ?? {}).map((name) => ({ name, value: String(service.env![name]) })),
    ...Object.entries(service.secretEnv ?? {}).map(([name, ref]) => ({
      name,
      valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } },
    })),
    ...Object.keys(service.externalSecretEnv ?? {}).map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: externalSecretName!, key: name } },
    })),
  ].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function mainContainer(opts: PodTemplateOptions, env: k8s.EnvVar[], envFrom: k8s.EnvFromSource[] | undefined, scratchPaths: string[]): k8s.Container {
  const { service } = opts;
  const ports = sortedPorts(service.ports).map(([name, containerPort]) => ({ name, containerPort, protocol: 'TCP' }));
  const limits: Record<string, k8s.Quantity> = {
    memory: k8s.Quantity.fromString(service.resources.memoryLimit ?? service.resources.memory),
  };
  if (service.resources.cpuLimit) limits.cpu = k8s.Quantity.fromString(String(service.resources.cpuLimit));
  return {
    name: opts.name,
    image: service.image,
    imagePullPolicy: 'IfNotPresent',
    command: service.command,
    args: service.args,
    ports: ports.length ? ports : undefined,
    env: env.length ? env : undefined,
    envFrom,
    resources: {
      requests: {
        cpu: k8s.Quantity.fromString(String(service.resources.cpu)),
        memory: k8s.Quantity.fromString(service.resources.memory),
      },
      limits,
    },
    startupProbe: service.health?.startup && toProbe(service.health.startup),
    livenessProbe: service.health?.liveness && toProbe(service.health.liveness),
    readinessProbe: service.health?.readiness && toProbe(service.health.readiness),
    // Endpoints take a moment to drop a terminating pod: HTTP services keep serving meanwhile.
    lifecycle: traitsOf(service).http
      ? { preStop: { exec: { command: ['sleep', String(durationSeconds(service.shutdown.preStopSleep))] } } }
      : undefined,
    securityContext: restrictedContainer(service.runAsUser),
    volumeMounts: [
      ...scratchPaths.map((mountPath) => ({ name: scratchVolumeName(mountPath), mountPath })),
      ...(opts.dataVolume && service.storage ? [{ name: opts.dataVolume, mountPath: service.storage.mountPath }] : []),
      ...(service.files ?? []).map((file) => ({ name: fileVolumeName(file), mountPath: file.mountPath, readOnly: true })),
    ],
  };
}

/** Never two pods of `labels` (their name and instance) on one node: a lost node takes one replica at most. */
export function requiredAntiAffinity(labels: Readonly<Record<string, string>>): k8s.Affinity {
  const matchLabels = {
    'app.kubernetes.io/name': labels['app.kubernetes.io/name']!,
    'app.kubernetes.io/instance': labels['app.kubernetes.io/instance']!,
  };
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels }, topologyKey: 'kubernetes.io/hostname' }],
    },
  };
}

/** `ours` with the overlay's affinity beside it: node and pod affinity from the overlay, both sets of anti-affinity terms. */
export function withOverlayAffinity(ours: k8s.Affinity, overlay: k8s.Affinity | undefined): k8s.Affinity {
  if (!overlay) return ours;
  const [a, b] = [ours.podAntiAffinity ?? {}, overlay.podAntiAffinity ?? {}];
  const both = <T>(x?: T[], y?: T[]) => (x || y ? [...(x ?? []), ...(y ?? [])] : undefined);
  return {
    ...overlay,
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: both(a.requiredDuringSchedulingIgnoredDuringExecution, b.requiredDuringSchedulingIgnoredDuringExecution),
      preferredDuringSchedulingIgnoredDuringExecution: both(a.preferredDuringSchedulingIgnoredDuringExecution, b.preferredDuringSchedulingIgnoredDuringExecution),
    },
  };
}

/** Spread of a store's extra pods (e.g. Redis Sentinels): zones best effort, nodes strict. */
export const spreadConstraints = spread;
