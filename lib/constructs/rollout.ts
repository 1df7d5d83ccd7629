/**
 * A web service's pods released by Argo Rollouts (`release.strategy: canary | blueGreen`):
 *
 *   ServiceRollout    a `Rollout` with the same pod template a Deployment would have (inline
 *                     `spec.template`, not `workloadRef`), a canary with weighted steps, pauses
 *                     and an analysis after each step, or a blue-green with pre- and
 *                     post-promotion analysis
 *   ReleaseServices   the Services Argo Rollouts points at the pods of one version: stable and
 *                     canary, or preview (the service's own Service is the active one), plus the
 *                     headless Service Prometheus scrapes every pod of a blue-green through
 *
 * Why an inline template and not `workloadRef` to a Deployment: with `workloadRef` the pods live in
 * a Deployment scaled to zero that Argo Rollouts copies from, so the policy gate (and anyone reading
 * dist/) would check a pod template that never runs, and ArgoCD would sync a Deployment the
 * controller scales down behind its back. Inline, the Rollout is the one object that owns the pods.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import {
  Rollout,
  RolloutSpecStrategyCanaryMaxSurge,
  RolloutSpecStrategyCanaryMaxUnavailable,
  RolloutSpecStrategyCanaryStepsPauseDuration,
  type RolloutSpecStrategy,
  type RolloutSpecStrategyCanarySteps,
  type RolloutSpecStrategyCanaryTrafficRouting,
} from '../../imports/rollouts-argoproj.io';
import type { ProgressiveRelease } from '../model/release';
import { ResourceLedger } from './resource-ledger';
import { Workload } from './workload';

/** Old ReplicaSets kept for an undo (as for Deployments). */
const REVISION_HISTORY = 5;
/** A release that makes no progress for this long is aborted (and rolled back). */
const PROGRESS_DEADLINE_SECONDS = 600;
/** The label Argo Rollouts writes on each pod and adds to the selectors of the Services it manages. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** The AnalysisTemplate argument carrying the new version's pod-template hash. */
export const NEW_PODS_ARG = 'new-pods-hash';
/** Marks the Services Argo Rollouts manages (stable, canary, preview) and the metrics Service, so the ServiceMonitor can leave them out or pick them. */
export const RELEASE_SERVICE_LABEL = 'cdk8s-stack.dev/release-service';

export interface ServiceRolloutProps {
  readonly metadata: k8s.ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
  readonly template: k8s.PodTemplateSpec;
  /** @default - no `replicas` field (the HPA owns the count) */
  readonly replicas?: number;
  readonly release: ProgressiveRelease;
  /**
   * `spec.strategy.canary.trafficRouting` (from `trafficRoutingFor`: the Gateway API plugin on the
   * `gateway` edge, for a public service).
   * @default - replica-based canary: the share of canary pods is the share of traffic
   */
  readonly trafficRouting?: Record<string, unknown>;
}

export class ServiceRollout extends Workload {
  readonly resource: Rollout;
  readonly release: ProgressiveRelease;

  constructor(scope: Construct, id: string, props: ServiceRolloutProps) {
    super(scope, id);
    this.release = props.release;
    this.resource = new RolloutOfPodTemplate(this, 'Resource', props.template, {
      metadata: props.metadata,
      spec: {
        replicas: props.replicas,
        revisionHistoryLimit: REVISION_HISTORY,
        progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
        progressDeadlineAbort: true,
        selector: { matchLabels: { ...props.selector } },
        strategy: strategyOf(props),
      },
    });
  }
}

/**
 * A Rollout whose pod template is the Kubernetes one every workload of the stack builds
 * (imports/k8s.ts). The generated class re-declares the PodSpec under its own types and would
 * drop what it wraps differently (int-or-string ports, quantities), so the template is rendered
 * by the Kubernetes converter, exactly as in a Deployment.
 */
class RolloutOfPodTemplate extends Rollout {
  constructor(scope: Construct, id: string, private readonly podTemplate: k8s.PodTemplateSpec, props: ConstructorParameters<typeof Rollout>[2]) {
    super(scope, id, props);
  }

  override toJson(): any {
    const json = super.toJson();
    return { ...json, spec: { ...json.spec, template: k8s.toJson_PodTemplateSpec(this.podTemplate) } };
  }
}

function analysisRef(release: ProgressiveRelease) {
  return {
    templates: [{ templateName: release.analysisTemplate }],
    args: [{ name: NEW_PODS_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
  };
}

function strategyOf({ release, trafficRouting }: ServiceRolloutProps): RolloutSpecStrategy {
  if (release.strategy === 'blueGreen') {
    return {
      blueGreen: {
        activeService: release.activeService,
        previewService: release.previewService,
        autoPromotionEnabled: release.autoPromote,
        scaleDownDelaySeconds: release.scaleDownDelaySeconds,
        // Measured on the preview pods before the switch (traffic a smoke test or QA sends), and on live traffic after it.
        prePromotionAnalysis: analysisRef(release),
        postPromotionAnalysis: analysisRef(release),
      },
    };
  }
  const steps: RolloutSpecStrategyCanarySteps[] = release.steps.flatMap((step, index) => [
    { setWeight: step.weight },
    { pause: { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromString(step.pause) } },
    { analysis: analysisRef(release) },
    // Manual promotion: the last step before 100 % waits for `kubectl argo rollouts promote`.
    ...(index === release.steps.length - 1 && !release.autoPromote && step.weight < 100 ? [{ pause: {} }] : []),
  ]);
  return {
    canary: {
      stableService: release.stableService,
      canaryService: release.canaryService,
      maxSurge: RolloutSpecStrategyCanaryMaxSurge.fromString('25%'),
      maxUnavailable: RolloutSpecStrategyCanaryMaxUnavailable.fromNumber(0),
      trafficRouting: trafficRouting as RolloutSpecStrategyCanaryTrafficRouting | undefined,
      steps,
    },
  };
}

export interface ReleaseServicesProps {
  readonly metadata: k8s.ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: k8s.ServicePort[];
  readonly release: ProgressiveRelease;
}

/** The Services of a release besides the service's own (which is the active one of a blue-green). */
export class ReleaseServices extends Construct {
  readonly services: k8s.KubeService[];

  constructor(scope: Construct, id: string, props: ReleaseServicesProps) {
    super(scope, id);
    const { release } = props;
    const roles: [string, string, boolean][] =
      release.strategy === 'canary'
        ? [['stable', release.stableService, false], ['canary', release.canaryService, false]]
        : [['preview', release.previewService, false], ['metrics', release.metricsService, true]];
    this.services = roles.map(([role, name, headless]) => {
      ResourceLedger.of(this).addService();
      return new k8s.KubeService(this, role, {
        metadata: { ...props.metadata, name, labels: { ...props.metadata.labels, [RELEASE_SERVICE_LABEL]: role } },
        spec: { type: 'ClusterIP', clusterIp: headless ? 'None' : undefined, selector: { ...props.selector }, ports: props.ports },
      });
    });
  }
}
