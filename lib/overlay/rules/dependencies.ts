/** `dependsOn`: every dependency exists and is enabled, and waiting for them never deadlocks. */
import type { Service, Stack } from '../../model/schema';
import { traitsOf } from '../../model/service-kinds';
import { suggest } from '../validate';
import type { SchemaProblem, ServiceContext, StackContext } from './rule';

/** Deeper chains are not followed: no stack waits through 50 services. */
const MAX_WAIT_DEPTH = 50;

export function dependencyTargets({ stack, name, service, at }: ServiceContext): SchemaProblem[] {
  return (service.dependsOn ?? []).flatMap((dep, i) => {
    const message = dependencyProblem(stack, name, dep);
    return message ? [{ path: at('dependsOn', i), message }] : [];
  });
}

function dependencyProblem(stack: Stack, name: string, dep: string): string | undefined {
  if (dep === name) return 'a service cannot depend on itself';
  if (!Object.hasOwn(stack.services, dep)) {
    const hint = suggest(dep, Object.keys(stack.services));
    const enabled = Object.keys(stack.services).filter((n) => stack.services[n].enabled !== false);
    return `\`${dep}\` is not a service of this stack${hint ? ` — did you mean \`${hint}\`?` : `; services: ${enabled.join(', ')}`}`;
  }
  if (stack.services[dep].enabled === false) return `\`${dep}\` is disabled in this environment (enabled: false); enable it or drop the dependency`;
  return undefined;
}

/**
 * Services wait at startup for the dependencies they declare (when `waitForDependencies` is
 * on and the dependency runs in the cluster and serves ports): a cycle of such waits never starts.
 */
export function waitCycles({ stack }: StackContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const reported = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    for (const dep of waitsFor(stack, name)) {
      const at = path.indexOf(dep);
      if (at < 0) {
        if (path.length < MAX_WAIT_DEPTH) visit(dep, [...path, dep]);
        continue;
      }
      const cycle = [...path.slice(at), dep];
      const key = cycle.slice(0, -1).sort().join(',');
      if (reported.has(key)) continue;
      reported.add(key);
      problems.push({
        path: ['services', cycle[cycle.length - 2], 'dependsOn'],
        message: `waiting for dependencies would deadlock: ${cycle.join(' → ')}; set \`waitForDependencies: false\` on one of them`,
      });
    }
  };
  for (const name of Object.keys(stack.services).sort()) visit(name, [name]);
  return problems;
}

/** The dependencies a service's pods wait for before they start. */
function waitsFor(stack: Stack, name: string): string[] {
  const service = stack.services[name];
  if (!service || service.enabled === false || service.waitForDependencies === false || !runsInCluster(service)) return [];
  return (service.dependsOn ?? []).filter((dep) => {
    const target = Object.hasOwn(stack.services, dep) ? stack.services[dep] : undefined;
    return target && target.enabled !== false && runsInCluster(target) && Object.keys(target.ports ?? {}).length > 0;
  });
}

const runsInCluster = (service: Service) => traitsOf(service).workload !== undefined;
