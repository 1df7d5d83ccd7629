/**
 * The edge (`stack.edge`, `services.<name>.route`): what the schema cannot say.
 * (A non-CIDR allow-list entry and a rate limit of 0 are refused by the schema itself.)
 */
import { edgeMode, gatewayRef, publicServices } from '../../model/edge';
import type { SchemaProblem, ServiceContext, StackContext } from './rule';

/** One day: the shortest HSTS max-age a production stack may send. */
export const MIN_PRODUCTION_HSTS = 86400;

/** `stack.edge.tls.issuer` names one of `stack.edge.tls.issuers`. */
export function edgeIssuer({ stack }: StackContext): SchemaProblem[] {
  const tls = stack.stack.edge?.tls;
  if (!tls || Object.hasOwn(tls.issuers, tls.issuer)) return [];
  const known = Object.keys(tls.issuers).sort();
  return [{
    path: ['stack', 'edge', 'tls', 'issuer'],
    message:
      `no environment defines the issuer \`${tls.issuer}\`; defined: ${known.length ? known.map((n) => `\`${n}\``).join(', ') : 'none'}. ` +
      `Name one of them, or add it: \`stack.edge.tls.issuers: { ${tls.issuer}: { kind: ClusterIssuer } }\``,
  }];
}

/**
 * `stack.tier: production` with the Gateway API: every public host gets TLS from cert-manager
 * (a rendered Gateway needs `stack.edge.tls`) and browsers keep to HTTPS for at least a day.
 */
export function productionEdge({ stack }: StackContext): SchemaProblem[] {
  if (stack.stack.tier !== 'production' || edgeMode(stack) !== 'gateway' || !publicServices(stack).length) return [];
  const problems: SchemaProblem[] = [];
  const edge = stack.stack.edge!;
  if (gatewayRef(stack).own && !edge.tls) {
    problems.push({
      path: ['stack', 'edge'],
      message: 'a production environment serves its public routes with TLS: add `tls: { issuer: <name>, issuers: { <name>: { kind: ClusterIssuer } } }` (cert-manager issues one certificate per host)',
    });
  }
  const maxAge = edge.hsts?.maxAge ?? 31536000;
  if (maxAge < MIN_PRODUCTION_HSTS) {
    problems.push({
      path: edge.hsts ? ['stack', 'edge', 'hsts', 'maxAge'] : ['stack', 'edge'],
      message: `HSTS max-age ${maxAge} s is under a day in a production environment; set \`hsts.maxAge\` to ${MIN_PRODUCTION_HSTS} or more (a year: 31536000)`,
    });
  }
  return problems;
}

/** `route` only for a public service (`ingress`); its security settings only where the edge is the Gateway API. */
export function routeSettings({ stack, service, at }: ServiceContext): SchemaProblem[] {
  if (!service.route) return [];
  if (!service.ingress) {
    return [{ path: at('route'), message: '`route` configures the public route of `ingress`: add `ingress: { host: … }`, or remove `route`' }];
  }
  // An environment on Ingresses ignores rate limits and timeouts, but never drops an allow-list or authentication silently.
  const { admin, allowFrom, auth } = service.route;
  if (edgeMode(stack) !== 'gateway' && (admin || allowFrom || auth)) {
    const key = admin ? 'admin' : allowFrom ? 'allowFrom' : 'auth';
    return [{ path: at('route', key), message: 'an Ingress cannot enforce `admin`, `allowFrom` or `auth`: set `stack.edge.mode: gateway` in this environment, or remove the service\'s `ingress` here' }];
  }
  return [];
}

/** An admin UI is reachable only from the allow-listed networks, and only after authentication. */
export function adminRoutes({ service, at, name }: ServiceContext): SchemaProblem[] {
  const route = service.route;
  if (!route?.admin) return [];
  const missing = [route.allowFrom ? undefined : '`allowFrom` (client networks)', route.auth ? undefined : '`auth` (e.g. `{ basicSecret: <secret> }`)'].filter(Boolean);
  if (!missing.length) return [];
  return [{
    path: at('route', 'admin'),
    message: `\`${name}\` is an admin route without ${missing.join(' and ')}: an admin UI needs both an IP allow-list and authentication at the gateway`,
  }];
}
