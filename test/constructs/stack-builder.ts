/**
 * Stacks built in code for construct tests: a small valid stack, with schema defaults
 * filled in exactly as synth fills them, and helpers to render one construct in a
 * cdk8s `Testing` chart.
 */
import { Testing, type Chart } from 'cdk8s';
import type { LabelContext } from '../../lib/constructs/labels';
import type { ResolvedService, Service, Stack } from '../../lib/model/schema';
import { validateMergedStack } from '../../lib/overlay/validate';
import { renderService } from '../../lib/patterns';

export const LABELS: LabelContext = { stack: 'shop', environment: 'test' };
export const NAMESPACE = 'shop';

/** Overlay input: schema defaults (probe periods, shutdown, ...) are filled in by `buildStack`. */
type ServiceInput = Record<string, unknown> & { readonly type: Service['type'] };

const BASE_SERVICES: Record<string, ServiceInput> = {
  api: {
    type: 'web',
    image: 'ghcr.io/acme/api:1.2.3',
    ports: { http: 8080 },
    resources: { cpu: '100m', memory: '128Mi' },
    health: { liveness: { path: '/live' }, readiness: { path: '/ready' } },
  },
  redis: {
    type: 'store',
    image: 'redis:7.4.1',
    ports: { redis: 6379 },
    resources: { cpu: '100m', memory: '128Mi' },
    storage: { size: '1Gi', mountPath: '/data' },
    health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } },
  },
};

/** A valid stack of `api` (web) and `redis` (store) plus `services`, with schema defaults filled in. */
export function buildStack(services: Record<string, ServiceInput> = {}, stack: Partial<Stack['stack']> = {}): Stack {
  const data = structuredClone({
    stack: { name: 'shop', namespace: NAMESPACE, ...stack },
    services: { ...BASE_SERVICES, ...services },
  });
  const problems = validateMergedStack(data);
  if (problems.length) throw new Error(`test stack is invalid: ${JSON.stringify(problems)}`);
  return data as unknown as Stack;
}

/** A worker-like service with the essentials set; override what the test is about. */
export function runnable(type: Service['type'], extra: Record<string, unknown> = {}): ServiceInput {
  return {
    type,
    image: 'ghcr.io/acme/api:1.2.3',
    resources: { cpu: '100m', memory: '128Mi' },
    health: { liveness: { command: ['true'] } },
    ...extra,
  };
}

/** A Qdrant store with the essentials set; override what the test is about (e.g. `distributed`). */
export function qdrantStore(extra: Record<string, unknown> = {}): ServiceInput {
  return {
    type: 'store',
    image: 'qdrant/qdrant:v1.12.4-unprivileged',
    ports: { http: 6333, grpc: 6334 },
    resources: { cpu: '100m', memory: '256Mi' },
    storage: { size: '1Gi', mountPath: '/qdrant/storage' },
    health: { liveness: { path: '/livez' }, readiness: { path: '/readyz' } },
    ...extra,
  };
}

/** Renders service `name` of `stack` alone in a test chart; returns the chart and its manifests. */
export function synthService(stack: Stack, name: string): { chart: Chart; manifests: any[]; construct: unknown } {
  const chart = Testing.chart();
  const construct = renderService(chart, {
    name,
    namespace: NAMESPACE,
    service: stack.services[name] as ResolvedService,
    stack,
    labels: LABELS,
    priorityClassName: 'shop-batch',
  });
  return { chart, manifests: Testing.synth(chart), construct };
}

/** The one manifest of `kind` (fails the test when there is not exactly one). */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}: ${manifests.map((m) => m.kind).join(', ')}`);
  return found[0];
}

export const kinds = (manifests: any[]): string[] => manifests.map((m) => m.kind).sort();
