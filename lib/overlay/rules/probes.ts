/** Health probes: which a kind needs, and that each names one way to probe on a declared port. */
import type { Probe } from '../../model/schema';
import type { SchemaProblem, ServiceContext } from './rule';

const PROBE_KINDS = ['startup', 'liveness', 'readiness'] as const;

export function requiredProbes({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (traits.longRunning && !service.health?.liveness) {
    problems.push({ path: at(), message: 'a long-running service needs `health.liveness` (a `path`, `command` or `port` probe)' });
  }
  if (traits.servesTraffic && !service.health?.readiness) {
    problems.push({ path: at(), message: `a \`${service.type}\` serves traffic and needs \`health.readiness\`` });
  }
  return problems;
}

export function probeShapes({ service, at }: ServiceContext): SchemaProblem[] {
  const ports = Object.keys(service.ports ?? {});
  const problems: SchemaProblem[] = [];
  for (const kind of PROBE_KINDS) {
    const probe = service.health?.[kind];
    if (!probe) continue;
    if (!oneWay(probe)) {
      problems.push({ path: at('health', kind), message: 'give exactly one of `path` (HTTP), `command` (exec) or `port` (TCP)' });
    }
    // A path probe without a port probes the `http` port.
    const port = probe.port ?? (probe.path ? 'http' : undefined);
    if (port && !ports.includes(port)) {
      problems.push({
        path: at('health', kind, probe.port ? 'port' : 'path'),
        message: `probes port \`${port}\`, which the service does not declare in \`ports\` (${ports.join(', ') || 'none'})`,
      });
    }
  }
  return problems;
}

/** One of `path`, `command`, `port` — or a `path` on a named `port`. */
function oneWay(probe: Probe): boolean {
  const ways = [probe.path, probe.command, probe.port].filter((w) => w !== undefined).length;
  return ways === 1 || Boolean(probe.path && probe.port);
}
