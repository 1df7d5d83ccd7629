/**
 * Facts about the edge of one environment (`stack.edge`), shared by the constructs, the network
 * policies and the report: which mode, which Gateway and listeners, which hosts, which issuer.
 */
import type { Edge, Route } from './edge-schema';
import type { Service, Stack } from './schema';

export type EdgeMode = 'gateway' | 'ingress';

/** `gateway` when the overlay says so; a stack without `stack.edge` keeps its Ingresses. */
export function edgeMode(stack: Stack): EdgeMode {
  return stack.stack.edge?.mode ?? 'ingress';
}

/** The edge block with its defaults (ajv fills them in; code built stacks may not). */
export function edgeOf(stack: Stack): Edge & { gateway: NonNullable<Edge['gateway']> } {
  const edge = stack.stack.edge ?? { mode: 'ingress' as const, implementation: 'envoy-gateway' as const };
  return {
    ...edge,
    implementation: edge.implementation ?? 'envoy-gateway',
    gateway: { className: 'eg', httpsListener: 'https', httpListener: 'http', ...edge.gateway },
  };
}

export interface PublicService {
  readonly name: string;
  readonly host: string;
  readonly path: string;
  readonly portName: string;
  readonly tlsSecret: string;
  readonly route: Route;
}

const ROUTE_DEFAULTS: Route = { admin: false, timeout: '30s', streaming: false, streamIdleTimeout: '1h' };

/** Enabled services with a public endpoint (`ingress`), sorted by name. */
export function publicServices(stack: Stack): PublicService[] {
  return Object.keys(stack.services)
    .sort()
    .filter((name) => stack.services[name].enabled !== false && stack.services[name].ingress)
    .map((name) => publicService(name, stack.services[name]));
}

export function publicService(name: string, service: Service): PublicService {
  const ingress = service.ingress!;
  return {
    name,
    host: ingress.host,
    path: ingress.path ?? '/',
    portName: ingress.port ?? 'http',
    tlsSecret: ingress.tlsSecret ?? `${name}-tls`,
    route: { ...ROUTE_DEFAULTS, ...service.route },
  };
}

export interface GatewayRef {
  readonly name: string;
  readonly namespace: string;
  /** The stack renders this Gateway (and its Certificates and client policy). */
  readonly own: boolean;
}

export function gatewayRef(stack: Stack): GatewayRef {
  const { gateway } = edgeOf(stack);
  return { name: gateway.name ?? stack.stack.name, namespace: gateway.namespace ?? stack.stack.namespace, own: gateway.namespace === undefined };
}

/** One HTTPS listener (and Certificate) per public host on a rendered Gateway. */
export interface HostListener {
  readonly host: string;
  /** Listener name: `https-<first service routing the host>`. */
  readonly listener: string;
  /** Secret of the certificate (and the Certificate's name). */
  readonly secret: string;
  readonly services: readonly string[];
}

export function hostListeners(stack: Stack): HostListener[] {
  const byHost = new Map<string, PublicService[]>();
  for (const svc of publicServices(stack)) byHost.set(svc.host, [...(byHost.get(svc.host) ?? []), svc]);
  return [...byHost.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([host, services]) => ({ host, listener: `https-${services[0].name}`, secret: services[0].tlsSecret, services: services.map((s) => s.name) }));
}

/** The listener a service's route attaches to. */
export function httpsSection(stack: Stack, service: PublicService): string {
  if (!gatewayRef(stack).own) return edgeOf(stack).gateway.httpsListener;
  return hostListeners(stack).find((l) => l.host === service.host)!.listener;
}

export const HTTP_LISTENER = 'http';

export function httpSection(stack: Stack): string {
  return gatewayRef(stack).own ? HTTP_LISTENER : edgeOf(stack).gateway.httpListener;
}

/** `max-age=…; includeSubDomains; preload`, as the overlay asks. */
export function hstsValue(stack: Stack): string {
  const hsts = { maxAge: 31536000, includeSubDomains: true, preload: false, ...stack.stack.edge?.hsts };
  return [`max-age=${hsts.maxAge}`, hsts.includeSubDomains ? 'includeSubDomains' : undefined, hsts.preload ? 'preload' : undefined]
    .filter(Boolean)
    .join('; ');
}

/** Name of the route that redirects plain HTTP to HTTPS. */
export const REDIRECT_ROUTE = 'https-redirect';
