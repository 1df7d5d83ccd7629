/** Services built in code for the operations construct tests (no overlay files involved). */
import type { Backup } from '../../lib/model/operations-schema';
import type { ResolvedService, Service } from '../../lib/model/schema';

/** A service as the overlay loader resolves it, with `fields` on top of the bare minimum. */
export function resolvedService(fields: Service): ResolvedService {
  return { enabled: true, runAsUser: 10001, shutdown: { preStopSleep: '5s', gracePeriod: '30s' }, ...fields };
}

export const POSTGRES_STORE = resolvedService({
  type: 'store',
  image: 'postgres:16.4',
  ports: { postgres: 5432 },
  storage: { size: '20Gi', mountPath: '/var/lib/postgresql/data' },
  runAsUser: 999,
});

export const REDIS_STORE = resolvedService({
  type: 'store',
  image: 'redis:7.4.1',
  ports: { redis: 6379 },
  storage: { size: '2Gi', mountPath: '/data' },
  runAsUser: 999,
});

export const QDRANT_STORE = resolvedService({
  type: 'store',
  image: 'qdrant/qdrant:v1.12.4-unprivileged',
  ports: { http: 6333, grpc: 6334 },
  storage: { size: '10Gi', mountPath: '/qdrant/storage' },
  runAsUser: 1000,
});

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
