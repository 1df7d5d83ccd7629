/**
 * `stack.edge` and `services.<name>.route`: how public traffic enters the stack.
 *
 * `mode: gateway` renders Gateway API objects (a Gateway per environment, or routes attached to a
 * platform-owned one; an HTTPRoute per public service; cert-manager Certificates; the
 * implementation's policies, lib/model/edge-implementations.ts). `mode: ingress` (and a stack
 * without `stack.edge`) renders today's Ingress for an ingress controller (`stack.ingress`).
 * Self-contained: schema.ts hooks it in with two lines.
 */
import { Type, type Static } from '@sinclair/typebox';

const StringEnum = <T extends string[]>(values: [...T], description: string, dflt?: T[number]) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, description, ...(dflt ? { default: dflt } : {}) });
const Duration = (description: string, dflt?: string) =>
  Type.String({ format: 'duration', description, ...(dflt ? { default: dflt } : {}) });
const Cidr = (description: string) => Type.String({ format: 'cidr', description });

/** The Gateway API implementations the stack knows (their policies: lib/model/edge-implementations.ts). */
export const EDGE_IMPLEMENTATIONS = ['envoy-gateway'] as const;

export const EdgeGatewaySchema = Type.Object(
  {
    className: Type.String({ minLength: 1, default: 'eg', description: 'GatewayClass of the Gateway the stack renders (`eg`: Envoy Gateway\'s quickstart class).' }),
    name: Type.Optional(Type.String({ format: 'dns-label', description: 'Gateway name. Default: the stack name (`stack.name`).' })),
    namespace: Type.Optional(Type.String({
      format: 'dns-label',
      description: 'Set to attach the routes to a platform-owned Gateway in this namespace (named `name`) instead of rendering one: the platform then owns its listeners, certificates and client policies.',
    })),
    httpsListener: Type.String({ format: 'dns-label', default: 'https', description: 'Platform-owned Gateway only: its HTTPS listener (`sectionName` of the routes).' }),
    httpListener: Type.String({ format: 'dns-label', default: 'http', description: 'Platform-owned Gateway only: its plain-HTTP listener, where the HTTP→HTTPS redirect route attaches.' }),
    proxyNamespace: Type.Optional(Type.String({
      format: 'dns-label',
      description: 'Namespace the gateway\'s proxy pods run in (the network policies admit them). Default: the implementation\'s (`envoy-gateway-system` for Envoy Gateway).',
    })),
  },
  { additionalProperties: false, default: { className: 'eg', httpsListener: 'https', httpListener: 'http' }, description: 'The Gateway public routes attach to.' },
);

export const IssuerSchema = Type.Object(
  { kind: StringEnum(['ClusterIssuer', 'Issuer'], '`ClusterIssuer` (cluster-wide) or `Issuer` (in the stack\'s namespace).', 'ClusterIssuer') },
  { additionalProperties: false, description: 'A cert-manager issuer the cluster runs.' },
);

export const EdgeTlsSchema = Type.Object(
  {
    issuer: Type.String({ format: 'dns-label', description: 'The issuer of this environment\'s certificates: a name in `issuers` (e.g. a staging ACME issuer in staging, the production one in prod).' }),
    issuers: Type.Unsafe<Record<string, Static<typeof IssuerSchema>>>({
      type: 'object',
      propertyNames: { format: 'dns-label' },
      additionalProperties: IssuerSchema,
      description: 'The cert-manager issuers environments may choose from, by name.',
    }),
    duration: Duration('Certificate lifetime asked of the issuer (ACME issuers decide themselves: 90 days).', '2160h'),
    renewBefore: Duration('cert-manager renews a certificate this long before it expires.', '720h'),
    minVersion: StringEnum(['1.2', '1.3'], 'Lowest TLS version the gateway accepts from clients.', '1.2'),
  },
  { additionalProperties: false, required: ['issuer', 'issuers'], description: 'TLS at the gateway: one cert-manager Certificate per public host (private key rotated on every renewal).' },
);

export const HstsSchema = Type.Object(
  {
    maxAge: Type.Integer({ minimum: 0, default: 31536000, description: 'Seconds browsers remember to use HTTPS only (`max-age`). A production stack needs at least a day (86400).' }),
    includeSubDomains: Type.Boolean({ default: true, description: 'Apply to every subdomain too.' }),
    preload: Type.Boolean({ default: false, description: 'Ask to be put on the browsers\' preload list (hard to undo).' }),
  },
  { additionalProperties: false, default: { maxAge: 31536000, includeSubDomains: true, preload: false }, description: '`Strict-Transport-Security` on every HTTPS response (a ResponseHeaderModifier filter).' },
);

