/**
 * What the Gateway API leaves to implementations, behind one table keyed by implementation
 * (`stack.edge.implementation`): where the gateway's proxy pods run (the network policies admit
 * them), the client-side policy of a rendered Gateway (TLS versions, connection limits, client-IP
 * detection) and the policies of one public route (rate limit, timeouts, retries, circuit
 * breaking, allow-list, authentication).
 *
 * Adding NGINX Gateway Fabric, Istio or Cilium is one entry in `EDGE_IMPLEMENTATION`: its CRDs
 * vendored and imported, its `proxyPods`, `gatewayPolicies` and `routePolicies`.
 */
import type { Construct } from 'constructs';
import {
  BackendTrafficPolicy,
  BackendTrafficPolicySpecRateLimitLocalRulesClientSelectorsSourceCidrType as SourceCidrType,
  BackendTrafficPolicySpecRateLimitLocalRulesLimitUnit as LimitUnit,
  BackendTrafficPolicySpecRetryRetryOnTriggers as RetryTrigger,
  type BackendTrafficPolicySpec,
} from '../../imports/backendtrafficpolicies-gateway.envoyproxy.io';
import { ClientTrafficPolicy, ClientTrafficPolicySpecTlsMinVersion as TlsVersion } from '../../imports/clienttrafficpolicies-gateway.envoyproxy.io';
import {
  SecurityPolicy,
  SecurityPolicySpecAuthorizationDefaultAction as DefaultAction,
  SecurityPolicySpecAuthorizationRulesAction as RuleAction,
} from '../../imports/securitypolicies-gateway.envoyproxy.io';
import type * as k8s from '../../imports/k8s';
import type { GatewayRef, PublicService } from '../model/edge';
import type { Edge } from '../model/edge-schema';
import { EDGE_IMPLEMENTATIONS } from '../model/edge-schema';

export type EdgeImplementationName = (typeof EDGE_IMPLEMENTATIONS)[number];

export interface GatewayPolicyContext {
  readonly metadata: k8s.ObjectMeta;
  readonly gateway: GatewayRef;
  readonly edge: Edge;
}

export interface RoutePolicyContext {
  readonly metadata: k8s.ObjectMeta;
  readonly service: PublicService;
  /** The HTTPRoute rule that only matches idempotent requests (retried), when the route has one. */
  readonly idempotentRule?: string;
}

export interface EdgeImplementation {
  readonly summary: string;
  /** The namespace and labels of the proxy pods that carry a Gateway's traffic. */
  readonly proxyPods: (gateway: GatewayRef, proxyNamespace?: string) => { namespace: string; labels: Record<string, string> };
  /** Client-side policy of a Gateway the stack renders. */
  readonly gatewayPolicies: (scope: Construct, context: GatewayPolicyContext) => void;
  /** Traffic and security policies of one public route. */
  readonly routePolicies: (scope: Construct, context: RoutePolicyContext) => void;
}

/** Retries with exponential backoff from this interval, capped at ten times it. */
export const RETRY_BASE_INTERVAL = '100ms';
/** Retries when the route does not say. */
export const DEFAULT_RETRIES = 2;

const routeRef = (name: string, sectionName?: string) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name, sectionName });

