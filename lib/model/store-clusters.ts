/**
 * Facts about replicated stores (Redis under Sentinel, distributed Qdrant) that the store's
 * own objects, its clients, the network policies and the backups all need: host names,
 * ports and the environment a client gets.
 */
import { durationSeconds } from './duration';
import { QDRANT_P2P_PORT } from './qdrant-schema';
import type { RedisSentinel } from './redis-schema';
import { SENTINEL_PORT } from './redis-schema';
import type { Service, Stack } from './schema';
import { sortedPorts } from './service-facts';

export { QDRANT_P2P_PORT, SENTINEL_PORT };

/** `<store>-sentinel`: the Sentinel StatefulSet, its headless Service and its pods' name label. */
export const sentinelName = (store: string) => `${store}-sentinel`;
/** `<store>-headless`: the Service that gives Qdrant peers their stable names. */
export const peersServiceName = (store: string) => `${store}-headless`;

/** The Redis port of a store: its lowest port. */
export function redisPort(service: Service): number {
  return sortedPorts(service.ports)[0]?.[1] ?? 6379;
}

/** `host:port` of every Sentinel pod, by its stable name `<store>-sentinel-<i>.<store>-sentinel`. */
export function sentinelAddresses(store: string, sentinel: RedisSentinel): string[] {
  const name = sentinelName(store);
  return Array.from({ length: sentinel.sentinels }, (_, i) => `${name}-${i}.${name}:${SENTINEL_PORT}`);
}

/**
 * The name a data pod announces to replicas and Sentinels: `<pod>.<store>.<namespace>.svc`. Qualified
 * with the namespace, since Sentinels hand it to every client that asks for the primary — KEDA's
 * operator too, from its own namespace, where `<pod>.<store>` does not resolve.
 */
export const redisPodHost = (pod: string, store: string, namespace: string) => `${pod}.${store}.${namespace}.svc`;

/** `host:port` of data pod 0: the primary of a fresh store. */
export const redisSeed = (store: string, service: Service, namespace: string) => `${redisPodHost(`${store}-0`, store, namespace)}:${redisPort(service)}`;

/** What the Sentinel configuration says, in Sentinel's units. */
export function sentinelSettings(sentinel: RedisSentinel) {
  return {
    downAfterMs: durationSeconds(sentinel.downAfter) * 1000,
    failoverTimeoutMs: durationSeconds(sentinel.failoverTimeout) * 1000,
  };
}

/** The environment a client of a Redis store under Sentinel reads (see README, "Redis with Sentinel"). */
export function sentinelClientEnv(store: string, sentinel: RedisSentinel): Record<string, string> {
  const addresses = sentinelAddresses(store, sentinel);
  const celery = addresses.map((a) => `sentinel://${a}`).join(';');
  return {
    REDIS_SENTINELS: addresses.join(','),
    REDIS_MASTER_NAME: sentinel.masterName,
    CELERY_BROKER_URL: celery,
    CELERY_RESULT_BACKEND: celery,
  };
}

/** The HTTP URL of every Qdrant peer, by its stable name `<store>-<i>.<store>-headless`. */
export function qdrantPeerUrls(store: string, nodes: number, httpPort: number): string[] {
  return Array.from({ length: nodes }, (_, i) => `http://${store}-${i}.${peersServiceName(store)}:${httpPort}`);
}

/**
 * The environment a service gets from the replicated stores it `dependsOn`, in `dependsOn`
 * order (the first store wins a name). Its own `env` still overrides any of these.
 */
export function generatedClientEnv(stack: Stack, service: Service): Record<string, string> {
  const env: Record<string, string> = {};
  for (const dep of [...(service.dependsOn ?? [])].reverse()) {
    const target = stack.services[dep];
    if (!target || target.enabled === false) continue;
    if (target.sentinel) Object.assign(env, sentinelClientEnv(dep, target.sentinel));
    if (target.distributed) env.QDRANT_REPLICATION_FACTOR = String(target.distributed.replicationFactor);
  }
  return env;
}
