/**
 * Rules the JSON Schema cannot express: references between services and what each
 * service type needs. Each returns problems as key paths into the merged stack.
 */
import type { Service, Stack } from '../model/schema';
import type { SchemaProblem } from './validate';
import { suggest } from './validate';

/** Longest suffix we append to a service name (`-restore-verify`), so every derived name stays ≤ 63. */
export const MAX_SERVICE_NAME = 40;

const TYPE_NEEDS: Record<Service['type'], { ports: boolean; storage: boolean; schedule: boolean }> = {
  web: { ports: true, storage: false, schedule: false },
  worker: { ports: false, storage: false, schedule: false },
  singleton: { ports: false, storage: false, schedule: false },
  store: { ports: true, storage: true, schedule: false },
  cronjob: { ports: false, storage: false, schedule: true },
};

export function checkStackSemantics(stack: Stack): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const enabled = Object.keys(stack.services).filter((n) => stack.services[n].enabled !== false);
  for (const [name, service] of Object.entries(stack.services)) {
    const at = (...rest: (string | number)[]) => ['services', name, ...rest];
    if (name.length > MAX_SERVICE_NAME) {
      problems.push({
        path: at(),
        message: `service name is ${name.length} characters; at most ${MAX_SERVICE_NAME} leave room for the suffixes of derived object names — shorten it`,
      });
    }
    if (service.enabled === false) continue;
    const needs = TYPE_NEEDS[service.type];
    const ports = Object.keys(service.ports ?? {});
    if (needs.ports && ports.length === 0) {
      problems.push({ path: at('type'), message: `a \`${service.type}\` service needs \`ports\` (e.g. \`ports: { http: 8000 }\`)` });
    }
    if (!needs.ports && service.type !== 'worker' && service.type !== 'singleton' && ports.length > 0) {
      problems.push({ path: at('ports'), message: `a \`${service.type}\` service serves no ports; remove \`ports\`` });
    }
    if (needs.storage && !service.storage) {
      problems.push({ path: at('type'), message: 'a `store` needs `storage` (e.g. `storage: { size: 10Gi }`)' });
    }
    if (!needs.storage && service.storage) {
      problems.push({ path: at('storage'), message: `only a \`store\` has \`storage\`; a \`${service.type}\` keeps no data` });
    }
    if (needs.schedule && !service.schedule) {
      problems.push({ path: at('type'), message: 'a `cronjob` needs `schedule` (e.g. `schedule: "0 2 * * *"`)' });
    }
    if (!needs.schedule && service.schedule !== undefined) {
      problems.push({ path: at('schedule'), message: `only a \`cronjob\` has a \`schedule\`; this is a \`${service.type}\`` });
    }
    if (service.type === 'singleton' && service.replicas !== undefined && service.replicas !== 1) {
      problems.push({ path: at('replicas'), message: `a \`singleton\` runs exactly one replica; remove \`replicas: ${service.replicas}\`` });
    }
    for (const [i, dep] of (service.dependsOn ?? []).entries()) {
      if (dep === name) {
        problems.push({ path: at('dependsOn', i), message: 'a service cannot depend on itself' });
      } else if (!(dep in stack.services)) {
        const hint = suggest(dep, Object.keys(stack.services));
        problems.push({
          path: at('dependsOn', i),
          message: `\`${dep}\` is not a service of this stack${hint ? ` — did you mean \`${hint}\`?` : `; services: ${enabled.join(', ')}`}`,
        });
      } else if (!enabled.includes(dep)) {
        problems.push({ path: at('dependsOn', i), message: `\`${dep}\` is disabled in this environment (enabled: false); enable it or drop the dependency` });
      }
    }
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = service.health?.[kind];
      if (!probe) continue;
      const ways = [probe.path, probe.command, probe.port].filter((w) => w !== undefined).length;
      if (ways !== 1 && !(probe.path && probe.port)) {
        problems.push({ path: at('health', kind), message: 'give exactly one of `path` (HTTP), `command` (exec) or `port` (TCP)' });
      }
      const port = probe.port ?? (probe.path ? 'http' : undefined);
      if (port && !ports.includes(port)) {
        problems.push({
          path: at('health', kind, probe.port ? 'port' : 'path'),
          message: `probes port \`${port}\`, which the service does not declare in \`ports\` (${ports.join(', ') || 'none'})`,
        });
      }
    }
  }
  return problems;
}
