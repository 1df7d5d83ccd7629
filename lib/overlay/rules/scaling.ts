/** Replica counts and autoscaling: HPA bounds, disruption budgets, VPA ceilings, kinds with one pod. */
import { hpaResources, storeEngine, vpaControlled } from '../../model/service-facts';
import { aKind, type SchemaProblem, type ServiceContext } from './rule';

export function autoscalingBounds({ service, at }: ServiceContext): SchemaProblem[] {
  const hpa = service.autoscaling;
  if (!hpa || hpa.minReplicas <= hpa.maxReplicas) return [];
  return [{
    path: at('autoscaling', 'minReplicas'),
    message: `minReplicas (${hpa.minReplicas}) is greater than maxReplicas (${hpa.maxReplicas}); swap them or raise maxReplicas`,
  }];
}

export function replicasOrAutoscaling({ service, at }: ServiceContext): SchemaProblem[] {
  if (!service.autoscaling || service.replicas === undefined) return [];
  return [{ path: at('replicas'), message: 'give either `replicas` or `autoscaling`, not both: the HPA owns the replica count (set `replicas: null` in this environment)' }];
}

export function disruptionBudget({ service, at }: ServiceContext): SchemaProblem[] {
  const pdb = service.pdb?.maxUnavailable;
  const path = at('pdb', 'maxUnavailable');
  if (pdb === 0 || (typeof pdb === 'string' && /^0+%$/.test(pdb))) {
    return [{ path, message: `maxUnavailable ${JSON.stringify(pdb)} would block every node drain; use 1 or more (or a % above 0)` }];
  }
  if (typeof pdb === 'string' && !/^([1-9][0-9]?|100)%$/.test(pdb)) return [{ path, message: `${JSON.stringify(pdb)} is not a pod count or a percentage like \`25%\`` }];
  if (typeof pdb === 'number' && pdb < 0) return [{ path, message: 'must be 1 or more' }];
  return [];
}

/** Without a ceiling the namespace quota cannot be sized for the pods a VPA resizes. */
export function vpaCeiling({ service, at }: ServiceContext): SchemaProblem[] {
  const vpa = service.vpa;
  if (!vpa || vpa.mode === 'Off') return [];
  const unbounded = vpaControlled(service).filter((r) => vpa.maxAllowed?.[r] === undefined);
  if (!unbounded.length) return [];
  return [{
    path: at('vpa'),
    message: `a VPA in mode \`${vpa.mode}\` needs \`maxAllowed\` for ${unbounded.join(' and ')}: without a ceiling the namespace quota cannot be sized to admit the pods it resizes`,
  }];
}

/** A VPA and an HPA acting on one resource fight each other. */
export function vpaBesideHpa({ service, at }: ServiceContext): SchemaProblem[] {
  const { vpa, autoscaling: hpa } = service;
  if (!vpa || vpa.mode === 'Off' || !hpa) return [];
  const scaled = hpaResources(hpa);
  const clash = (vpa.controlledResources ?? []).filter((r) => scaled.includes(r));
  if (clash.length) {
    return [{
      path: at('vpa', 'controlledResources'),
      message: `the VPA would update ${clash.join(' and ')}, which the HPA scales on: they would fight. Use \`mode: Off\` or leave ${clash.join(' and ')} out`,
    }];
  }
  if (vpa.controlledResources === undefined && scaled.length === 2) {
    return [{ path: at('vpa', 'mode'), message: `the HPA scales on cpu and memory, so the VPA has nothing it may update in mode \`${vpa.mode}\`; use \`mode: Off\` (recommendations only)` }];
  }
  return [];
}

/**
 * Pods of a StatefulSet running Postgres or Redis are independent servers, not replicas of one
 * database, unless Sentinel runs them (`sentinel:`, whose own rules are in redis.ts).
 */
export function singleServerStores({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const engine = traits.workload === 'StatefulSet' ? storeEngine(service) : undefined;
  if ((engine !== 'postgres' && engine !== 'redis') || (service.replicas ?? 1) <= 1 || service.sentinel) return [];
  const redis = engine === 'redis' ? '; for a primary with replicas, use `sentinel:` (`sentinel.replicas`)' : '';
  return [{
    path: at('replicas'),
    message: `${service.replicas} ${engine} pods of a StatefulSet are independent servers, not replicas of one database; run one (or use an operator, or \`type: external\` for a managed service)${redis}`,
  }];
}

export function oneReplicaKinds({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (!traits.neverTwoAtOnce || service.replicas === undefined || service.replicas === 1) return [];
  return [{ path: at('replicas'), message: `${aKind(service.type)} runs exactly one replica; remove \`replicas: ${service.replicas}\`` }];
}
