import { describe, expect, it } from 'vitest';
import { probeShapes, requiredProbes } from '../../../lib/overlay/rules/probes';
import { problemsOf } from '../stack';

describe('requiredProbes', () => {
  it.each(['web', 'worker', 'singleton', 'store'] as const)('a long-running %s needs a liveness probe', (kind) => {
    expect(problemsOf(requiredProbes, kind, { health: { liveness: null } })).toStrictEqual([
      `services.${kind}: a long-running service needs \`health.liveness\` (a \`path\`, \`command\` or \`port\` probe)`,
    ]);
  });

  it.each(['web', 'store'] as const)('a %s serves traffic and needs a readiness probe', (kind) => {
    expect(problemsOf(requiredProbes, kind, { health: { readiness: null } })).toStrictEqual([
      `services.${kind}: a \`${kind}\` serves traffic and needs \`health.readiness\``,
    ]);
  });

  it('asks nothing of a cronjob or an external service', () => {
    expect(problemsOf(requiredProbes, 'cronjob')).toStrictEqual([]);
    expect(problemsOf(requiredProbes, 'external')).toStrictEqual([]);
  });
});

describe('probeShapes', () => {
  it('rejects a probe with two ways to probe', () => {
    expect(problemsOf(probeShapes, 'web', { health: { liveness: { path: '/live', command: ['true'] } } })).toStrictEqual([
      'services.web.health.liveness: give exactly one of `path` (HTTP), `command` (exec) or `port` (TCP)',
    ]);
  });

  it('rejects a probe with no way to probe', () => {
    expect(problemsOf(probeShapes, 'worker', { health: { startup: {} } })).toStrictEqual([
      'services.worker.health.startup: give exactly one of `path` (HTTP), `command` (exec) or `port` (TCP)',
    ]);
  });

  it('takes a path on a named port', () => {
    expect(problemsOf(probeShapes, 'web', { ports: { admin: 9000 }, health: { liveness: { path: '/live', port: 'admin' } } })).toStrictEqual([]);
  });

  it('rejects a port the service does not declare', () => {
    expect(problemsOf(probeShapes, 'store', { health: { readiness: { command: null, port: 'redis-tls' } } })).toStrictEqual([
      'services.store.health.readiness.port: probes port `redis-tls`, which the service does not declare in `ports` (redis)',
    ]);
  });

  it('rejects a path probe without an `http` port', () => {
    expect(problemsOf(probeShapes, 'worker', { health: { liveness: { command: null, path: '/live' } } })).toStrictEqual([
      'services.worker.health.liveness.path: probes port `http`, which the service does not declare in `ports` (none)',
    ]);
  });
});
