/**
 * The common wiring of every service that runs pods, the aws-ecs-patterns way: this base
 * creates the identity (ServiceAccount, config, secrets), builds the pod template, and adds
 * the Service, autoscaling and disruption budget the kind's traits call for; each pattern
 * (web.ts, worker.ts, ...) only says which workload it runs.
 */
import { Construct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import { Autoscaling, vpaPeakPod } from '../constructs/autoscaling';
import { DisruptionBudget } from '../constructs/disruption-budget';
import { KedaScaling } from '../constructs/keda-scaling';
import { MigrationJob } from '../constructs/migration-job';
import { extraMetadataOf, withExtraMetadata } from '../constructs/extra-metadata';
import { imageVersion, recommendedLabels, selectorLabels, type LabelContext } from '../constructs/labels';
import { podTemplate } from '../constructs/pod-template';
import { priorityClassName } from '../constructs/priority-classes';
import { ResourceLedger } from '../constructs/resource-ledger';
import { ServiceExposure } from '../constructs/service-exposure';
import { PublicRoute } from '../constructs/gateway';
import { edgeMode, publicService as publicServiceOf } from '../model/edge';
import { ServiceIdentity } from '../constructs/service-identity';
import { DATA_VOLUME, type Workload } from '../constructs/workload';
import { CNPG_POSTGRES_PORT, cloudNativePg, connectionEnv, readWriteHost } from '../model/cloudnative-pg';
import { podSettingsOf } from '../model/pod-settings';
import type { ResolvedService, Stack } from '../model/schema';
import { maxReplicas, podPorts, PRIORITY_VALUES, sortedPorts, type RunnableService } from '../model/service-facts';
import { traitsOf, type ServiceKindTraits } from '../model/service-kinds';
import { helperImage } from '../model/helper-images';
import { resolveRelease, splitsByGatewayWeights, type ResolvedRelease } from '../model/release';
import { waiverAnnotations } from '../shared/waivers';
import { generatedClientEnv } from '../model/store-clusters';
import { databaseWaitTargets, migrationName } from '../model/release-facts';
import { fileSecretName } from '../model/files-schema';

export interface ServicePatternProps {
  readonly name: string;
  readonly namespace: string;
  readonly service: ResolvedService;
  readonly stack: Stack;
  readonly labels: LabelContext;
  readonly priorityClassName: string;
}

/** What a pattern gets to build its workload from. */
export interface WorkloadContext {
  readonly name: string;
  readonly service: RunnableService;
  readonly metadata: k8s.ObjectMeta;
  readonly selector: Record<string, string>;
  /** Labels of the objects a workload creates itself (pods, jobs): the service's labels. */
  readonly labels: Record<string, string>;
  /** The service's labels without the version: for objects that never change (claim templates). */
  readonly stableLabels: Record<string, string>;
  /** How the service releases a new version (`release`, defaults filled in). */
  readonly release: ResolvedRelease;
  /** The environment (overlay) name. */
  readonly environment: string;
  /** The stack, for what a pattern reads beyond its own service (the canary's traffic router). */
  readonly stack: Stack;
  /** Builds the pod template (and records its peak in the namespace's resource ledger). */
  readonly template: (restartPolicy?: 'OnFailure') => k8s.PodTemplateSpec;
}

/** Rolling Deployments may run this share more pods while they roll (maxSurge 25 %). */
const SURGE = 0.25;

export abstract class ServicePattern extends Construct {
  readonly traits: ServiceKindTraits;
  readonly identity: ServiceIdentity;
  readonly workload: Workload;
  /** Present when the kind has a Service and the service serves ports. */
  readonly exposure?: ServiceExposure;
  /** Present when the service is public (`ingress`) and the stack's edge is the Gateway API. */
  readonly route?: PublicRoute;
  /** Present when the service has `autoscaling` or `vpa`. */
  readonly autoscaling?: Autoscaling;
  /** Present when the service has `keda`: the ScaledObject (and TriggerAuthentication) KEDA scales it by. */
  readonly keda?: KedaScaling;
  /** Present when the service has `migrations`: the Job ArgoCD runs once per sync, before the apps roll. */
  readonly migration?: MigrationJob;
  /** Present when the service can run two or more long-running pods. */
  readonly disruptionBudget?: DisruptionBudget;

  constructor(scope: Construct, id: string, props: ServicePatternProps) {
    super(scope, id);
    const service = props.service as RunnableService;
    this.traits = traitsOf(service);
    const context = workloadContext(props, service);
    this.identity = new ServiceIdentity(this, 'Identity', {
      name: props.name,
      metadata: omitName(context.metadata),
      service,
      secretStore: props.stack.stack.secretStore,
      serviceAccountMetadata: extraMetadataOf(props.stack, service, 'serviceAccount'),
    });
    this.workload = this.createWorkload({
      ...context,
      // The waiver annotations are the stack's own: they go over the overlay's extra metadata.
      metadata: workloadMetadata(withExtraMetadata(context.metadata, extraMetadataOf(props.stack, service, 'workload')), service, props.name),
      template: templateFactory(this, props, context, this.identity),
    });
    this.exposure = this.createExposure(props, context);
    this.route = this.createRoute(props, context);
    if (service.autoscaling || service.vpa) {
      this.autoscaling = new Autoscaling(this, 'Scaling', { metadata: context.metadata, service, target: this.workload.scaleTarget, containerName: props.name });
    }
    if (service.keda) {
      // The target comes from the workload construct: a Deployment today, whatever kind it renders tomorrow.
      this.keda = new KedaScaling(this, 'Keda', {
        metadata: { ...context.metadata, name: props.name, namespace: props.namespace },
        keda: service.keda,
        stack: props.stack,
        target: this.workload.scaleTarget,
      });
    }
    if (service.migrations) this.migration = migrationJob(this, props, service, this.identity);
    // Only where a drain could otherwise take every pod at once.
    if (this.traits.longRunning && maxReplicas(service) >= 2) {
      this.disruptionBudget = new DisruptionBudget(this, 'Pdb', { metadata: context.metadata, selector: context.selector, maxUnavailable: service.pdb?.maxUnavailable });
    }
  }

  /** The pattern's workload. Called once, from the constructor. */
  protected abstract createWorkload(context: WorkloadContext): Workload;

  private createExposure(props: ServicePatternProps, context: Omit<WorkloadContext, 'template'>): ServiceExposure | undefined {
    const flavour = this.traits.service;
    if (!flavour || !Object.keys(podPorts(context.service)).length) return undefined;
    return new ServiceExposure(this, 'Exposure', {
      name: props.name,
      metadata: context.metadata,
      service: context.service,
      flavour,
      selector: context.selector,
      ingressSettings: edgeMode(props.stack) === 'ingress' ? props.stack.stack.ingress : undefined,
      serviceMetadata: extraMetadataOf(props.stack, context.service, 'service'),
      ingressMetadata: extraMetadataOf(props.stack, context.service, 'ingress'),
    });
  }

  /** `stack.edge.mode: gateway`: the service's public endpoint is an HTTPRoute (and its policies). */
  private createRoute(props: ServicePatternProps, context: Omit<WorkloadContext, 'template'>): PublicRoute | undefined {
    const { service } = context;
    if (!service.ingress || !this.exposure || edgeMode(props.stack) !== 'gateway') return undefined;
    const publicService = publicServiceOf(props.name, service);
    const { release } = context;
    // A canary the Gateway API plugin steers: the route weighs its stable and canary Services.
    const canary = release.strategy === 'canary' && splitsByGatewayWeights(context.environment, props.name, props.stack, release)
      ? { stableService: release.stableService, canaryService: release.canaryService }
      : undefined;
    return new PublicRoute(this, 'Route', {
      stack: props.stack,
      metadata: withExtraMetadata(context.metadata, extraMetadataOf(props.stack, service, 'ingress')),
      service: publicService,
      port: podPorts(service)[publicService.portName],
      canary,
    });
  }
}

/** Labels and metadata every object of the service shares. */
export function serviceMetadata(props: ServicePatternProps) {
  const { service } = props;
  const labels = recommendedLabels(props.labels, props.name, {
    component: service.type,
    version: service.image ? imageVersion(service.image) : undefined,
  });
  return { labels, metadata: { name: props.name, namespace: props.namespace, labels } };
}

function workloadContext(props: ServicePatternProps, service: RunnableService): Omit<WorkloadContext, 'template'> {
  const { labels, metadata } = serviceMetadata(props);
  return {
    name: props.name,
    service,
    metadata,
    selector: selectorLabels(props.labels, props.name),
    labels,
    release: resolveRelease(props.stack, props.name, service),
    environment: props.labels.environment,
    stack: props.stack,
    stableLabels: recommendedLabels(props.labels, props.name, { component: service.type }),
  };
}

function templateFactory(
  scope: Construct,
  props: ServicePatternProps,
  context: Omit<WorkloadContext, 'template'>,
  identity: ServiceIdentity,
): WorkloadContext['template'] {
  const { service } = context;
  const traits = traitsOf(service);
  const peak = maxReplicas(service);
  // A blue-green release runs a full second set of pods (the preview) beside the active one.
  const surge = context.release.strategy === 'blueGreen' ? peak : traits.surgesWhileRolling ? Math.ceil(peak * SURGE) : 0;
  const { priorityClass, ...settings } = podSettingsOf(props.stack, service);
  return (restartPolicy) => {
    const pod = podTemplate({
      name: props.name,
      service,
      labels: { ...context.selector, ...context.labels },
      metadata: extraMetadataOf(props.stack, service, 'pod'),
      configMapName: identity.configMap?.name,
      externalSecretName: identity.externalSecretName,
      dataVolume: traits.keepsData ? DATA_VOLUME : undefined,
      restartPolicy,
      spread: traits.spreadsPods,
      priorityClassName: ownPriorityClass(props, priorityClass) ?? props.priorityClassName,
      settings,
      waitFor: dependenciesToWaitFor(props.stack, service),
      waitImage: helperImage(props.stack.stack.helperImages, 'waitForDependencies'),
      stackEnv: [
        ...connectionEnv(props.stack, service),
        ...Object.entries(generatedClientEnv(props.stack, service)).map(([name, value]) => ({ name, value })),
      ],
    });
    ResourceLedger.of(scope).addPods(peak + surge, vpaPeakPod(pod.spec!, service));
    return pod;
  };
}

/**
 * The migration Job of a service: its own pod template (name label `<service>-migrate`, the
 * migration command, no probes, ports or sidecars, restartPolicy Never so each attempt keeps
 * its logs) over the service's identity, settings and environment; it waits only for its databases.
 */
function migrationJob(scope: Construct, props: ServicePatternProps, service: RunnableService, identity: ServiceIdentity): MigrationJob {
  const migrations = service.migrations!;
  const name = migrationName(props.name);
  const labels = recommendedLabels(props.labels, name, { component: 'migration', version: imageVersion(service.image) });
  const { priorityClass, ...settings } = podSettingsOf(props.stack, service);
  const migrating: RunnableService = {
    ...service,
    command: migrations.command,
    args: migrations.args,
    ports: undefined,
    health: undefined,
    initContainers: undefined,
    sidecars: undefined,
  };
  const template = podTemplate({
    name: props.name,
    service: migrating,
    labels: { ...selectorLabels(props.labels, name), ...labels },
    metadata: extraMetadataOf(props.stack, service, 'pod'),
    configMapName: identity.configMap?.name,
    externalSecretName: identity.externalSecretName,
    restartPolicy: 'Never',
    priorityClassName: ownPriorityClass(props, priorityClass) ?? props.priorityClassName,
    settings,
    waitFor: service.waitForDependencies ? databaseWaitTargets(props.stack, service) : [],
    waitImage: helperImage(props.stack.stack.helperImages, 'waitForDependencies'),
    stackEnv: [
      ...connectionEnv(props.stack, service),
      ...Object.entries(generatedClientEnv(props.stack, service)).map(([envName, value]) => ({ name: envName, value })),
    ],
  });
  // A Job runs to completion: no preStop pause (that is for pods behind a Service).
  const [main, ...rest] = template.spec!.containers;
  const spec: k8s.PodSpec = { ...template.spec!, containers: [{ ...main!, lifecycle: undefined }, ...rest] };
  ResourceLedger.of(scope).addPods(1, spec);
  return new MigrationJob(scope, 'Migration', {
    metadata: { name, namespace: props.namespace, labels },
    template: { ...template, spec },
    migrations,
  });
}

/** `pod.priorityClass`: one of the stack's tiers names the stack's class of that tier; anything else is a cluster's class. */
function ownPriorityClass(props: ServicePatternProps, priorityClass: string | undefined): string | undefined {
  if (priorityClass === undefined) return undefined;
  return Object.hasOwn(PRIORITY_VALUES, priorityClass) ? priorityClassName(props.labels, priorityClass as keyof typeof PRIORITY_VALUES) : priorityClass;
}

/** The first port of each in-cluster dependency, when the service waits for its dependencies. */
function dependenciesToWaitFor(stack: Stack, service: RunnableService): { host: string; port: number }[] {
  if (!service.waitForDependencies) return [];
  return (service.dependsOn ?? []).flatMap((dep) => {
    const target = stack.services[dep];
    const postgres = cloudNativePg(target);
    // The operator's Services have their own names: wait for where the client connects.
    if (postgres) return [{ host: readWriteHost(dep, postgres), port: CNPG_POSTGRES_PORT }];
    const first = sortedPorts(target.ports)[0]?.[1];
    return first && !traitsOf(target).outsideCluster ? [{ host: dep, port: first }] : [];
  });
}

/** The workload's metadata: the service's, plus the waiver annotations the overlay asks for (`waive`). */
function workloadMetadata(metadata: k8s.ObjectMeta, service: RunnableService, name: string): k8s.ObjectMeta {
  const annotations = { ...waiverAnnotations(service.waive), ...reloaderAnnotations(name, service) };
  return Object.keys(annotations).length ? { ...metadata, annotations: { ...metadata.annotations, ...annotations } } : metadata;
}

/**
 * Secrets mounted as files change outside Git (the external store, a person): the Stakater
 * Reloader rolls the workload when one of them changes. (Rendered content rolls it by checksum.)
 */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';

function reloaderAnnotations(name: string, service: RunnableService): Record<string, string> {
  const secrets = [...new Set((service.files ?? []).map((file) => fileSecretName(name, file)).filter((s): s is string => s !== undefined))].sort();
  return secrets.length ? { [RELOADER_SECRET_ANNOTATION]: secrets.join(',') } : {};
}

function omitName(metadata: k8s.ObjectMeta): Omit<k8s.ObjectMeta, 'name'> {
  const { name: _name, ...rest } = metadata;
  return rest;
}
