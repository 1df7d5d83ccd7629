/** The extra containers of a pod: unique names, no probes or ports on init containers, probes on sidecars. */
import type { SchemaProblem, ServiceContext } from './rule';

export function uniqueContainerNames({ name, service, at }: ServiceContext): SchemaProblem[] {
  // The main container is named after the service.
  const names = [name, ...(service.initContainers ?? []).map((c) => c.name), ...(service.sidecars ?? []).map((c) => c.name)];
  return names
    .filter((c, i) => names.indexOf(c) !== i)
    .map((c) => ({ path: at(), message: `two containers are named \`${c}\`; container names must be unique in a pod` }));
}

export function initContainerKeys({ service, at }: ServiceContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [i, init] of (service.initContainers ?? []).entries()) {
    if (init.health) problems.push({ path: at('initContainers', i, 'health'), message: 'init containers run to completion and take no probes; remove `health`' });
    if (init.ports) problems.push({ path: at('initContainers', i, 'ports'), message: 'init containers serve no ports; remove `ports`' });
  }
  return problems;
}

export function sidecarProbes({ service, at }: ServiceContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [i, sidecar] of (service.sidecars ?? []).entries()) {
    if (!sidecar.health?.liveness) problems.push({ path: at('sidecars', i), message: `sidecar \`${sidecar.name}\` runs as long as the pod and needs \`health.liveness\`` });
    if (Object.keys(sidecar.ports ?? {}).length && !sidecar.health?.readiness) {
      problems.push({ path: at('sidecars', i), message: `sidecar \`${sidecar.name}\` serves ports and needs \`health.readiness\`` });
    }
  }
  return problems;
}
