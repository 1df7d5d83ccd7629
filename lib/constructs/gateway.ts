/**
 * The Gateway API edge of one environment (`stack.edge.mode: gateway`):
 *
 * - `EdgeGateway` (once per environment): the Gateway the stack renders (an HTTP listener and
 *   one HTTPS listener per public host, each terminating TLS with the Secret of a cert-manager
 *   `Certificate`), the client policy of the implementation, and the `https-redirect` HTTPRoute
 *   on the HTTP listener. Attached to a platform-owned Gateway, only the redirect route.
 * - `PublicRoute` (per public service): an HTTPRoute named after the service (Argo Rollouts
 *   references it by that name) with the HSTS filter, and the implementation's route policies.
 *
 * Certificates are explicit `Certificate` objects, not cert-manager's gateway-shim annotation:
 * the shim is not GA (cert-manager needs `--enable-gateway-api`), cannot set `renewBefore` or
 * `privateKey.rotationPolicy`, and a Certificate the gate can validate against its CRD is
 * visible in Git rather than created at run time.
 */
import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/certificates-cert-manager.io';
import { Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode } from '../../imports/gateways-gateway.networking.k8s.io';
import {
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType,
  type HttpRouteSpecRules,
} from '../../imports/httproutes-gateway.networking.k8s.io';
import type * as k8s from '../../imports/k8s';
import {
  edgeOf, gatewayRef, hostListeners, hstsValue, HTTP_LISTENER, httpSection, httpsSection, REDIRECT_ROUTE, type PublicService,
} from '../model/edge';
import type { Stack } from '../model/schema';
import { ADMIN_ROUTE_ANNOTATION, EXTERNAL_GATEWAY_ANNOTATION } from '../shared/edge';
import { edgeImplementation, retriesOf } from './edge-policies';
import { recommendedLabels, type LabelContext } from './labels';

export interface EdgeGatewayProps {
  readonly stack: Stack;
  readonly namespace: string;
  readonly labels: LabelContext;
}

const parentRef = (stack: Stack, sectionName: string) => {
  const gateway = gatewayRef(stack);
  return {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: gateway.name,
    namespace: gateway.own ? undefined : gateway.namespace,
    sectionName,
  };
};

/** Route metadata: a platform-owned parent Gateway is declared external (the gate does not look for it). */
function routeMetadata(stack: Stack, metadata: k8s.ObjectMeta, admin = false): k8s.ObjectMeta {
  const gateway = gatewayRef(stack);
  const annotations = {
    ...metadata.annotations,
    ...(admin ? { [ADMIN_ROUTE_ANNOTATION]: 'true' } : {}),
    ...(gateway.own ? {} : { [EXTERNAL_GATEWAY_ANNOTATION]: `${gateway.namespace}/${gateway.name}` }),
  };
  return Object.keys(annotations).length ? { ...metadata, annotations } : metadata;
}

export class EdgeGateway extends Construct {
  readonly gateway?: Gateway;
  readonly certificates: readonly Certificate[];
  readonly redirect?: HttpRoute;