export const EdgeSchema = Type.Object(
  {
    mode: StringEnum(['gateway', 'ingress'], '`gateway`: Gateway API routes (HTTPRoute per public service). `ingress`: an Ingress per public service for the ingress controller in `stack.ingress`.', 'gateway'),
    implementation: StringEnum([...EDGE_IMPLEMENTATIONS], 'The Gateway API implementation whose policies render TLS versions, connection limits, rate limits, timeouts, retries, circuit breaking, allow-lists and authentication.', 'envoy-gateway'),
    gateway: Type.Optional(EdgeGatewaySchema),
    tls: Type.Optional(EdgeTlsSchema),
    hsts: Type.Optional(HstsSchema),
    connectionLimit: Type.Optional(Type.Integer({ minimum: 1, description: 'Most client connections each gateway proxy accepts (rendered Gateway only).' })),
    trustedHops: Type.Optional(Type.Integer({
      minimum: 0,
      maximum: 10,
      description: 'Proxies in front of the gateway (cloud load balancer …) whose `X-Forwarded-For` entries are trusted to find the client IP for allow-lists and per-client rate limits. Default: none (the peer address).',
    })),
  },
  { additionalProperties: false, description: 'How public traffic enters the stack. Without it, the stack renders Ingresses (`stack.ingress`).' },
);

export const RateLimitSchema = Type.Object(
  {
    requests: Type.Integer({ minimum: 1, description: 'Requests allowed per `unit`; more get `429 Too Many Requests`.' }),
    unit: StringEnum(['Second', 'Minute', 'Hour'], 'The window.', 'Second'),
    perClientIP: Type.Boolean({ default: true, description: '`true`: each client IP has its own budget. `false`: one budget for the route.' }),
  },
  { additionalProperties: false, required: ['requests'], description: 'Local rate limit of the route (token bucket of `requests` per `unit`, answered with 429 and `X-RateLimit-*` headers).' },
);

export const RouteSchema = Type.Object(
  {
    admin: Type.Boolean({ default: false, description: 'An admin UI or admin endpoint: needs `allowFrom` and `auth` (the gate refuses one without both).' }),
    allowFrom: Type.Optional(Type.Array(Cidr('Client network, e.g. `10.8.0.0/16`.'), { minItems: 1, uniqueItems: true, description: 'IP allow-list: only these client networks reach the route (everyone else gets 403).' })),
    auth: Type.Optional(
      Type.Object(
        {
          basicSecret: Type.String({
            format: 'dns-label',
            description: 'Existing Secret with key `.htpasswd` (users with `{SHA}` hashes: `htpasswd -nbs user password`): HTTP basic authentication at the gateway.',
          }),
        },
        { additionalProperties: false, required: ['basicSecret'], description: 'Authentication at the gateway.' },
      ),
    ),
    rateLimit: Type.Optional(RateLimitSchema),
    timeout: Duration('Longest time a request may take end to end (the gateway answers 504 after it).', '30s'),
    streaming: Type.Boolean({ default: false, description: 'Long-lived responses (WebSocket, server-sent events, streamed LLM tokens): no request timeout, the stream closes after `streamIdleTimeout` of silence.' }),
    streamIdleTimeout: Duration('`streaming` routes: how long a stream may stay silent.', '1h'),
    retries: Type.Optional(Type.Integer({
      minimum: 0,
      maximum: 5,
      description: 'Retries of idempotent requests (GET, HEAD, OPTIONS) on connection failures, resets and 502/503/504, with exponential backoff from 100 ms. Default: 2; 0 turns them off.',
    })),
    circuitBreaker: Type.Optional(
      Type.Object(
        {
          maxConnections: Type.Integer({ minimum: 1, default: 1024, description: 'Connections to the service\'s pods, per gateway proxy.' }),
          maxPendingRequests: Type.Integer({ minimum: 1, default: 1024, description: 'Requests waiting for a connection; more fail fast with 503.' }),
          maxParallelRequests: Type.Integer({ minimum: 1, default: 1024, description: 'Requests in flight to the service.' }),
        },
        { additionalProperties: false, description: 'Circuit breaking at the gateway: fail fast instead of queueing without bound.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Gateway settings of the public route (`ingress`) in `stack.edge.mode: gateway`.' },
);

export type Edge = Static<typeof EdgeSchema>;
export type Route = Static<typeof RouteSchema>;
