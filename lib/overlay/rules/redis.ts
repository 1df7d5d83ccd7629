/**
 * Rules of `services.<store>.sentinel` (Redis with Sentinel): only on a Redis store, enough
 * Sentinels to outvote a lost one, a quorum they can reach, and replicas to promote.
 */
import type { Service } from '../../model/schema';
import { storeEngine } from '../../model/service-facts';
import type { SchemaProblem, ServiceContext } from './rule';

/** The engine a store runs: `backup.engine` when given, else guessed from the image. */
const engineOf = (service: Service) => service.backup?.engine ?? storeEngine(service);

export function sentinelSettings({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const sentinel = service.sentinel;
  if (!sentinel) return [];
  if (traits.workload !== 'StatefulSet' || engineOf(service) !== 'redis') {
    return [{ path: at('sentinel'), message: `\`sentinel\` applies only to a Redis \`store\` (image \`redis\` or \`valkey\`, or \`backup.engine: redis\`); \`${service.image ?? service.type}\` is not one: remove it` }];
  }
  const problems: SchemaProblem[] = [];
  if (sentinel.sentinels < 3) {
    problems.push({ path: at('sentinel', 'sentinels'), message: `${sentinel.sentinels} Sentinel(s) cannot outvote a lost one: a failover needs a majority of them; run at least 3` });
  }
  if (sentinel.quorum > sentinel.sentinels) {
    problems.push({ path: at('sentinel', 'quorum'), message: `quorum ${sentinel.quorum} is more than the ${sentinel.sentinels} Sentinels: the primary could never be flagged down; use at most ${sentinel.sentinels} (a majority, ${Math.floor(sentinel.sentinels / 2) + 1}, is usual)` });
  }
  if (sentinel.replicas < 2) {
    problems.push({ path: at('sentinel', 'replicas'), message: `${sentinel.replicas} data pod leaves no replica to promote; use at least 2 (3 in production: a primary and two replicas)` });
  }
  if (service.replicas !== undefined) {
    problems.push({ path: at('replicas'), message: `with \`sentinel\`, the data pods are \`sentinel.replicas\`; remove \`replicas: ${service.replicas}\`` });
  }
  return problems;
}
