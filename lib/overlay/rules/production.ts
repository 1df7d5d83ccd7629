/**
 * `stack.tier: production`: no store may run as one copy, unless a reason is written down. (The
 * gate's `single-point-of-failure` check judges the rendered objects too — spreading, budgets —
 * but a single copy asked for in the overlay is refused here, at its key, before anything renders.)
 */
import { cloudNativePg } from '../../model/cloudnative-pg';
import type { SchemaProblem, ServiceContext } from './rule';

const CHECK = 'single-point-of-failure';

export function productionStoreCopies({ stack, service, traits, at, name }: ServiceContext): SchemaProblem[] {
  if (stack.stack.tier !== 'production' || !traits.keepsData || service.waive?.[CHECK]) return [];
  const postgres = cloudNativePg(service);
  if (postgres) {
    if (postgres.instances >= 2) return [];
    return [{ path: at('postgres', 'instances'), message: `a production environment needs 2 or more instances (3 for synchronous replication); or waive it: \`services.${name}.waive: { ${CHECK}: "<why>" }\`` }];
  }
  if (service.sentinel || service.distributed || (service.replicas ?? 1) >= 2) return [];
  return [{
    path: at('type'),
    message:
      `in a production environment (\`stack.tier: production\`) \`${name}\` runs as one pod: losing its node takes it down. ` +
      'Run it highly available (Postgres: `postgres: { operator: cloudnative-pg, instances: 3 }`; Redis: `sentinel: {}`; Qdrant: `distributed: {}`) ' +
      `or waive it with a reason: \`waive: { ${CHECK}: "<why>" }\``,
  }];
}
