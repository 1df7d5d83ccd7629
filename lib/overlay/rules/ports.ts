/** Ports of a pod (main container and sidecars): unique numbers and names, and references to them. */
import type { Service } from '../../model/schema';
import { podPorts } from '../../model/service-facts';
import type { SchemaProblem, ServiceContext } from './rule';

/** Port names of the main container, then of each sidecar, in order. */
function podPortNames(service: Service): Set<string> {
  return new Set([...Object.keys(service.ports ?? {}), ...(service.sidecars ?? []).flatMap((s) => Object.keys(s.ports ?? {}))]);
}

const notAPort = (port: string, names: Set<string>) => `\`${port}\` is not one of the service's ports (${[...names].join(', ') || 'none'})`;

export function uniquePortNumbers({ service, at }: ServiceContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const byNumber = new Map<number, string>();
  for (const [portName, port] of Object.entries(podPorts(service))) {
    const other = byNumber.get(port);
    if (other) problems.push({ path: at('ports', portName), message: `port ${port} is already served as \`${other}\`; each port number may be named once` });
    byNumber.set(port, portName);
  }
  return problems;
}

export function uniquePortNames({ service, at }: ServiceContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const names = new Set(Object.keys(service.ports ?? {}));
  for (const [i, sidecar] of (service.sidecars ?? []).entries()) {
    for (const port of Object.keys(sidecar.ports ?? {})) {
      if (names.has(port)) problems.push({ path: at('sidecars', i, 'ports', port), message: `port name \`${port}\` is already used in this pod; port names must be unique` });
      names.add(port);
    }
  }
  return problems;
}

export function metricsPort({ service, at }: ServiceContext): SchemaProblem[] {
  const names = podPortNames(service);
  if (!service.metrics || names.has(service.metrics.port)) return [];
  return [{ path: at('metrics', 'port'), message: notAPort(service.metrics.port, names) }];
}

export function ingressPort({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const names = podPortNames(service);
  if (!service.ingress || !traits.http || names.has(service.ingress.port)) return [];
  return [{ path: at('ingress', 'port'), message: notAPort(service.ingress.port, names) }];
}
