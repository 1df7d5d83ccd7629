/**
 * What a service's `release` means once the defaults are filled in: the strategy, the canary
 * steps, the blue-green scale-down delay, whether a person promotes, and the analysis
 * thresholds (from the service's SLO unless the overlay overrides them). The renderer
 * (lib/patterns/web.ts, lib/constructs/rollout.ts, lib/operations/release-analysis.ts) and
 * REPORT.md read this, never the raw overlay.
 */
import { durationSeconds } from './duration';
import { edgeMode, publicServices } from './edge';
import type { CanaryStep, Release, ReleaseStrategy } from './release-schema';
import type { Service, Stack } from './schema';
import { traitsOf } from './service-kinds';

export const DEFAULT_CANARY_STEPS: readonly Required<CanaryStep>[] = [
  { weight: 10, pause: '1m' },
  { weight: 25, pause: '1m' },
  { weight: 50, pause: '1m' },
];
const DEFAULT_PAUSE = '1m';
export const DEFAULT_SLO = { availability: 99.9, latencyP99: '500ms' } as const;

export interface ReleaseAnalysis {
  /** Highest 5xx share of the new pods, as a ratio (0.001 for 0.1 %). */
  readonly maxErrorRatio: number;
  /** Highest p99 latency of the new pods, as the overlay wrote it (`500ms`). */
  readonly maxLatencyP99: string;
  readonly interval: string;
  readonly count: number;
  readonly failureLimit: number;
  readonly window: string;
  /** Where the thresholds come from, for REPORT.md: `slo` or `release.analysis`. */
  readonly source: { readonly errorRatio: 'slo' | 'release.analysis'; readonly latency: 'slo' | 'release.analysis' };
}

interface ProgressiveBase {
  /** A person promotes (`kubectl argo rollouts promote`) instead of the controller. */
  readonly autoPromote: boolean;
  readonly analysis: ReleaseAnalysis;
  /** Name of the AnalysisTemplate: `<service>-release`. */
  readonly analysisTemplate: string;
}

export type ResolvedRelease =
  | { readonly strategy: 'rolling' }
  | (ProgressiveBase & {
      readonly strategy: 'canary';
      readonly steps: readonly Required<CanaryStep>[];
      /** The Services Argo Rollouts points at the stable and the canary pods. */
      readonly stableService: string;
      readonly canaryService: string;
    })
  | (ProgressiveBase & {
      readonly strategy: 'blueGreen';
      readonly scaleDownDelaySeconds: number;
      /** The Service clients and the Ingress use (the service's own), and the one that shows the new version first. */
      readonly activeService: string;
      readonly previewService: string;
      /** A headless Service over every pod of the Rollout, active and preview: what Prometheus scrapes. */
      readonly metricsService: string;
    });

export type ProgressiveRelease = Exclude<ResolvedRelease, { strategy: 'rolling' }>;

/** The strategy the overlay asks for (`rolling` when it says nothing). */
export function releaseStrategy(service: Pick<Service, 'release'>): ReleaseStrategy {
  return service.release?.strategy ?? 'rolling';
}

/** True when the service releases through Argo Rollouts (a kind that may: the traits say so). */
export function isProgressive(service: Pick<Service, 'release' | 'type'>): boolean {
  return releaseStrategy(service) !== 'rolling' && traitsOf(service).progressiveRelease;
}

/** `true` unless the stack is production (there a person promotes). */
export function autoPromoteDefault(stack: Pick<Stack, 'stack'>): boolean {
  return stack.stack.tier !== 'production';
}

export function resolveRelease(stack: Pick<Stack, 'stack'>, name: string, service: Service): ResolvedRelease {
  const release: Release = service.release ?? { strategy: 'rolling' };
  if (!isProgressive(service)) return { strategy: 'rolling' };
  const base: ProgressiveBase = {
    autoPromote: release.autoPromote ?? autoPromoteDefault(stack),
    analysis: resolveAnalysis(service),
    analysisTemplate: `${name}-release`,
  };
  if (release.strategy === 'canary') {
    const steps = (release.canary?.steps ?? DEFAULT_CANARY_STEPS).map((s) => ({ weight: s.weight, pause: s.pause ?? DEFAULT_PAUSE }));
    return { ...base, strategy: 'canary', steps, stableService: `${name}-stable`, canaryService: `${name}-canary` };
  }
  return {
    ...base,
    strategy: 'blueGreen',
    scaleDownDelaySeconds: durationSeconds(release.blueGreen?.scaleDownDelay ?? '10m'),
    activeService: name,
    previewService: `${name}-preview`,
    metricsService: `${name}-metrics`,
  };
}

function resolveAnalysis(service: Service): ReleaseAnalysis {
  const a = service.release?.analysis;
  const slo = { ...DEFAULT_SLO, ...service.slo };
  const errorPercent = a?.maxErrorRatio ?? Number((100 - slo.availability).toPrecision(12));
  return {
    maxErrorRatio: Number((errorPercent / 100).toPrecision(12)),
    maxLatencyP99: a?.maxLatencyP99 ?? slo.latencyP99,
    interval: a?.interval ?? '1m',
    count: a?.count ?? 5,
    failureLimit: a?.failureLimit ?? 1,
    window: a?.window ?? '2m',
    source: { errorRatio: a?.maxErrorRatio === undefined ? 'slo' : 'release.analysis', latency: a?.maxLatencyP99 === undefined ? 'slo' : 'release.analysis' },
  };
}

/** The Argo Rollouts traffic-router plugin for the Gateway API (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi). */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/**
 * The traffic router of a canary, by environment and service: the one place a router plugs in.
 * With the Gateway API edge (`stack.edge.mode: gateway`) and a public service (it has an HTTPRoute,
 * named after the service), the Gateway API plugin moves the weights of the route's two
 * backendRefs, `stableService` and `canaryService`:
 *   `{ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: '<service>', namespace: '<namespace>' } } }`
 * (`httpRoute`, the single-route form of plugin v0.15.0). Otherwise `undefined`: the canary is
 * replica-based (the share of canary pods behind the service's own Service is the share of traffic).
 * See README, "Progressive delivery".
 */
export function trafficRoutingFor(_environment: string, service: string, stack: Stack): Record<string, unknown> | undefined {
  if (edgeMode(stack) !== 'gateway' || !publicServices(stack).some((s) => s.name === service)) return undefined;
  return { plugins: { [GATEWAY_API_PLUGIN]: { httpRoute: service, namespace: stack.stack.namespace } } };
}

/** True when the canary's traffic is split by Gateway API weights (the plugin), not by replica count. */
export function splitsByGatewayWeights(environment: string, service: string, stack: Stack, release: ResolvedRelease): boolean {
  return release.strategy === 'canary' && trafficRoutingFor(environment, service, stack) !== undefined;
}
