/**
 * Synthetic stacks for benchmarks: a realistic mix per group of 20 services —
 * 1 store, 1 singleton, 4 workers, 14 web APIs — where everything depends on its
 * group's store (which comes first, so any count has every dependency). Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

const HEADER = '# yaml-language-server: $schema=../schema/overlay.schema.json\n';

function service(i: number): [string, Record<string, unknown>] {
  const group = Math.floor(i / 20);
  const slot = i % 20;
  const store = `db-${group}`;
  const image = `ghcr.io/acme/svc-${group}:1.${slot}.0`;
  const resources = { cpu: '100m', memory: '128Mi' };
  const probe = { liveness: { path: '/live' }, readiness: { path: '/ready' } };
  if (slot === 0) {
    return [store, {
      type: 'store', image: 'postgres:16.4', ports: { postgres: 5432 }, resources: { cpu: '250m', memory: '512Mi' },
      storage: { size: '10Gi', mountPath: '/var/lib/postgresql/data' }, runAsUser: 999,
      writablePaths: ['/var/run/postgresql'], health: { liveness: { port: 'postgres' }, readiness: { command: ['pg_isready'] } },
    }];
  }
  if (slot === 1) {
    return [`sched-${group}`, { type: 'singleton', image, resources, health: { liveness: { command: ['true'] } }, dependsOn: [store] }];
  }
  if (slot <= 5) {
    return [`worker-${i}`, {
      type: 'worker', image, resources, health: { liveness: { command: ['true'] } }, dependsOn: [store],
      config: { QUEUE: `q-${i}`, LOG_LEVEL: 'info' },
    }];
  }
  return [`api-${i}`, {
    type: 'web', image, ports: { http: 8000 }, resources, health: probe, dependsOn: [store],
    config: { LOG_LEVEL: 'info', FEATURE: `f-${i}` }, env: { PORT: '8000' },
  }];
}

export function syntheticStack(count: number): Record<string, string> {
  const services = Object.fromEntries(Array.from({ length: count }, (_, i) => service(i)));
  const names = Object.keys(services);
  const env = (name: string, replicas: number) => {
    const overrides: Record<string, unknown> = {};
    for (const n of names) if (n.startsWith('api-')) overrides[n] = { replicas };
    return HEADER + stringify({ stack: { namespace: `synthetic-${name}` }, services: overrides });
  };
  return {
    'base.yaml': HEADER + stringify({ stack: { name: 'synthetic', namespace: 'synthetic' }, services }),
    'dev.yaml': env('dev', 1),
    'staging.yaml': env('staging', 2),
    'prod.yaml': env('prod', 3),
  };
}

export function writeSyntheticStack(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(syntheticStack(count))) writeFileSync(join(dir, file), content);
}
