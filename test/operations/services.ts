/** Services built in code for the operations construct tests (no overlay files involved). */
import type { Backup } from '../../lib/model/operations-schema';
import type { ResolvedService, Service } from '../../lib/model/schema';

/** A service as the overlay loader resolves it, with `fields` on top of the bare minimum. */
export function resolvedService(fields: Service): ResolvedService {
  return { enabled: true, runAsUser: 10001, shutdown: { preStopSleep: '5s', gracePeriod: '30s' }, ...fields };
}

/** A store running `image` as `runAsUser`, with one volume. */
function store(image: string, ports: Record<string, number>, storage: { size: string; mountPath: string }, runAsUser: number): ResolvedService {
  return resolvedService({ type: 'store', image, ports, storage, runAsUser });
}

export const POSTGRES_STORE = store('postgres:16.4', { postgres: 5432 }, { size: '20Gi', mountPath: '/var/lib/postgresql/data' }, 999);
export const REDIS_STORE = store('redis:7.4.1', { redis: 6379 }, { size: '2Gi', mountPath: '/data' }, 999);
export const QDRANT_STORE = store('qdrant/qdrant:v1.12.4-unprivileged', { http: 6333, grpc: 6334 }, { size: '10Gi', mountPath: '/qdrant/storage' }, 1000);

/** A backup as the overlay loader resolves it (every schema default filled in), to a volume. */
export const NIGHTLY_BACKUP: Backup = {
  enabled: true,
  schedule: '0 2 * * *',
  timeZone: 'Etc/UTC',
  retentionDays: 30,
  maxAge: '26h',
  database: 'postgres',
  user: 'postgres',
  target: { pvc: { size: '50Gi' } },
};
