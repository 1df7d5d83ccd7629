/**
 * Redis with Sentinel (`services.<store>.sentinel`), besides the store's own data StatefulSet:
 *
 *   ConfigMap       <store>-redis-ha      the start scripts of ops/scripts/ (data and Sentinel pods)
 *   StatefulSet     <store>-sentinel      the Sentinels; each writes a fresh config into an emptyDir
 *   Service         <store>-sentinel      headless, port 26379: stable names <store>-sentinel-<i>.<store>-sentinel
 *   PDB             <store>-sentinel      one Sentinel down at a time
 *   NetworkPolicy   allow-<store>-sentinel      clients, data pods, Sentinels (and backups) → 26379; Sentinels → data
 *   NetworkPolicy   allow-<store>-replication   data ↔ data and Sentinels → data on the Redis port; data → Sentinels
 *
 * `redisDataPod` turns the store's pod template into a data pod that starts as primary or
 * replica as the Sentinels say (ops/scripts/redis-ha-data.sh).
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { readScripts } from '../operations/backup/scripts';
import type { RedisSentinel } from '../model/redis-schema';
import type { RunnableService } from '../model/service-facts';
import {
  redisPodHost, redisPort, redisSeed, SENTINEL_PORT, sentinelAddresses, sentinelName, sentinelSettings,
} from '../model/store-clusters';
import { DisruptionBudget } from './disruption-budget';
import { imageVersion, recommendedLabels, selectorLabels, type LabelContext } from './labels';
import type { ObjectMetadata, PodSettings } from '../model/escape-hatches-schema';
import { withExtraMetadata } from './extra-metadata';
import { overlaySettings, requiredAntiAffinity, restrictedContainer, restrictedPod, spreadConstraints, withOverlayAffinity } from './pod-template';
import { ResourceLedger } from './resource-ledger';

/** Where the start scripts are mounted in data and Sentinel pods. */
export const REDIS_HA_MOUNT = '/opt/redis-ha';
export const REDIS_HA_SCRIPTS = ['redis-ha-data.sh', 'redis-ha-lib.sh', 'redis-ha-sentinel.sh'] as const;
/** Where a Sentinel writes (and rewrites) its configuration. */
export const SENTINEL_CONFIG_DIR = '/etc/redis-sentinel';
/** Requests of a Sentinel container: it holds a few connections and little state. */
const SENTINEL_RESOURCES = { cpu: '50m', memory: '64Mi' } as const;

const scriptsConfigMapName = (store: string) => `${store}-redis-ha`;
const scriptsVolume = (store: string): k8s.Volume => ({ name: 'redis-ha', configMap: { name: scriptsConfigMapName(store), defaultMode: 0o555 } });
const scriptsMount: k8s.VolumeMount = { name: 'redis-ha', mountPath: REDIS_HA_MOUNT, readOnly: true };
const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const podName: k8s.EnvVar = { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };

/** The environment data and Sentinel pods share: where the Sentinels and pod 0 are. */
function sharedEnv(store: string, service: RunnableService, sentinel: RedisSentinel, namespace: string): k8s.EnvVar[] {
  return [
    { name: 'REDIS_MASTER_NAME', value: sentinel.masterName },
    { name: 'REDIS_SEED', value: redisSeed(store, service, namespace) },
    { name: 'REDIS_SENTINELS', value: sentinelAddresses(store, sentinel).join(',') },
  ];
}

