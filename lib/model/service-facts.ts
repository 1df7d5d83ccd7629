/** Facts derived from a service's overlay entry, shared by constructs and namespace sizing. */
import type { Backup } from './operations-schema';
import type { ResolvedService, Service } from './schema';
import { traitsOf, type PriorityTier } from './service-kinds';

export type { PriorityTier };

/** A service that runs pods: everything but `external`, after semantic checks (image and resources set). */
export type RunnableService = ResolvedService & Required<Pick<Service, 'image' | 'resources'>>;

export function minReplicas(service: Service): number {
  return traitsOf(service).fixedReplicas ?? service.autoscaling?.minReplicas ?? service.keda?.minReplicas ?? clusterSize(service) ?? service.replicas ?? 1;
}

export function maxReplicas(service: Service): number {
  return traitsOf(service).fixedReplicas ?? service.autoscaling?.maxReplicas ?? service.keda?.maxReplicas ?? clusterSize(service) ?? service.replicas ?? 1;
}

/** The pod count of a replicated store: Redis data pods under Sentinel, or Qdrant peers. */
export function clusterSize(service: Service): number | undefined {
  return service.sentinel?.replicas ?? service.distributed?.nodes;
}

export const PRIORITY_VALUES: Readonly<Record<PriorityTier, number>> = { stores: 100_000, apis: 10_000, batch: 1_000 };

export function priorityTier(service: Service): PriorityTier {
  return traitsOf(service).priority;
}

/** Default resources of init containers and sidecars that do not set their own. */
export const EXTRA_CONTAINER_RESOURCES = { cpu: '50m', memory: '64Mi' } as const;

/** Named ports in a stable order: by number, then by name. */
export function sortedPorts(ports: Readonly<Record<string, number>> | undefined): [string, number][] {
  return Object.entries(ports ?? {}).sort(([na, a], [nb, b]) => a - b || (na < nb ? -1 : na > nb ? 1 : 0));
}

/** Every port the service's pod serves: the main container's and its sidecars' (e.g. an auth proxy, an exporter). */
export function podPorts(service: Service): Record<string, number> {
  const ports: Record<string, number> = { ...service.ports };
  for (const sidecar of service.sidecars ?? []) Object.assign(ports, sidecar.ports);
  return ports;
}

export type BackupEngine = 'postgres' | 'qdrant' | 'redis';

/** What a store runs, guessed from its image name. */
export function storeEngine(service: Service): BackupEngine | undefined {
  const repo = (service.image ?? '').split('@')[0]!.replace(/:[^/]*$/, '').split('/').pop() ?? '';
  if (/^postgres(ql)?$|^postgis$/.test(repo)) return 'postgres';
  if (/^qdrant$/.test(repo)) return 'qdrant';
  if (/^redis(-stack-server)?$|^valkey$/.test(repo)) return 'redis';
  return undefined;
}

/** The engine of a store: `backup.engine`, or guessed from the image name. */
export function backupEngine(service: Service, backup: Backup): BackupEngine | undefined {
  return backup.engine ?? storeEngine(service);
}

/** Resources an HPA scales on (utilisation targets); with no target at all, the defaults cpu + memory. */
export function hpaResources(hpa: NonNullable<Service['autoscaling']>): ('cpu' | 'memory')[] {
  if (hpa.cpu === undefined && hpa.memory === undefined && !hpa.custom?.length) return ['cpu', 'memory'];
  return [...(hpa.cpu !== undefined ? ['cpu' as const] : []), ...(hpa.memory !== undefined ? ['memory' as const] : [])];
}

/** Resources a VPA may set: those asked for, or by default those no HPA of the service scales on. */
export function vpaControlled(service: Service): ('cpu' | 'memory')[] {
  if (!service.vpa) return [];
  const scaled = service.autoscaling ? hpaResources(service.autoscaling) : [];
  return service.vpa.controlledResources ?? (['cpu', 'memory'] as const).filter((r) => !scaled.includes(r));
}
