/**
 * What each service type means, in one table. Constructs, operations and overlay rules ask
 * these traits; nothing else compares a type name. A new kind is one entry here (plus a
 * pattern in lib/patterns/ if it renders a workload of its own).
 */
/** Priority tiers: stores first (everything needs them), then APIs, then background work. */
export type PriorityTier = 'stores' | 'apis' | 'batch';

/** The workload a kind renders; `undefined` for a kind that runs nothing in the cluster. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'CronJob';

export interface ServiceKindTraits {
  /** One line for docs and the overlay schema. */
  readonly summary: string;
  /** The workload it renders. `undefined`: nothing runs in the cluster (`external`). */
  readonly workload?: WorkloadKind;
  /** `Recreate` instead of a rolling update: never two pods at once. */
  readonly neverTwoAtOnce: boolean;
  /** The replica count is always 1, whatever the overlay says. */
  readonly fixedReplicas?: 1;
  /** Rolls with a surge (extra pods while rolling): counted into the namespace quota. */
  readonly surgesWhileRolling: boolean;
  /** Pods are spread across zones and nodes. */
  readonly spreadsPods: boolean;
  /** Pods keep a volume claim per replica (`data`). */
  readonly keepsData: boolean;
  /** The Service it gets when it serves ports. */
  readonly service?: 'ClusterIP' | 'headless' | 'ExternalName';
  /** Serves traffic: needs a readiness probe, gets a preStop pause (web only), HTTP alerts. */
  readonly servesTraffic: boolean;
  /** Answers HTTP requests from outside: may have an ingress, SLOs, request alerts, a preStop pause. */
  readonly http: boolean;
  /**
   * May release through Argo Rollouts (`release.strategy: canary | blueGreen`): a replicated Deployment
   * behind a Service that answers HTTP, so a share of the traffic can reach the new version and be measured.
   */
  readonly progressiveRelease: boolean;
  /** Runs until stopped (not to completion): needs a liveness probe, may get a PDB. */
  readonly longRunning: boolean;
  /** How Prometheus finds its metrics; `undefined`: not scraped. */
  readonly monitor?: 'ServiceMonitor' | 'PodMonitor';
  /** May have backups (a store's data). */
  readonly backups: boolean;
  /** Other services reach it through a network rule to a CIDR rather than to pods. */
  readonly outsideCluster: boolean;
  /** Scheduling priority tier of its pods. */
  readonly priority: PriorityTier;
  /** Keys it must have: `ports`, `storage`, `schedule`. */
  readonly needs: { readonly ports: boolean; readonly storage: boolean; readonly schedule: boolean };
}

const NEEDS_NOTHING = { ports: false, storage: false, schedule: false } as const;
const LONG_RUNNING_POD = { neverTwoAtOnce: false, keepsData: false, backups: false, outsideCluster: false, longRunning: true } as const;

export const SERVICE_KINDS = {
  web: {
    ...LONG_RUNNING_POD,
    summary: 'Deployment + Service.',
    workload: 'Deployment',
    surgesWhileRolling: true,
    spreadsPods: true,
    service: 'ClusterIP',
    servesTraffic: true,
    http: true,
    progressiveRelease: true,
    monitor: 'ServiceMonitor',
    priority: 'apis',
    needs: { ...NEEDS_NOTHING, ports: true },
  },
  worker: {
    ...LONG_RUNNING_POD,
    summary: 'Deployment, no Service.',
    workload: 'Deployment',
    surgesWhileRolling: true,
    spreadsPods: true,
    servesTraffic: false,
    http: false,
    progressiveRelease: false,
    monitor: 'PodMonitor',
    priority: 'batch',
    needs: NEEDS_NOTHING,
  },
  singleton: {
    ...LONG_RUNNING_POD,
    summary: 'exactly one replica, never two at once (Recreate).',
    workload: 'Deployment',
    neverTwoAtOnce: true,
    fixedReplicas: 1,
    surgesWhileRolling: false,
    spreadsPods: false,
    servesTraffic: false,
    http: false,
    progressiveRelease: false,
    monitor: 'PodMonitor',
    priority: 'batch',
    needs: NEEDS_NOTHING,
  },
  store: {
    ...LONG_RUNNING_POD,
    summary: 'StatefulSet + headless Service.',
    workload: 'StatefulSet',
    surgesWhileRolling: false,
    spreadsPods: true,
    keepsData: true,
    service: 'headless',
    servesTraffic: true,
    http: false,
    progressiveRelease: false,
    monitor: 'ServiceMonitor',
    backups: true,
    priority: 'stores',
    needs: { ports: true, storage: true, schedule: false },
  },
  external: {
    summary: 'a managed service outside the cluster (ExternalName Service + egress rule).',
    neverTwoAtOnce: false,
    surgesWhileRolling: false,
    spreadsPods: false,
    keepsData: false,
    service: 'ExternalName',
    servesTraffic: false,
    http: false,
    progressiveRelease: false,
    longRunning: false,
    backups: false,
    outsideCluster: true,
    priority: 'batch',
    needs: { ...NEEDS_NOTHING, ports: true },
  },
  cronjob: {
    summary: 'a scheduled job.',
    workload: 'CronJob',
    neverTwoAtOnce: false,
    fixedReplicas: 1,
    surgesWhileRolling: false,
    spreadsPods: false,
    keepsData: false,
    servesTraffic: false,
    http: false,
    progressiveRelease: false,
    longRunning: false,
    backups: false,
    outsideCluster: false,
    priority: 'batch',
    needs: { ...NEEDS_NOTHING, schedule: true },
  },
} as const satisfies Record<string, ServiceKindTraits>;

export type ServiceType = keyof typeof SERVICE_KINDS;

/** The service types, in the order the schema and docs list them. */
export const SERVICE_TYPES = Object.keys(SERVICE_KINDS) as ServiceType[];

/** The traits of a service's type. */
export function traitsOf(service: { readonly type: ServiceType }): ServiceKindTraits {
  return SERVICE_KINDS[service.type];
}

/** The service types whose traits satisfy `test`, in table order. */
export function typesWhere(test: (traits: ServiceKindTraits) => boolean): ServiceType[] {
  return SERVICE_TYPES.filter((type) => test(SERVICE_KINDS[type]));
}