/** The store's pod template as a data pod of a Sentinel-managed Redis (mutated and returned). */
export function redisDataPod(template: k8s.PodTemplateSpec, store: string, service: RunnableService, namespace: string): k8s.PodTemplateSpec {
  const sentinel = service.sentinel!;
  const spec = template.spec!;
  const [main, ...sidecars] = spec.containers;
  const env: k8s.EnvVar[] = [
    podName,
    { name: 'REDIS_ANNOUNCE_HOST', value: redisPodHost('$(POD_NAME)', store, namespace) },
    { name: 'REDIS_PORT', value: String(redisPort(service)) },
    ...sharedEnv(store, service, sentinel, namespace),
  ];
  const data: k8s.Container = {
    ...main!,
    command: ['sh', `${REDIS_HA_MOUNT}/redis-ha-data.sh`],
    env: [...env, ...(main!.env ?? [])],
    volumeMounts: [...(main!.volumeMounts ?? []), scriptsMount],
  };
  return {
    ...template,
    spec: {
      ...spec,
      affinity: requiredAntiAffinity(template.metadata!.labels!),
      containers: [data, ...sidecars],
      volumes: [...(spec.volumes ?? []), scriptsVolume(store)],
    },
  };
}

export interface RedisSentinelSetProps {
  readonly store: string;
  readonly namespace: string;
  readonly service: RunnableService;
  readonly labels: LabelContext;
  readonly priorityClassName: string;
  /** Services that `dependsOn` the store: they may ask the Sentinels. */
  readonly clients: readonly string[];
  /**
   * The namespace of KEDA's operator, when a `keda` queue reads this store: it asks the Sentinels
   * for the primary, then reads the queue there.
   * @default - KEDA reads no queue here
   */
  readonly kedaNamespace?: string;
  /** The store has a backup job, which asks the Sentinels for the primary. */
  readonly backup: boolean;
  /**
   * The overlay's pod settings of the store (`stack.pod`, the service's `pod`): the Sentinels run beside its pods.
   * @default - none
   */
  readonly settings?: Omit<PodSettings, 'priorityClass'>;
  /**
   * The overlay's extra pod labels and annotations of the store (`metadata.pod`).
   * @default - none
   */
  readonly podMetadata?: ObjectMetadata;
}

export class RedisSentinelSet extends Construct {
  readonly scripts: k8s.KubeConfigMap;
  readonly statefulSet: k8s.KubeStatefulSet;
  readonly service: k8s.KubeService;
  readonly disruptionBudget: DisruptionBudget;
  readonly networkPolicies: readonly k8s.KubeNetworkPolicy[];

  constructor(scope: Construct, id: string, props: RedisSentinelSetProps) {
    super(scope, id);
    const { store, service } = props;
    const name = sentinelName(store);
    const image = service.sentinel!.image ?? service.image;
    const labels = recommendedLabels(props.labels, name, { component: 'store', version: imageVersion(image) });
    const selector = selectorLabels(props.labels, name);
    const metadata = { name, namespace: props.namespace, labels };
    this.scripts = new k8s.KubeConfigMap(this, 'Scripts', {
      metadata: { ...metadata, name: scriptsConfigMapName(store) },
      data: readScripts(REDIS_HA_SCRIPTS),
    });
    const pod = sentinelPod(props, image, { ...selector, ...labels });
    ResourceLedger.of(this).addPods(service.sentinel!.sentinels, pod.spec!);
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata,
      spec: {
        serviceName: name,
        replicas: service.sentinel!.sentinels,
        revisionHistoryLimit: 5,
        // Sentinels find each other through the primary: they may all start at once.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate' },
        template: pod,
      },
    });
    ResourceLedger.of(this).addService();
    this.service = new k8s.KubeService(this, 'Service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        clusterIp: 'None',
        // Sentinels must resolve each other before they are ready.
        publishNotReadyAddresses: true,
        selector,
        ports: [{ name: 'sentinel', port: SENTINEL_PORT, targetPort: k8s.IntOrString.fromString('sentinel'), protocol: 'TCP' }],
      },
    });
    this.disruptionBudget = new DisruptionBudget(this, 'Pdb', { metadata, selector });
    this.networkPolicies = sentinelNetworkPolicies(this, props);
  }
}

