/**
 * Facts about the scaling and release settings of a service that the constructs, the network
 * policies and the overlay rules all need: which dependency is a database (migrations), which
 * Redis a KEDA queue reads and how KEDA reaches it from its own namespace, and the names of
 * the objects they render.
 */
import { cloudNativePg, CNPG_POSTGRES_PORT } from './cloudnative-pg';
import { KEDA_DEFAULTS } from './keda-schema';
import type { Service, Stack } from './schema';
import { sortedPorts, storeEngine } from './service-facts';
import { traitsOf } from './service-kinds';
import { redisPort, SENTINEL_PORT, sentinelName } from './store-clusters';

/** `<service>-migrate`: the migration Job, its pods' name label and its NetworkPolicy `allow-<service>-migrate`. */
export const migrationName = (service: string) => `${service}-migrate`;
/** `<service>-keda`: the TriggerAuthentication of a service's queue triggers. */
export const triggerAuthName = (service: string) => `${service}-keda`;

/** Port names and numbers that say an `external` service is a database. */
const DATABASE_PORT_NAMES = /^(postgres|postgresql|pg|mysql|mariadb|database|db)$/;
const DATABASE_PORTS = new Set([5432, 3306]);

/** Is this service a database a migration can run against: a Postgres store, or an `external` one on a database port? */
export function isDatabase(service: Service | undefined): boolean {
  if (!service || service.enabled === false) return false;
  if (cloudNativePg(service) || (traitsOf(service).keepsData && (service.backup?.engine ?? storeEngine(service)) === 'postgres')) return true;
  return traitsOf(service).outsideCluster && sortedPorts(service.ports).some(([name, port]) => DATABASE_PORT_NAMES.test(name) || DATABASE_PORTS.has(port));
}

/** The dependencies of a service that are databases, in `dependsOn` order. */
export function databaseDependencies(stack: Stack, service: Service): string[] {
  return (service.dependsOn ?? []).filter((dep) => isDatabase(stack.services[dep]));
}

/**
 * Where a migration waits for its databases: the in-cluster ones (host, port). For a CloudNativePG
 * store, the primary's Service `<store>-rw`, where `DATABASE_URL` points (a migration does not go
 * through the pooler: transaction pooling breaks its session-level locks).
 */
export function databaseWaitTargets(stack: Stack, service: Service): { host: string; port: number }[] {
  return databaseDependencies(stack, service).flatMap((dep) => {
    const target = stack.services[dep]!;
    if (cloudNativePg(target)) return [{ host: `${dep}-rw`, port: CNPG_POSTGRES_PORT }];
    const first = sortedPorts(target.ports)[0]?.[1];
    return first && !traitsOf(target).outsideCluster ? [{ host: dep, port: first }] : [];
  });
}

/** Is this service a Redis store (a `keda` queue may name it)? */
export function isRedisStore(service: Service | undefined): boolean {
  return Boolean(service && traitsOf(service).keepsData && (service.backup?.engine ?? storeEngine(service)) === 'redis');
}

/** The Redis stores some service's `keda` queues read (the network policies let KEDA's operator in). */
export function kedaRedisStores(stack: Stack): Set<string> {
  const stores = new Set<string>();
  for (const service of Object.values(stack.services)) {
    if (service.enabled === false || !service.keda) continue;
    for (const queue of service.keda.queues) stores.add(queue.store);
  }
  return stores;
}

/** The namespace KEDA's operator runs in (`stack.keda.namespace`). */
export const kedaNamespace = (stack: Stack) => stack.stack.keda?.namespace ?? KEDA_DEFAULTS.namespace;

/**
 * How KEDA's operator, in another namespace, reaches a Redis store: names qualified with the
 * stack's namespace (`<host>.<namespace>.svc`), the store's port or its Sentinels' port.
 */
export function kedaRedisAddress(store: string, service: Service, namespace: string): { type: 'redis'; address: string } | { type: 'redis-sentinel'; addresses: string; sentinelMaster: string } {
  if (service.sentinel) {
    const name = sentinelName(store);
    const addresses = Array.from({ length: service.sentinel.sentinels }, (_, i) => `${name}-${i}.${name}.${namespace}.svc:${SENTINEL_PORT}`);
    return { type: 'redis-sentinel', addresses: addresses.join(','), sentinelMaster: service.sentinel.masterName };
  }
  return { type: 'redis', address: `${store}.${namespace}.svc:${redisPort(service)}` };
}

/**
 * The pods that may connect to a service: the services that `dependsOn` it and, for those with
 * `migrations`, their migration pods (`<client>-migrate`: the same network as the app), sorted.
 */
export function clientPods(stack: Stack, target: string): string[] {
  return Object.keys(stack.services)
    .filter((c) => stack.services[c].enabled !== false && stack.services[c].dependsOn?.includes(target))
    .flatMap((c) => (stack.services[c].migrations ? [c, migrationName(c)] : [c]))
    .sort();
}