const envoyGateway: EdgeImplementation = {
  summary: 'Envoy Gateway (gateway.envoyproxy.io/v1alpha1 ClientTrafficPolicy, BackendTrafficPolicy, SecurityPolicy)',
  // Envoy Gateway runs each Gateway's Envoy proxies in its own namespace by default, labelled with the owning Gateway.
  proxyPods: (gateway, proxyNamespace) => ({
    namespace: proxyNamespace ?? 'envoy-gateway-system',
    labels: {
      'app.kubernetes.io/managed-by': 'envoy-gateway',
      'gateway.envoyproxy.io/owning-gateway-name': gateway.name,
      'gateway.envoyproxy.io/owning-gateway-namespace': gateway.namespace,
    },
  }),
  gatewayPolicies: (scope, { metadata, gateway, edge }) => {
    const minVersion = edge.tls?.minVersion === '1.3' ? TlsVersion.VALUE_1_3 : TlsVersion.VALUE_1_2;
    new ClientTrafficPolicy(scope, 'ClientTrafficPolicy', {
      metadata: { ...metadata, name: gateway.name },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name }],
        tls: { minVersion },
        connection: edge.connectionLimit ? { connectionLimit: { value: edge.connectionLimit } } : undefined,
        clientIpDetection: edge.trustedHops ? { xForwardedFor: { numTrustedHops: edge.trustedHops } } : undefined,
      },
    });
  },
  routePolicies: (scope, { metadata, service, idempotentRule }) => {
    const { route } = service;
    const traffic: Omit<BackendTrafficPolicySpec, 'targetRefs'> = {
      rateLimit: route.rateLimit
        ? {
            local: {
              rules: [
                {
                  // `Distinct`: one bucket per client address inside the range, i.e. per client IP.
                  clientSelectors: route.rateLimit.perClientIP === false ? undefined : [{ sourceCidr: { type: SourceCidrType.DISTINCT, value: '0.0.0.0/0' } }],
                  limit: { requests: route.rateLimit.requests, unit: LimitUnit[(route.rateLimit.unit ?? 'Second').toUpperCase() as 'SECOND' | 'MINUTE' | 'HOUR'] },
                },
              ],
            },
          }
        : undefined,
      timeout: {
        http: route.streaming
          ? { requestTimeout: '0s', streamIdleTimeout: route.streamIdleTimeout }
          : { requestTimeout: route.timeout },
      },
      circuitBreaker: route.circuitBreaker
        ? {
            maxConnections: route.circuitBreaker.maxConnections ?? 1024,
            maxPendingRequests: route.circuitBreaker.maxPendingRequests ?? 1024,
            maxParallelRequests: route.circuitBreaker.maxParallelRequests ?? 1024,
          }
        : undefined,
    };
    new BackendTrafficPolicy(scope, 'BackendTrafficPolicy', {
      metadata: { ...metadata, name: service.name },
      spec: { targetRefs: [routeRef(service.name)], ...traffic },
    });
    if (idempotentRule) {
      // A policy on a route rule replaces the route's for that rule: it repeats the route's settings and adds retries.
      new BackendTrafficPolicy(scope, 'IdempotentTrafficPolicy', {
        metadata: { ...metadata, name: `${service.name}-${idempotentRule}` },
        spec: {
          targetRefs: [routeRef(service.name, idempotentRule)],
          ...traffic,
          retry: {
            numRetries: route.retries ?? DEFAULT_RETRIES,
            perRetry: { backOff: { baseInterval: RETRY_BASE_INTERVAL, maxInterval: '1s' } },
            retryOn: {
              triggers: [RetryTrigger.CONNECT_HYPHEN_FAILURE, RetryTrigger.REFUSED_HYPHEN_STREAM, RetryTrigger.RESET, RetryTrigger.RETRIABLE_HYPHEN_STATUS_HYPHEN_CODES],
              httpStatusCodes: [502, 503, 504],
            },
          },
        },
      });
    }
    if (route.allowFrom || route.auth) {
      new SecurityPolicy(scope, 'SecurityPolicy', {
        metadata: { ...metadata, name: service.name },
        spec: {
          targetRefs: [routeRef(service.name)],
          authorization: route.allowFrom
            ? { defaultAction: DefaultAction.DENY, rules: [{ name: 'allow-list', action: RuleAction.ALLOW, principal: { clientCidRs: [...route.allowFrom] } }] }
            : undefined,
          basicAuth: route.auth ? { users: { group: '', kind: 'Secret', name: route.auth.basicSecret } } : undefined,
        },
      });
    }
  },
};

export const EDGE_IMPLEMENTATION: Readonly<Record<EdgeImplementationName, EdgeImplementation>> = {
  'envoy-gateway': envoyGateway,
};

export function edgeImplementation(edge: Edge | undefined): EdgeImplementation {
  return EDGE_IMPLEMENTATION[edge?.implementation ?? 'envoy-gateway'];
}

/** Retries are on unless the route sets `retries: 0`. */
export function retriesOf(service: PublicService): number {
  return service.route.retries ?? DEFAULT_RETRIES;
}

