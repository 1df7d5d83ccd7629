/**
 * What a service's kind allows and requires: keys only some kinds take, and the keys a kind
 * cannot do without (its `needs`, a workload's image and resources, an external's address).
 */
import type { Service } from '../../model/schema';
import { typesWhere, type ServiceKindTraits, type ServiceType } from '../../model/service-kinds';
import { aKind, type SchemaProblem, type ServiceContext } from './rule';

/** Keys that make sense only for some kinds, with the kinds that take them (in table order). */
const ONLY_FOR: Readonly<Record<string, readonly ServiceType[]>> = {
  ingress: typesWhere((t) => t.http),
  // The HPA owns the replica count of a Deployment whose count is not fixed.
  autoscaling: typesWhere((t) => t.workload === 'Deployment' && t.fixedReplicas === undefined),
  // KEDA owns the replica count as the HPA would.
  keda: typesWhere((t) => t.workload === 'Deployment' && t.fixedReplicas === undefined),
  pdb: typesWhere((t) => t.longRunning && t.fixedReplicas === undefined),
  metrics: typesWhere((t) => t.monitor !== undefined),
  host: typesWhere((t) => t.outsideCluster),
  cidr: typesWhere((t) => t.outsideCluster),
  job: typesWhere((t) => t.workload === 'CronJob'),
};

/** Keys about the pods a service runs: meaningless for a kind that runs nothing in the cluster. */
const POD_KEYS = ['image', 'resources', 'command', 'args', 'health', 'config', 'env', 'secretEnv', 'externalSecretEnv',
  'initContainers', 'sidecars', 'vpa', 'metrics', 'migrations', 'replicas', 'writablePaths', 'egress', 'dependsOn', 'pod', 'files'];

const STORAGE_KINDS = typesWhere((t) => t.needs.storage);
const SCHEDULE_KINDS = typesWhere((t) => t.needs.schedule);

const has = (service: Service, key: string) => (service as Record<string, unknown>)[key] !== undefined;

/** A job: its pods run to completion and serve nothing. */
const runsToCompletion = (traits: ServiceKindTraits) => traits.workload !== undefined && !traits.longRunning;

export function keysOnlyForSomeKinds({ service, at }: ServiceContext): SchemaProblem[] {
  return Object.entries(ONLY_FOR)
    .filter(([key, types]) => has(service, key) && !types.includes(service.type))
    .map(([key, types]) => ({
      path: at(key),
      message: `\`${key}\` applies only to ${types.map((t) => `\`${t}\``).join(', ')} services, not \`${service.type}\``,
    }));
}

export function podKeysWithoutPods({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (traits.workload) return [];
  return POD_KEYS.filter((key) => has(service, key))
    .map((key) => ({ path: at(key), message: `${aKind(service.type)} service runs nothing in the cluster; remove \`${key}\`` }));
}

/** A service outside the cluster is reached by name (`host`) through an egress rule to `cidr`. */
export function externalAddress({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (!traits.outsideCluster) return [];
  const problems: SchemaProblem[] = [];
  if (!service.host) problems.push({ path: at('type'), message: `${aKind(service.type)} service needs \`host\` (e.g. \`host: db.example.com\`)` });
  if (!service.cidr) problems.push({ path: at('type'), message: `${aKind(service.type)} service needs \`cidr\`: the network its clients may reach (e.g. \`10.20.0.0/16\`)` });
  return problems;
}

/** Optional in each file, but a workload cannot run without them once merged. */
export function workloadKeys({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (!traits.workload) return [];
  const problems: SchemaProblem[] = [];
  if (!service.image) problems.push({ path: at(), message: 'missing required key `image`' });
  if (!service.resources) problems.push({ path: at(), message: 'missing required key `resources`' });
  return problems;
}

export function portsByKind({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const declared = Object.keys(service.ports ?? {}).length > 0;
  if (traits.needs.ports && !declared) {
    return [{ path: at('type'), message: `a \`${service.type}\` service needs \`ports\` (e.g. \`ports: { http: 8000 }\`)` }];
  }
  if (runsToCompletion(traits) && declared) {
    return [{ path: at('ports'), message: `a \`${service.type}\` service serves no ports; remove \`ports\`` }];
  }
  return [];
}

export function storageByKind({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (traits.needs.storage && !service.storage) {
    return [{ path: at('type'), message: `${aKind(service.type)} needs \`storage\` (e.g. \`storage: { size: 10Gi }\`)` }];
  }
  if (!traits.needs.storage && service.storage) {
    return [{ path: at('storage'), message: `only ${aKind(...STORAGE_KINDS)} has \`storage\`; a \`${service.type}\` keeps no data` }];
  }
  return [];
}

export function scheduleByKind({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (traits.needs.schedule && !service.schedule) {
    return [{ path: at('type'), message: `${aKind(service.type)} needs \`schedule\` (e.g. \`schedule: "0 2 * * *"\`)` }];
  }
  if (!traits.needs.schedule && service.schedule !== undefined) {
    return [{ path: at('schedule'), message: `only ${aKind(...SCHEDULE_KINDS)} has a \`schedule\`; this is a \`${service.type}\`` }];
  }
  return [];
}
