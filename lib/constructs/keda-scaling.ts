/**
 * Queue-depth scaling by KEDA (`services.<name>.keda`):
 *
 *   ScaledObject           <service>        over the workload's scale target (Deployment, or
 *                                           whatever kind the workload construct renders); KEDA
 *                                           creates and owns the HPA `keda-hpa-<service>`
 *   TriggerAuthentication  <service>-keda   the credentials of the queue triggers, by Secret
 *                                           reference (`secretTargetRef`), never literals
 *
 * One trigger per queue: `redis` on a single server, `redis-sentinel` on a store under Sentinel
 * (KEDA asks the Sentinels for the primary, as the app does); one `cron` trigger per schedule
 * floor. KEDA runs in its own namespace, so every address is qualified with the stack's.
 */
import { Construct } from 'constructs';
import * as keda from '../../imports/scaledobjects-keda.sh';
import * as kedaAuth from '../../imports/triggerauthentications-keda.sh';
import type * as k8s from '../../imports/k8s';
import { durationSeconds } from '../model/duration';
import type { Keda } from '../model/keda-schema';
import { kedaRedisAddress, triggerAuthName } from '../model/release-facts';
import type { Stack } from '../model/schema';
import type { ScaleTarget } from './autoscaling';

export interface KedaScalingProps {
  /** Metadata of the ScaledObject (the workload's name, namespace and labels). */
  readonly metadata: k8s.ObjectMeta & { readonly name: string; readonly namespace: string };
  /** The service's `keda` block (schema defaults filled in). */
  readonly keda: Keda;
  /** The stack, for the Redis stores the queues name. */
  readonly stack: Stack;
  /** What KEDA scales: the workload construct's `scaleTarget`. */
  readonly target: ScaleTarget;
}

type Behaviour = NonNullable<Keda['scaleUp']>;

/** The scaling rules of the HPA KEDA owns, as our own HPA would have them (autoscaling.ts). */
function rules(r: Behaviour) {
  return {
    stabilizationWindowSeconds: durationSeconds(r.stabilization),
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: r.maxPercentPerMinute, periodSeconds: 60 },
      { type: 'Pods', value: r.maxPodsPerMinute, periodSeconds: 60 },
    ],
  };
}

export class KedaScaling extends Construct {
  readonly scaledObject: keda.ScaledObject;
  /** Present when the overlay gives credentials (`keda.auth`). */
  readonly triggerAuthentication?: kedaAuth.TriggerAuthentication;

  constructor(scope: Construct, id: string, props: KedaScalingProps) {
    super(scope, id);
    const { keda: settings, metadata, stack } = props;
    const auth = Object.entries(settings.auth ?? {}).filter(([, ref]) => ref !== undefined && ref !== null);
    if (auth.length) {
      this.triggerAuthentication = new kedaAuth.TriggerAuthentication(this, 'Auth', {
        metadata: { ...metadata, name: triggerAuthName(metadata.name) },
        spec: {
          secretTargetRef: auth
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([parameter, ref]) => ({ parameter, name: ref!.secret, key: ref!.key })),
        },
      });
    }
    const authenticationRef = this.triggerAuthentication ? { name: this.triggerAuthentication.name } : undefined;
    const queues: keda.ScaledObjectSpecTriggers[] = settings.queues.map((queue) => {
      const where = kedaRedisAddress(queue.store, stack.services[queue.store]!, metadata.namespace);
      const { type, ...address } = where;
      return {
        type,
        name: `${queue.store}-${queue.list}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
        metadata: {
          ...address,
          listName: queue.list,
          listLength: String(queue.length),
          activationListLength: String(queue.activation),
          databaseIndex: String(queue.database),
        },
        authenticationRef,
      };
    });
    const floors: keda.ScaledObjectSpecTriggers[] = (settings.schedules ?? []).map((floor, i) => ({
      type: 'cron',
      name: `schedule-${i + 1}`,
      metadata: { timezone: floor.timeZone, start: floor.start, end: floor.end, desiredReplicas: String(floor.replicas) },
    }));
    this.scaledObject = new keda.ScaledObject(this, 'Resource', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: props.target.apiVersion, kind: props.target.kind, name: props.target.name },
        minReplicaCount: settings.minReplicas,
        maxReplicaCount: settings.maxReplicas,
        pollingInterval: durationSeconds(settings.pollingInterval),
        cooldownPeriod: durationSeconds(settings.cooldownPeriod),
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: { scaleUp: rules(settings.scaleUp!), scaleDown: rules(settings.scaleDown!) },
          },
        },
        triggers: [...queues, ...floors],
      },
    });
  }
}
