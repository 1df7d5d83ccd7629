/**
 * The workload that runs a service's pods, one construct per Kubernetes kind (each exposes its
 * object as `resource` and what an HPA or VPA targets as `scaleTarget`):
 *
 *   ServiceDeployment   rolling (never below the desired count) or Recreate (never two at once)
 *   ServiceStatefulSet  ordered pods, one retained volume claim per replica
 *   ServiceCronJob      a job that never overlaps itself, with deadlines and history limits
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { SERVICE_CRONJOB_DEFAULTS as CRONJOB } from '../model/job-defaults';
import { cronJobLimits, type CronJobLimits } from '../model/job-limits';
import type { RunnableService } from '../model/service-facts';

/** Name of the volume claim template of a store. */
export const DATA_VOLUME = 'data';

/** Old ReplicaSets / revisions kept for `kubectl rollout undo`. */
const REVISION_HISTORY = 5;

interface WorkloadProps {
  readonly metadata: k8s.ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
  readonly template: k8s.PodTemplateSpec;
}

/** A construct that runs a service's pods in one workload object. */
export abstract class Workload extends Construct {
  /** The Deployment, StatefulSet or CronJob. */
  abstract readonly resource: ApiObject;

  /** The object an HPA or VPA points at. */
  get scaleTarget(): { readonly apiVersion: string; readonly kind: string; readonly name: string } {
    return { apiVersion: this.resource.apiVersion, kind: this.resource.kind, name: this.resource.name };
  }
}

export interface ServiceDeploymentProps extends WorkloadProps {
  /**
   * Pod count. Leave it unset when an HPA owns the count, or ArgoCD and the HPA fight over it.
   * @default - no `replicas` field (the HPA's, or Kubernetes' default of 1)
   */
  readonly replicas?: number;
  /**
   * `Recreate` stops the old pod before starting the new one, so two never run at once.
   * @default false: a rolling update with 25 % surge that never goes below the desired count
   */
  readonly neverTwoAtOnce?: boolean;
}

export class ServiceDeployment extends Workload {
  readonly resource: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: ServiceDeploymentProps) {
    super(scope, id);
    this.resource = new k8s.KubeDeployment(this, 'Resource', { metadata: props.metadata, spec: deploymentSpec(props) });
  }
}

export interface ServiceStatefulSetProps extends WorkloadProps {
  readonly replicas: number;
  readonly storage: NonNullable<RunnableService['storage']>;
  /** Labels of the volume claims: claim templates are immutable, so no label that changes (no version). */
  readonly claimLabels: Readonly<Record<string, string>>;
  /**
   * The headless Service that gives the pods their names (`<pod>.<serviceName>`).
   * @default - the StatefulSet's own name
   */
  readonly serviceName?: string;
  /**
   * `Parallel` for peers that must find each other before any is ready (a Raft cluster).
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
}

export class ServiceStatefulSet extends Workload {
  readonly resource: k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, props: ServiceStatefulSetProps) {
    super(scope, id);
    this.resource = new k8s.KubeStatefulSet(this, 'Resource', { metadata: props.metadata, spec: statefulSetSpec(props) });
  }
}

export interface ServiceCronJobProps extends Omit<WorkloadProps, 'selector'> {
  readonly schedule: string;
  /**
   * IANA time zone of the schedule.
   * @default SERVICE_CRONJOB_DEFAULTS.timeZone ('Etc/UTC')
   */
  readonly timeZone?: string;
  /** Labels of the Jobs it creates. */
  readonly jobLabels: Readonly<Record<string, string>>;
  /**
   * Deadlines, retries, concurrency and history.
   * @default - SERVICE_CRONJOB_DEFAULTS, not suspended
   */
  readonly limits?: CronJobLimits;
}

export class ServiceCronJob extends Workload {
  readonly resource: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: ServiceCronJobProps) {
    super(scope, id);
    this.resource = new k8s.KubeCronJob(this, 'Resource', { metadata: props.metadata, spec: cronJobSpec(props) });
  }
}

function deploymentSpec(props: ServiceDeploymentProps): k8s.DeploymentSpec {
  return {
    replicas: props.replicas,
    revisionHistoryLimit: REVISION_HISTORY,
    selector: { matchLabels: { ...props.selector } },
    strategy: props.neverTwoAtOnce
      ? { type: 'Recreate' }
      : {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
    template: props.template,
  };
}

function statefulSetSpec(props: ServiceStatefulSetProps): k8s.StatefulSetSpec {
  return {
    serviceName: props.serviceName ?? props.metadata.name!,
    replicas: props.replicas,
    revisionHistoryLimit: REVISION_HISTORY,
    podManagementPolicy: props.podManagementPolicy ?? 'OrderedReady',
    selector: { matchLabels: { ...props.selector } },
    updateStrategy: { type: 'RollingUpdate' },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    template: props.template,
    volumeClaimTemplates: [
      {
        metadata: { name: DATA_VOLUME, labels: { ...props.claimLabels } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: props.storage.storageClass,
          resources: { requests: { storage: k8s.Quantity.fromString(props.storage.size) } },
        },
      },
    ],
  };
}

function cronJobSpec(props: ServiceCronJobProps): k8s.CronJobSpec {
  const limits = props.limits ?? cronJobLimits(undefined, CRONJOB);
  return {
    schedule: props.schedule,
    timeZone: props.timeZone ?? CRONJOB.timeZone,
    // Rendered only when paused, so an unpaused CronJob reads as before.
    suspend: limits.suspend || undefined,
    concurrencyPolicy: limits.concurrencyPolicy,
    startingDeadlineSeconds: limits.startingDeadlineSeconds,
    successfulJobsHistoryLimit: limits.successfulJobsHistoryLimit,
    failedJobsHistoryLimit: limits.failedJobsHistoryLimit,
    jobTemplate: {
      metadata: { labels: { ...props.jobLabels } },
      spec: {
        backoffLimit: limits.backoffLimit,
        activeDeadlineSeconds: limits.activeDeadlineSeconds,
        ttlSecondsAfterFinished: limits.ttlSecondsAfterFinished,
        template: props.template,
      },
    },
  };
}
