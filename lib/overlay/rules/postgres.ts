/**
 * `postgres:` settings of a store (lib/model/postgres-schema.ts): what CloudNativePG needs and
 * what only makes sense with it.
 */
import { cloudNativePg, CONNECTION_ENV } from '../../model/cloudnative-pg';
import { durationSeconds } from '../../model/duration';
import { storeEngine } from '../../model/service-facts';
import { typesWhere } from '../../model/service-kinds';
import { aKind, type SchemaProblem, type ServiceContext } from './rule';

const STORE_KINDS = typesWhere((t) => t.keepsData);
/** WAL segments are archived one at a time; below a minute archiving cannot keep a promise. */
const MIN_RPO_SECONDS = 60;

/** `postgres` belongs to a Postgres store; `pooler` and the operator's keys need `operator: cloudnative-pg`. */
export function postgresSettings(context: ServiceContext): SchemaProblem[] {
  const { service, traits, at } = context;
  const pg = service.postgres;
  if (!pg) return [];
  if (!traits.keepsData) return [{ path: at('postgres'), message: `only ${aKind(...STORE_KINDS)} has \`postgres\` settings; this is a \`${service.type}\`` }];
  if (storeEngine(service) !== 'postgres' && service.backup?.engine !== 'postgres') {
    return [{ path: at('postgres'), message: `\`${service.image}\` is not a Postgres image; \`postgres\` settings apply to Postgres stores only` }];
  }
  if (!cloudNativePg(service)) {
    return pg.pooler && pg.pooler.enabled !== false
      ? [{ path: at('postgres', 'pooler'), message: 'a pooler needs `postgres.operator: cloudnative-pg` (the operator runs PgBouncer); set the operator or remove `pooler`' }]
      : [];
  }
  return [...cloudNativePgSettings(context), ...cloudNativePgBackup(context)];
}

function cloudNativePgSettings({ service, at }: ServiceContext): SchemaProblem[] {
  const pg = cloudNativePg(service)!;
  const problems: SchemaProblem[] = [];
  if (pg.synchronous && pg.instances < 3) {
    problems.push({
      path: at('postgres', 'synchronous'),
      message: `quorum synchronous replication needs 3 or more instances (this has ${pg.instances}): with one standby, losing it stops every commit; raise \`instances\` to 3 or set \`synchronous: false\``,
    });
  }
  if (durationSeconds(pg.rpo) < MIN_RPO_SECONDS) {
    problems.push({ path: at('postgres', 'rpo'), message: `an RPO of ${pg.rpo} is below 1m: WAL archiving (archive_timeout) cannot do better; use 1m or more` });
  }
  if (service.replicas !== undefined || service.autoscaling) {
    const key = service.replicas !== undefined ? 'replicas' : 'autoscaling';
    problems.push({ path: at(key), message: `CloudNativePG runs \`postgres.instances\` pods; remove \`${key}\`` });
  }
  return problems;
}

/** Point-in-time recovery replays archived WAL: the store needs an object store. */
function cloudNativePgBackup({ service, at }: ServiceContext): SchemaProblem[] {
  const backup = service.backup;
  if (backup?.enabled === false) return [];
  if (!backup) {
    return [{ path: at('postgres', 'operator'), message: 'CloudNativePG archives WAL for point-in-time recovery: add `backup.target.s3` (bucket, endpoint, secretName)' }];
  }
  if (!backup.target.s3) {
    return [{ path: at('backup', 'target'), message: 'point-in-time recovery needs an object store: add `s3` (bucket, endpoint, secretName) to `backup.target`' }];
  }
  return [];
}

/** A client of a CloudNativePG store gets its connection from the operator's Secret: the overlay must not set it too. */
export function postgresClients({ stack, service, at }: ServiceContext): SchemaProblem[] {
  const stores = (service.dependsOn ?? []).filter((dep) => stack.services[dep] && stack.services[dep].enabled !== false && cloudNativePg(stack.services[dep]));
  if (!stores.length) return [];
  if (stores.length > 1) {
    return [{ path: at('dependsOn'), message: `depends on ${stores.length} CloudNativePG stores (${stores.join(', ')}): each would set DATABASE_URL; keep one` }];
  }
  const problems: SchemaProblem[] = [];
  for (const key of ['env', 'secretEnv', 'externalSecretEnv'] as const) {
    for (const name of CONNECTION_ENV.filter((n) => Object.hasOwn(service[key] ?? {}, n))) {
      problems.push({
        path: at(key, name),
        message: `${name} comes from the operator's Secret \`${stores[0]}-app\` (the service depends on the CloudNativePG store \`${stores[0]}\`); remove it here (\`${name}: null\` in an environment file)`,
      });
    }
  }
  return problems;
}
