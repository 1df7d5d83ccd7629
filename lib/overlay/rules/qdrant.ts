/**
 * Rules of `services.<store>.distributed` (Qdrant in distributed mode): only on a Qdrant store,
 * enough peers for a Raft majority, a replication factor the peers can hold; and several
 * Qdrant pods only in distributed mode.
 */
import type { Service } from '../../model/schema';
import { storeEngine } from '../../model/service-facts';
import type { SchemaProblem, ServiceContext } from './rule';

const engineOf = (service: Service) => service.backup?.engine ?? storeEngine(service);

export function distributedSettings({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const distributed = service.distributed;
  const qdrant = traits.workload === 'StatefulSet' && engineOf(service) === 'qdrant';
  if (!distributed) {
    if (!qdrant || (service.replicas ?? 1) <= 1) return [];
    return [{ path: at('replicas'), message: `${service.replicas} Qdrant pods without \`distributed\` are ${service.replicas} separate databases; use \`distributed: { nodes: ${Math.max(3, service.replicas!)} }\` instead` }];
  }
  if (!qdrant) {
    return [{ path: at('distributed'), message: `\`distributed\` applies only to a Qdrant \`store\` (image \`qdrant/qdrant\`, or \`backup.engine: qdrant\`); \`${service.image ?? service.type}\` is not one: remove it` }];
  }
  const problems: SchemaProblem[] = [];
  if (distributed.nodes < 3) {
    problems.push({ path: at('distributed', 'nodes'), message: `${distributed.nodes} peer(s): Raft needs a majority alive, so losing one of ${distributed.nodes} stops the cluster; use at least 3 (or leave out \`distributed\` for one node)` });
  }
  if (distributed.replicationFactor > distributed.nodes) {
    problems.push({ path: at('distributed', 'replicationFactor'), message: `replication factor ${distributed.replicationFactor} needs as many peers, but there are ${distributed.nodes}; use at most ${distributed.nodes}` });
  }
  if (service.replicas !== undefined) {
    problems.push({ path: at('replicas'), message: `with \`distributed\`, the pods are \`distributed.nodes\`; remove \`replicas: ${service.replicas}\`` });
  }
  return problems;
}