  constructor(scope: Construct, id: string, props: EdgeGatewayProps) {
    super(scope, id);
    const { stack, namespace, labels } = props;
    const ref = gatewayRef(stack);
    const edge = edgeOf(stack);
    const metadata = (name: string, component: string): k8s.ObjectMeta => ({
      name,
      namespace,
      labels: recommendedLabels(labels, ref.name, { component }),
    });
    const listeners = hostListeners(stack);
    const certificates: Certificate[] = [];
    if (ref.own) {
      const sameNamespace = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };
      this.gateway = new Gateway(this, 'Gateway', {
        metadata: metadata(ref.name, 'gateway'),
        spec: {
          gatewayClassName: edge.gateway.className,
          listeners: [
            { name: HTTP_LISTENER, protocol: 'HTTP', port: 80, allowedRoutes: sameNamespace },
            ...listeners.map((l) => ({
              name: l.listener,
              protocol: 'HTTPS',
              port: 443,
              hostname: l.host,
              tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: l.secret }] },
              allowedRoutes: sameNamespace,
            })),
          ],
        },
      });
      const tls = edge.tls;
      if (tls) {
        const issuer = tls.issuers[tls.issuer];
        for (const l of listeners) {
          certificates.push(new Certificate(this, `Certificate-${l.secret}`, {
            metadata: metadata(l.secret, 'certificate'),
            spec: {
              secretName: l.secret,
              dnsNames: [l.host],
              issuerRef: { group: 'cert-manager.io', kind: issuer?.kind ?? 'ClusterIssuer', name: tls.issuer },
              duration: tls.duration ?? '2160h',
              renewBefore: tls.renewBefore ?? '720h',
              privateKey: { rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
            },
          }));
        }
      }
      edgeImplementation(edge).gatewayPolicies(this, { metadata: metadata(ref.name, 'gateway'), gateway: ref, edge });
    }
    this.certificates = certificates;
    if (listeners.length) {
      this.redirect = new HttpRoute(this, 'Redirect', {
        metadata: routeMetadata(stack, metadata(REDIRECT_ROUTE, 'route')),
        spec: {
          parentRefs: [parentRef(stack, httpSection(stack))],
          hostnames: listeners.map((l) => l.host),
          rules: [
            {
              filters: [
                {
                  type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                  requestRedirect: {
                    scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                    statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
                  },
                },
              ],
            },
          ],
        },
      });
    }
  }
}

export interface PublicRouteProps {
  readonly stack: Stack;
  readonly metadata: k8s.ObjectMeta;
  readonly service: PublicService;
  /** The Service port number the route sends traffic to. */
  readonly port: number;
  /**
   * The Services of a canary whose weights Argo Rollouts' Gateway API plugin moves: every rule
   * sends to `stable` (weight 100) and `canary` (weight 0) instead of the service's own Service.
   * @default - the service's own Service
   */
  readonly canary?: { readonly stableService: string; readonly canaryService: string };
}

/** The rule of a route that matches only idempotent requests (retried by the gateway). */
export const IDEMPOTENT_RULE = 'idempotent';
const IDEMPOTENT_METHODS = [HttpRouteSpecRulesMatchesMethod.GET, HttpRouteSpecRulesMatchesMethod.HEAD, HttpRouteSpecRulesMatchesMethod.OPTIONS];

export class PublicRoute extends Construct {
  readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: PublicRouteProps) {
    super(scope, id);
    const { stack, metadata, service, port, canary } = props;
    const path = { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: service.path };
    const shared = {
      filters: [
        {
          type: HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER,
          responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: hstsValue(stack) }] },
        },
      ],
      backendRefs: canary
        ? [
          { group: '', kind: 'Service', name: canary.stableService, port, weight: 100 },
          { group: '', kind: 'Service', name: canary.canaryService, port, weight: 0 },
        ]
        : [{ group: '', kind: 'Service', name: service.name, port }],
    };
    const retried = retriesOf(service) > 0;
    const rules: HttpRouteSpecRules[] = [
      ...(retried ? [{ name: IDEMPOTENT_RULE, matches: IDEMPOTENT_METHODS.map((method) => ({ path, method })), ...shared }] : []),
      { name: 'all', matches: [{ path }], ...shared },
    ];
    this.route = new HttpRoute(this, 'Resource', {
      metadata: routeMetadata(stack, { ...metadata, name: service.name }, service.route.admin),
      spec: {
        parentRefs: [parentRef(stack, httpsSection(stack, service))],
        hostnames: [service.host],
        rules,
      },
    });
    edgeImplementation(stack.stack.edge).routePolicies(this, { metadata, service, idempotentRule: retried ? IDEMPOTENT_RULE : undefined });
  }
}

