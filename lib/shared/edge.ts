/**
 * Annotations the renderer writes on Gateway API routes and the gate reads (lib/check/checks/gateway.ts).
 */

/** On an HTTPRoute: an admin UI or endpoint, which must be behind an IP allow-list and authentication. */
export const ADMIN_ROUTE_ANNOTATION = 'cdk8s-stack.dev/admin-route';

/**
 * On a route: its parent Gateways that live outside the manifests (a platform-owned Gateway),
 * as `namespace/name`, comma-separated. The gate does not look for them in the input.
 */
export const EXTERNAL_GATEWAY_ANNOTATION = 'cdk8s-stack.dev/external-gateways';

/** The shortest HSTS max-age (one day) a production route may send. */
export const MIN_PRODUCTION_HSTS_SECONDS = 86400;