function sentinelPod(props: RedisSentinelSetProps, image: string, labels: Record<string, string>): k8s.PodTemplateSpec {
  const { store, service } = props;
  const sentinel = service.sentinel!;
  const settings = sentinelSettings(sentinel);
  const user = service.runAsUser;
  const ping = { exec: { command: ['redis-cli', '-p', String(SENTINEL_PORT), 'ping'] }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
  const container: k8s.Container = {
    name: 'sentinel',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', `${REDIS_HA_MOUNT}/redis-ha-sentinel.sh`],
    ports: [{ name: 'sentinel', containerPort: SENTINEL_PORT, protocol: 'TCP' }],
    env: [
      podName,
      { name: 'REDIS_ANNOUNCE_HOST', value: `$(POD_NAME).${sentinelName(store)}` },
      { name: 'SENTINEL_PORT', value: String(SENTINEL_PORT) },
      { name: 'SENTINEL_CONFIG', value: `${SENTINEL_CONFIG_DIR}/sentinel.conf` },
      { name: 'SENTINEL_QUORUM', value: String(sentinel.quorum) },
      { name: 'SENTINEL_DOWN_AFTER_MS', value: String(settings.downAfterMs) },
      { name: 'SENTINEL_FAILOVER_TIMEOUT_MS', value: String(settings.failoverTimeoutMs) },
      ...sharedEnv(store, service, sentinel, props.namespace),
    ],
    resources: {
      requests: { cpu: k8s.Quantity.fromString(SENTINEL_RESOURCES.cpu), memory: k8s.Quantity.fromString(SENTINEL_RESOURCES.memory) },
      limits: { memory: k8s.Quantity.fromString(SENTINEL_RESOURCES.memory) },
    },
    livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('sentinel') }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    readinessProbe: ping,
    securityContext: restrictedContainer(user),
    volumeMounts: [{ name: 'scratch-tmp', mountPath: '/tmp' }, { name: 'config', mountPath: SENTINEL_CONFIG_DIR }, scriptsMount],
  };
  const { affinity, ...settingsSpec } = props.settings ?? {};
  return {
    metadata: withExtraMetadata({ labels }, props.podMetadata ?? {}),
    spec: {
      ...overlaySettings(settingsSpec),
      serviceAccountName: store,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 10,
      securityContext: restrictedPod(user),
      affinity: withOverlayAffinity(requiredAntiAffinity(labels), affinity),
      topologySpreadConstraints: spreadConstraints(labels),
      priorityClassName: props.priorityClassName,
      containers: [container],
      volumes: [{ name: 'scratch-tmp', emptyDir: {} }, { name: 'config', emptyDir: {} }, scriptsVolume(store)],
    },
  };
}

/** Sentinel traffic and replication; clients' egress to the Sentinels is in their own policy. */
function sentinelNetworkPolicies(scope: Construct, props: RedisSentinelSetProps): k8s.KubeNetworkPolicy[] {
  const { store, labels } = props;
  const pods = (name: string) => ({ podSelector: { matchLabels: selectorLabels(labels, name) } });
  const data = pods(store);
  const sentinels = pods(sentinelName(store));
  const port = redisPort(props.service);
  const policy = (id: string, name: string, spec: k8s.NetworkPolicySpec) =>
    new k8s.KubeNetworkPolicy(scope, id, {
      metadata: { name, namespace: props.namespace, labels: recommendedLabels(labels, name, { component: 'network-policy' }) },
      spec,
    });
  const askers = [...props.clients, store, sentinelName(store), ...(props.backup ? [`${store}-backup`] : [])];
  return [
    policy('SentinelPolicy', `allow-${sentinelName(store)}`, {
      ...sentinels,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: askers.map(pods), ports: [tcp(SENTINEL_PORT)] },
        ...(props.kedaNamespace ? [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.kedaNamespace } } }], ports: [tcp(SENTINEL_PORT)] }] : []),
      ],
      egress: [{ to: [data], ports: [tcp(port)] }, { to: [sentinels], ports: [tcp(SENTINEL_PORT)] }],
    }),
    policy('ReplicationPolicy', `allow-${store}-replication`, {
      ...data,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [data, sentinels], ports: [tcp(port)] }],
      egress: [{ to: [data], ports: [tcp(port)] }, { to: [sentinels], ports: [tcp(SENTINEL_PORT)] }],
    }),
  ];
}
