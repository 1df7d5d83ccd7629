/** What a replicated store renders: Redis with `sentinel`, Qdrant with `distributed`, and what their clients get. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { NetworkPolicies } from '../../lib/constructs/network-policies';
import { ROOT } from '../helpers';
import { buildStack, LABELS, NAMESPACE, qdrantStore, runnable, synthService } from './stack-builder';

const sentinelStack = (sentinel: Record<string, unknown> = {}, worker: Record<string, unknown> = {}) =>
  buildStack({
    redis: {
      type: 'store',
      image: 'redis:7.4.1',
      args: ['--maxmemory', '100mb'],
      ports: { redis: 6379 },
      resources: { cpu: '100m', memory: '128Mi' },
      storage: { size: '1Gi', mountPath: '/data' },
      health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } },
      sentinel,
    },
    worker: runnable('worker', { dependsOn: ['redis'], ...worker }),
  });

const byKindAndName = (manifests: any[]) => Object.fromEntries(manifests.map((m) => [`${m.kind}/${m.metadata.name}`, m]));
const envOf = (container: any) => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const HOSTNAME_ANTI_AFFINITY = (name: string) => ({
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'shop-test' } }, topologyKey: 'kubernetes.io/hostname' },
    ],
  },
});

describe('Redis with sentinel', () => {
  const objects = byKindAndName(synthService(sentinelStack(), 'redis').manifests);

  it('renders the data StatefulSet, the Sentinel StatefulSet, both Services, two PDBs and the scripts', () => {
    expect(Object.keys(objects).sort()).toStrictEqual([
      'ConfigMap/redis-redis-ha',
      'NetworkPolicy/allow-redis-replication',
      'NetworkPolicy/allow-redis-sentinel',
      'PodDisruptionBudget/redis',
      'PodDisruptionBudget/redis-sentinel',
      'Service/redis',
      'Service/redis-sentinel',
      'ServiceAccount/redis',
      'StatefulSet/redis',
      'StatefulSet/redis-sentinel',
    ]);
    for (const file of ['redis-ha-data.sh', 'redis-ha-lib.sh', 'redis-ha-sentinel.sh']) {
      expect(objects['ConfigMap/redis-redis-ha'].data[file]).toBe(readFileSync(join(ROOT, 'ops', 'scripts', file), 'utf8'));
    }
  });

  it('starts the data pods through the script, with the store\'s args, one per node', () => {
    const sts = objects['StatefulSet/redis'];
    expect(sts.spec.replicas).toBe(3);
    const pod = sts.spec.template.spec;
    expect(pod.affinity).toStrictEqual(HOSTNAME_ANTI_AFFINITY('redis'));
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toStrictEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    const [main] = pod.containers;
    expect(main.command).toStrictEqual(['sh', '/opt/redis-ha/redis-ha-data.sh']);
    expect(main.args).toStrictEqual(['--maxmemory', '100mb']);
    expect(envOf(main)).toMatchObject({
      // Qualified: the Sentinels hand these names to clients in other namespaces (KEDA's operator).
      REDIS_ANNOUNCE_HOST: `$(POD_NAME).redis.${NAMESPACE}.svc`,
      REDIS_SEED: `redis-0.redis.${NAMESPACE}.svc:6379`,
      REDIS_MASTER_NAME: 'mymaster',
      REDIS_SENTINELS: 'redis-sentinel-0.redis-sentinel:26379,redis-sentinel-1.redis-sentinel:26379,redis-sentinel-2.redis-sentinel:26379',
    });
    expect(objects['Service/redis'].spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
  });

  it('runs the Sentinels with a config generated into an emptyDir, on their own nodes', () => {
    const sts = objects['StatefulSet/redis-sentinel'];
    expect(sts.spec).toMatchObject({ replicas: 3, serviceName: 'redis-sentinel', podManagementPolicy: 'Parallel' });
    const pod = sts.spec.template.spec;
    expect(pod.affinity).toStrictEqual(HOSTNAME_ANTI_AFFINITY('redis-sentinel'));
    expect(pod.volumes).toContainEqual({ name: 'config', emptyDir: {} });
    const [sentinel] = pod.containers;
    expect(sentinel.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(envOf(sentinel)).toMatchObject({ SENTINEL_QUORUM: '2', SENTINEL_DOWN_AFTER_MS: '5000', SENTINEL_FAILOVER_TIMEOUT_MS: '60000', REDIS_ANNOUNCE_HOST: '$(POD_NAME).redis-sentinel' });
    expect(objects['Service/redis-sentinel'].spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'sentinel', port: 26379 }] });
    expect(objects['PodDisruptionBudget/redis-sentinel'].spec.maxUnavailable).toBe(1);
  });

  it('lets clients, data pods and Sentinels talk on exactly the ports they need', () => {
    const sentinel = objects['NetworkPolicy/allow-redis-sentinel'].spec;
    expect(sentinel.ingress[0].from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/name'])).toStrictEqual(['worker', 'redis', 'redis-sentinel']);
    expect(sentinel.ingress[0].ports).toStrictEqual([{ protocol: 'TCP', port: 26379 }]);
    const replication = objects['NetworkPolicy/allow-redis-replication'].spec;
    expect(replication.ingress).toStrictEqual([{
      from: [
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'shop-test' } } },
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis-sentinel', 'app.kubernetes.io/instance': 'shop-test' } } },
      ],
      ports: [{ protocol: 'TCP', port: 6379 }],
    }]);
  });

  it('gives every client the Sentinel addresses and Celery URLs; the client\'s own env wins', () => {
    const worker = synthService(sentinelStack({ masterName: 'broker' }, { env: { CELERY_RESULT_BACKEND: 'rpc://' } }), 'worker');
    const env = envOf(worker.manifests.find((m) => m.kind === 'Deployment').spec.template.spec.containers[0]);
    const celery = 'sentinel://redis-sentinel-0.redis-sentinel:26379;sentinel://redis-sentinel-1.redis-sentinel:26379;sentinel://redis-sentinel-2.redis-sentinel:26379';
    expect(env).toMatchObject({ REDIS_MASTER_NAME: 'broker', CELERY_BROKER_URL: celery, CELERY_RESULT_BACKEND: 'rpc://' });
    expect(env.REDIS_SENTINELS).toBe('redis-sentinel-0.redis-sentinel:26379,redis-sentinel-1.redis-sentinel:26379,redis-sentinel-2.redis-sentinel:26379');
  });

  it('opens the client\'s egress to the Sentinels', () => {
    const chart = Testing.chart();
    new NetworkPolicies(chart, 'Network', { stack: sentinelStack(), namespace: NAMESPACE, labels: LABELS });
    const worker = Testing.synth(chart).find((m) => m.metadata.name === 'allow-worker').spec;
    expect(worker.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis-sentinel', 'app.kubernetes.io/instance': 'shop-test' } } }],
      ports: [{ protocol: 'TCP', port: 26379 }],
    });
  });

  it('renders one plain Redis without `sentinel`', () => {
    const plain = byKindAndName(synthService(buildStack(), 'redis').manifests);
    expect(Object.keys(plain).sort()).toStrictEqual(['Service/redis', 'ServiceAccount/redis', 'StatefulSet/redis']);
    expect(plain['StatefulSet/redis'].spec.template.spec.containers[0].command).toBeUndefined();
  });
});

describe('Qdrant distributed', () => {
  const stack = buildStack({
    qdrant: qdrantStore({ distributed: { nodes: 3, replicationFactor: 2 } }),
    worker: runnable('worker', { dependsOn: ['qdrant'] }),
  });
  const objects = byKindAndName(synthService(stack, 'qdrant').manifests);

  it('runs three peers named through the headless Service, with cluster mode and the p2p port', () => {
    const sts = objects['StatefulSet/qdrant'];
    expect(sts.spec).toMatchObject({ replicas: 3, serviceName: 'qdrant-headless', podManagementPolicy: 'Parallel' });
    const pod = sts.spec.template.spec;
    expect(pod.affinity).toStrictEqual(HOSTNAME_ANTI_AFFINITY('qdrant'));
    const [main] = pod.containers;
    expect(main.command).toStrictEqual(['sh', '/opt/qdrant-ha/qdrant-peer.sh']);
    expect(main.ports).toContainEqual({ name: 'p2p', containerPort: 6335, protocol: 'TCP' });
    expect(envOf(main)).toMatchObject({ QDRANT__CLUSTER__ENABLED: 'true', QDRANT__CLUSTER__P2P__PORT: '6335', QDRANT_PEER_DOMAIN: 'qdrant-headless' });
    expect(objects['Service/qdrant-headless'].spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(objects['PodDisruptionBudget/qdrant'].spec.maxUnavailable).toBe(1);
    expect(objects['ConfigMap/qdrant-qdrant-ha'].data['qdrant-peer.sh']).toBe(readFileSync(join(ROOT, 'ops', 'scripts', 'qdrant-peer.sh'), 'utf8'));
  });

  it('opens the p2p port between peers only', () => {
    const peers = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': 'shop-test' } } };
    const p2p = [{ protocol: 'TCP', port: 6335 }];
    expect(objects['NetworkPolicy/allow-qdrant-p2p'].spec).toStrictEqual({
      ...peers, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [peers], ports: p2p }], egress: [{ to: [peers], ports: p2p }],
    });
  });

  it('tells its clients the replication factor to create collections with', () => {
    const worker = synthService(stack, 'worker').manifests.find((m) => m.kind === 'Deployment');
    expect(envOf(worker.spec.template.spec.containers[0]).QDRANT_REPLICATION_FACTOR).toBe('2');
  });
});
