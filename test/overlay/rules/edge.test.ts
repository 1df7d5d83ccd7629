import { describe, expect, it } from 'vitest';
import { adminRoutes, edgeIssuer, productionEdge, routeSettings } from '../../../lib/overlay/rules/edge';
import { uniqueIngressRoutes } from '../../../lib/overlay/rules/hosts';
import { format, MINIMAL_SERVICES, ruleProblems, stackWith } from '../stack';

const EDGE = {
  mode: 'gateway',
  tls: { issuer: 'le', issuers: { le: { kind: 'ClusterIssuer' }, 'le-staging': {} } },
};
const web = (extra: Record<string, unknown> = {}) => ({ ...MINIMAL_SERVICES.web, ingress: { host: 'shop.example.com' }, ...extra });
const gatewayStack = (services: Record<string, Record<string, unknown>>, edge: Record<string, unknown> = EDGE, stack: Record<string, unknown> = {}) =>
  stackWith(services, { edge, ...stack });

describe('edge rules', () => {
  it('refuses an issuer no environment defines, naming those that are', () => {
    const stack = gatewayStack({ web: web() }, { ...EDGE, tls: { ...EDGE.tls, issuer: 'letsencrypt' } });
    expect(format(edgeIssuer({ stack, environment: 'dev' }))).toStrictEqual([
      'stack.edge.tls.issuer: no environment defines the issuer `letsencrypt`; defined: `le`, `le-staging`. Name one of them, or add it: `stack.edge.tls.issuers: { letsencrypt: { kind: ClusterIssuer } }`',
    ]);
    expect(edgeIssuer({ stack: gatewayStack({ web: web() }), environment: 'dev' })).toStrictEqual([]);
  });

  it('refuses an HSTS max-age under a day, and no TLS, in a production stack only', () => {
    const short = { ...EDGE, hsts: { maxAge: 3600 } };
    expect(format(productionEdge({ stack: gatewayStack({ web: web() }, short, { tier: 'production' }), environment: 'prod' }))).toStrictEqual([
      'stack.edge.hsts.maxAge: HSTS max-age 3600 s is under a day in a production environment; set `hsts.maxAge` to 86400 or more (a year: 31536000)',
    ]);
    expect(productionEdge({ stack: gatewayStack({ web: web() }, short), environment: 'staging' })).toStrictEqual([]);
    expect(format(productionEdge({ stack: gatewayStack({ web: web() }, { mode: 'gateway' }, { tier: 'production' }), environment: 'prod' }))).toStrictEqual([
      'stack.edge: a production environment serves its public routes with TLS: add `tls: { issuer: <name>, issuers: { <name>: { kind: ClusterIssuer } } }` (cert-manager issues one certificate per host)',
    ]);
  });

  it('refuses an admin route without an allow-list or authentication', () => {
    const stack = gatewayStack({ web: web({ route: { admin: true, allowFrom: ['10.0.0.0/8'] } }) });
    expect(ruleProblems(adminRoutes, stack, 'web')).toStrictEqual([
      'services.web.route.admin: `web` is an admin route without `auth` (e.g. `{ basicSecret: <secret> }`): an admin UI needs both an IP allow-list and authentication at the gateway',
    ]);
    const both = gatewayStack({ web: web({ route: { admin: true, allowFrom: ['10.0.0.0/8'], auth: { basicSecret: 'web-htpasswd' } } }) });
    expect(ruleProblems(adminRoutes, both, 'web')).toStrictEqual([]);
  });

  it('refuses `route` without `ingress`, and an allow-list or auth on an Ingress edge', () => {
    expect(ruleProblems(routeSettings, gatewayStack({ web: { ...MINIMAL_SERVICES.web, route: { timeout: '10s' } } }), 'web')).toStrictEqual([
      'services.web.route: `route` configures the public route of `ingress`: add `ingress: { host: … }`, or remove `route`',
    ]);
    expect(ruleProblems(routeSettings, stackWith({ web: web({ route: { timeout: '10s' } }) }), 'web')).toStrictEqual([]);
    expect(ruleProblems(routeSettings, stackWith({ web: web({ route: { allowFrom: ['10.0.0.0/8'] } }) }), 'web')).toStrictEqual([
      'services.web.route.allowFrom: an Ingress cannot enforce `admin`, `allowFrom` or `auth`: set `stack.edge.mode: gateway` in this environment, or remove the service\'s `ingress` here',
    ]);
  });

  it('refuses two HTTPRoutes claiming the same host and path', () => {
    const stack = gatewayStack({ web: web(), copy: web() });
    expect(format(uniqueIngressRoutes({ stack, environment: 'dev' }))).toStrictEqual([
      'services.web.ingress.host: `shop.example.com` with path `/` is already routed to `copy`; give each service its own host or path',
    ]);
  });

  it('the schema refuses an allow-list entry that is not a CIDR and a rate limit of 0', () => {
    expect(() => gatewayStack({ web: web({ route: { allowFrom: ['10.0.0.300/8'] } }) })).toThrow(/services\.web\.route\.allowFrom\[0\]: \"10\.0\.0\.300\/8\" is not an IPv4 CIDR/);
    expect(() => gatewayStack({ web: web({ route: { rateLimit: { requests: 0 } } }) })).toThrow(/services\.web\.route\.rateLimit\.requests/);
  });
});
