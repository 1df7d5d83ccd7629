/**
 * Rules of `services.<name>.keda` (queue-depth scaling by KEDA) and `services.<name>.migrations`
 * (the migration Job of a release): what the schema cannot say about references and sizes.
 */
import { databaseDependencies, isDatabase, isRedisStore } from '../../model/release-facts';
import type { SchemaProblem, ServiceContext } from './rule';

/** KEDA renders and owns an HPA: one of ours beside it would fight it over the same Deployment. */
export function kedaOrAutoscaling({ service, at }: ServiceContext): SchemaProblem[] {
  if (!service.keda || !service.autoscaling) return [];
  return [{
    path: at('keda'),
    message: 'give either `autoscaling` (an HPA of ours) or `keda` (KEDA owns the HPA), not both: two autoscalers would fight over one workload. Move what `autoscaling` says into `keda` (`minReplicas`, `maxReplicas`, `scaleUp`, `scaleDown`) and set `autoscaling: null` in this environment',
  }];
}

export function kedaBounds({ service, at }: ServiceContext): SchemaProblem[] {
  const keda = service.keda;
  if (!keda) return [];
  const problems: SchemaProblem[] = [];
  if (keda.minReplicas > keda.maxReplicas) {
    problems.push({ path: at('keda', 'minReplicas'), message: `minReplicas (${keda.minReplicas}) is greater than maxReplicas (${keda.maxReplicas}); swap them or raise maxReplicas` });
  }
  (keda.schedules ?? []).forEach((floor, i) => {
    if (floor.replicas > keda.maxReplicas) {
      problems.push({ path: at('keda', 'schedules', i, 'replicas'), message: `a floor of ${floor.replicas} pods is above maxReplicas (${keda.maxReplicas}): KEDA never runs more than maxReplicas; lower it or raise maxReplicas` });
    }
    if (floor.start === floor.end) {
      problems.push({ path: at('keda', 'schedules', i, 'end'), message: `the floor ends when it starts (\`${floor.end}\`), so it never holds; give \`end\` another time (e.g. \`start: 0 8 * * 1-5\`, \`end: 0 19 * * 1-5\`)` });
    }
  });
  if (service.replicas !== undefined) {
    problems.push({ path: at('replicas'), message: 'give either `replicas` or `keda`, not both: KEDA owns the replica count (set `replicas: null` in this environment)' });
  }
  return problems;
}

/** KEDA reads a queue on a Redis the service talks to: a dependency, and a Redis store. */
export function kedaQueueStores({ stack, service, at }: ServiceContext): SchemaProblem[] {
  const deps = service.dependsOn ?? [];
  const redis = deps.filter((dep) => isRedisStore(stack.services[dep]) && stack.services[dep]!.enabled !== false);
  const choices = redis.length ? `name one of ${redis.map((r) => `\`${r}\``).join(', ')}` : 'no dependency of this service is a Redis store';
  return (service.keda?.queues ?? []).flatMap((queue, i) => {
    const path = at('keda', 'queues', i, 'store');
    if (!deps.includes(queue.store)) {
      return [{ path, message: `\`${queue.store}\` is not among this service's \`dependsOn\`: KEDA reads the queue on a Redis the service works with, and its network policies are drawn from \`dependsOn\`. Add \`${queue.store}\` to \`dependsOn\`, or ${choices}` }];
    }
    if (!isRedisStore(stack.services[queue.store])) {
      return [{ path, message: `\`${queue.store}\` is not a Redis store (a \`store\` with image \`redis\` or \`valkey\`, or \`backup.engine: redis\`): KEDA's list trigger reads Redis lists; ${choices}` }];
    }
    if (stack.services[queue.store]!.enabled === false) {
      return [{ path, message: `\`${queue.store}\` is disabled in this environment (\`enabled: false\`): there is no queue to read; enable it or remove \`keda\` here` }];
    }
    return [];
  });
}

/** Scaled to zero, a service behind an ingress answers its first request with a 503: KEDA wakes it on queues only. */
export function scaleToZeroBehindIngress({ service, at }: ServiceContext): SchemaProblem[] {
  if (service.keda?.minReplicas !== 0 || !service.ingress) return [];
  return [{
    path: at('keda', 'minReplicas'),
    message: 'a service with an `ingress` cannot scale to zero: KEDA wakes it on queue length, not on requests, so requests arriving at zero pods get 503s. Use `minReplicas: 1` or more, or remove `ingress`',
  }];
}

/** A migration runs against a database the service depends on: a Postgres store, or an external database. */
export function migrationDatabase({ stack, service, at }: ServiceContext): SchemaProblem[] {
  if (!service.migrations || databaseDependencies(stack, service).length) return [];
  const candidates = Object.keys(stack.services).filter((name) => isDatabase(stack.services[name])).sort();
  const hint = candidates.length ? `add the database to \`dependsOn\` (${candidates.map((c) => `\`${c}\``).join(', ')})` : 'add a Postgres `store` or an `external` database (a `postgres` port) and put it in `dependsOn`';
  return [{
    path: at('migrations'),
    message: `this service depends on no database (\`dependsOn\`: ${(service.dependsOn ?? []).map((d) => `\`${d}\``).join(', ') || 'none'}): a migration has nothing to migrate, and its network policy would let it reach none; ${hint}, or remove \`migrations\``,
  }];
}
