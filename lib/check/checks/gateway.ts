/**
 * The Gateway API edge: routes attach to Gateways and listeners that exist and send traffic to
 * Services and ports that exist; references across namespaces are granted; implementation
 * policies (Envoy Gateway) target objects that exist; admin routes sit behind an allow-list and
 * authentication; in production, public routes serve HTTPS only and send HSTS.
 *
 * A route's parent Gateway may live outside the input (a platform-owned Gateway): the route says
 * so in the `cdk8s-stack.dev/external-gateways` annotation (`namespace/name`, comma-separated).
 */
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { namespaceOf, objectId } from '../objects';
import type { KeyPath, Manifest } from '../types';
import { ADMIN_ROUTE_ANNOTATION, EXTERNAL_GATEWAY_ANNOTATION, MIN_PRODUCTION_HSTS_SECONDS } from '../../shared/edge';
import { asArray, asRecord, asString, show } from '../../shared/values';

const group = 'gateway';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'] as const;
const POLICY_KINDS = ['ClientTrafficPolicy', 'BackendTrafficPolicy', 'SecurityPolicy'] as const;

type Obj = Record<string, any>;

const routes = (inventory: Inventory): Manifest[] => ROUTE_KINDS.flatMap((kind) => [...inventory.ofKind(kind)]);
const specOf = (manifest: Manifest): Obj => asRecord(manifest.object.spec) ?? {};
const records = (value: unknown): Obj[] => asArray(value).map((v) => asRecord(v) ?? {});

function externalGateways(route: Manifest): Set<string> {
  const value = asString(asRecord(asRecord(route.object.metadata)?.annotations)?.[EXTERNAL_GATEWAY_ANNOTATION]) ?? '';
  return new Set(value.split(',').map((s) => s.trim()).filter(Boolean));
}

interface ParentRef {
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
}

/** The Gateway parents of a route (parentRefs of another kind, e.g. a Service for GAMMA, are skipped). */
function gatewayParents(route: Manifest): ParentRef[] {
  const namespace = namespaceOf(route.object) ?? '';
  return records(specOf(route).parentRefs).flatMap((ref, index) => {
    if ((ref.kind ?? 'Gateway') !== 'Gateway' || (ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || typeof ref.name !== 'string') return [];
    return [{ index, namespace: asString(ref.namespace) ?? namespace, name: ref.name, sectionName: asString(ref.sectionName) }];
  });
}

const listenersOf = (gateway: Manifest): Obj[] => records(specOf(gateway).listeners);

interface BackendRef {
  readonly path: KeyPath;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
}

/** Service backends of every rule of a route. */
function serviceBackends(route: Manifest): BackendRef[] {
  const namespace = namespaceOf(route.object) ?? '';
  return records(specOf(route).rules).flatMap((rule, r) =>
    records(rule.backendRefs).flatMap((ref, b) => {
      if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '' || typeof ref.name !== 'string') return [];
      return [{ path: ['spec', 'rules', r, 'backendRefs', b], namespace: asString(ref.namespace) ?? namespace, name: ref.name, port: typeof ref.port === 'number' ? ref.port : undefined }];
    }),
  );
}

/** A ReferenceGrant in `to.namespace` lets `from` reference `to` (by name, or every object of the kind). */
function granted(inventory: Inventory, from: { group: string; kind: string; namespace: string }, to: { group: string; kind: string; namespace: string; name: string }): boolean {
  return inventory.ofKind('ReferenceGrant').some((grant) => {
    if (namespaceOf(grant.object) !== to.namespace) return false;
    const spec = specOf(grant);
    const fromOk = records(spec.from).some((f) => (f.group ?? '') === from.group && f.kind === from.kind && f.namespace === from.namespace);
    const toOk = records(spec.to).some((t) => (t.group ?? '') === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));
    return fromOk && toOk;
  });
}

/** targetRefs (and the older single targetRef) of a policy. */
function targetsOf(policy: Manifest): { path: KeyPath; ref: Obj }[] {
  const spec = specOf(policy);
  const refs = records(spec.targetRefs).map((ref, i) => ({ path: ['spec', 'targetRefs', i] as KeyPath, ref }));
  const single = asRecord(spec.targetRef);
  return single ? [...refs, { path: ['spec', 'targetRef'], ref: single }] : refs;
}

/** The Strict-Transport-Security max-age a rule's filters set, or undefined. */
function hstsMaxAge(rule: Obj): number | undefined {
  for (const filter of records(rule.filters)) {
    const modifier = asRecord(filter.responseHeaderModifier);
    if (filter.type !== 'ResponseHeaderModifier' || !modifier) continue;
    for (const header of [...records(modifier.set), ...records(modifier.add)]) {
      if (typeof header.name !== 'string' || header.name.toLowerCase() !== 'strict-transport-security') continue;
      const match = /max-age=(\d+)/i.exec(asString(header.value) ?? '');
      return match ? Number(match[1]) : 0;
    }
  }
  return undefined;
}

const redirectsToHttps = (rule: Obj): boolean =>
  records(rule.filters).some((f) => f.type === 'RequestRedirect' && asRecord(f.requestRedirect)?.scheme === 'https');

export const gatewayChecks: readonly Check[] = [
  {
    id: 'route-parent',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'Every HTTPRoute and GRPCRoute attaches to a Gateway in the input (or one it declares external) and to a listener that Gateway has.',
    hint: `point parentRefs at an existing Gateway and one of its listener names (sectionName), or list a platform-owned Gateway in the ${EXTERNAL_GATEWAY_ANNOTATION} annotation`,
    rationale: 'A route whose parent does not exist is never programmed: its hosts answer 404 (or nothing), and the route only reports it in its status.',
    run(inventory, report) {
      for (const route of routes(inventory)) {
        const external = externalGateways(route);
        for (const parent of gatewayParents(route)) {
          const path: KeyPath = ['spec', 'parentRefs', parent.index];
          const gateway = inventory.find('Gateway', parent.namespace, parent.name);
          if (!gateway) {
            if (!external.has(`${parent.namespace}/${parent.name}`)) {
              report(route, [...path, 'name'], `parent Gateway ${parent.namespace}/${parent.name} is not in the input and not declared external (${EXTERNAL_GATEWAY_ANNOTATION})`);
            }
            continue;
          }
          if (parent.sectionName !== undefined && !listenersOf(gateway).some((l) => l.name === parent.sectionName)) {
            const names = listenersOf(gateway).map((l) => show(l.name)).join(', ') || 'none';
            report(route, [...path, 'sectionName'], `Gateway ${parent.namespace}/${parent.name} has no listener ${show(parent.sectionName)} (it has ${names})`);
          }
        }
      }
    },
  },
  {
    id: 'route-backend',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'Every Service backend of an HTTPRoute or GRPCRoute exists and is referenced with one of its port numbers.',
    hint: 'point backendRefs[].name at an existing Service and backendRefs[].port at one of its `port` numbers',
    rationale: 'A missing backend answers 500 for its share of the traffic; a Service backend without a port, or with a port the Service does not have, is not programmed.',
    run(inventory, report) {
      for (const route of routes(inventory)) {
        for (const backend of serviceBackends(route)) {
          const service = inventory.find('Service', backend.namespace, backend.name);
          if (!service) {
            report(route, [...backend.path, 'name'], `backend Service ${backend.namespace}/${backend.name} does not exist in the input`);
            continue;
          }
          const ports = records(specOf(service).ports);
          if (backend.port === undefined || !ports.some((p) => p.port === backend.port)) {
            const offered = ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none';
            report(route, [...backend.path, 'port'], `backend port ${show(backend.port ?? 'missing')} is not a port of Service ${backend.name} (it has ${offered})`);
          }
        }
      }
    },
  },
  {
    id: 'reference-grant',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'A route backend or a Gateway certificate in another namespace is allowed by a ReferenceGrant in that namespace.',
    hint: 'add a ReferenceGrant in the target namespace whose `from` names the route (or Gateway) kind and namespace and whose `to` names the Service (or Secret)',
    rationale: 'Without the grant the implementation refuses the reference (ResolvedRefs=False, RefNotPermitted): the backend gets no traffic, the listener no certificate.',
    run(inventory, report) {
      for (const route of routes(inventory)) {
        const namespace = namespaceOf(route.object) ?? '';
        for (const backend of serviceBackends(route)) {
          if (backend.namespace === namespace) continue;
          if (!granted(inventory, { group: GATEWAY_GROUP, kind: String(route.object.kind), namespace }, { group: '', kind: 'Service', namespace: backend.namespace, name: backend.name })) {
            report(route, [...backend.path, 'namespace'], `backend Service ${backend.namespace}/${backend.name} is in another namespace and no ReferenceGrant there allows ${route.object.kind}s from "${namespace}"`);
          }
        }
      }
      for (const gateway of inventory.ofKind('Gateway')) {
        const namespace = namespaceOf(gateway.object) ?? '';
        listenersOf(gateway).forEach((listener, l) => {
          records(asRecord(listener.tls)?.certificateRefs).forEach((ref, c) => {
            const target = asString(ref.namespace);
            if (target === undefined || target === namespace || typeof ref.name !== 'string') return;
            if (!granted(inventory, { group: GATEWAY_GROUP, kind: 'Gateway', namespace }, { group: asString(ref.group) ?? '', kind: asString(ref.kind) ?? 'Secret', namespace: target, name: ref.name })) {
              report(gateway, ['spec', 'listeners', l, 'tls', 'certificateRefs', c, 'namespace'], `certificate Secret ${target}/${ref.name} is in another namespace and no ReferenceGrant there allows Gateways from "${namespace}"`);
            }
          });
        });
      }
    },
  },
  {
    id: 'policy-target',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'Every Envoy Gateway policy (ClientTrafficPolicy, BackendTrafficPolicy, SecurityPolicy) targets an object of its namespace that exists, and a section (listener or route rule) it has.',
    hint: 'point targetRefs at an existing Gateway or route in the policy\'s namespace; sectionName must name one of its listeners (Gateway) or rules (route)',
    rationale: 'A policy whose target does not exist is silently not applied: the rate limit, TLS minimum or allow-list it promises is not there.',
    run(inventory, report) {
      for (const kind of POLICY_KINDS) {
        for (const policy of inventory.ofKind(kind)) {
          const namespace = namespaceOf(policy.object) ?? '';
          for (const { path, ref } of targetsOf(policy)) {
            const targetKind = asString(ref.kind);
            const name = asString(ref.name);
            if (!targetKind || !name) continue;
            const target = inventory.find(targetKind, namespace, name);
            if (!target) {
              report(policy, [...path, 'name'], `target ${targetKind} ${namespace}/${name} is not in the input`);
              continue;
            }
            const section = asString(ref.sectionName);
            if (section === undefined) continue;
            const sections = targetKind === 'Gateway' ? listenersOf(target).map((l) => l.name) : records(specOf(target).rules).map((r) => r.name);
            if (!sections.includes(section)) {
              report(policy, [...path, 'sectionName'], `${objectId(target.object)} has no ${targetKind === 'Gateway' ? 'listener' : 'rule'} named ${show(section)}`);
            }
          }
        }
      }
    },
  },
  {
    id: 'admin-route-protected',
    class: 'policy',
    group,
    severity: 'error',
    description: `An HTTPRoute annotated as an admin route (${ADMIN_ROUTE_ANNOTATION}: "true") is targeted by a SecurityPolicy with an IP allow-list (authorization defaultAction Deny, an Allow rule with clientCIDRs) and authentication (basicAuth, oidc, jwt, apiKeyAuth or extAuth).`,
    hint: 'add a SecurityPolicy targeting the route with authorization { defaultAction: Deny, rules: [{ action: Allow, principal: { clientCIDRs: [...] } }] } and basicAuth (or oidc / extAuth)',
    rationale: 'Admin UIs (Flower, dashboards) execute or reveal work: reachable from anywhere, or without a login, they are the first thing scanned and abused.',
    run(inventory, report) {
      for (const route of inventory.ofKind('HTTPRoute')) {
        if (asString(asRecord(asRecord(route.object.metadata)?.annotations)?.[ADMIN_ROUTE_ANNOTATION]) !== 'true') continue;
        const namespace = namespaceOf(route.object);
        const name = route.object.metadata?.name;
        const policies = inventory.ofKind('SecurityPolicy').filter(
          (p) => namespaceOf(p.object) === namespace && targetsOf(p).some(({ ref }) => ref.kind === 'HTTPRoute' && ref.name === name && ref.sectionName === undefined),
        );
        const specs = policies.map(specOf);
        const allowList = specs.some((s) => {
          const authz = asRecord(s.authorization);
          return authz?.defaultAction === 'Deny' && records(authz.rules).some((r) => r.action === 'Allow' && asArray(asRecord(r.principal)?.clientCIDRs).length > 0);
        });
        const auth = specs.some((s) => ['basicAuth', 'oidc', 'jwt', 'apiKeyAuth', 'extAuth'].some((k) => asRecord(s[k]) !== undefined));
        const missing = [allowList ? undefined : 'an IP allow-list', auth ? undefined : 'authentication'].filter(Boolean);
        if (missing.length) report(route, ['metadata', 'annotations', ADMIN_ROUTE_ANNOTATION], `admin route without ${missing.join(' and ')} (no SecurityPolicy targeting it provides ${missing.length > 1 ? 'them' : 'it'})`);
      }
    },
  },
];

/** Production: every public route serves HTTPS only and tells browsers to keep to it (HSTS of at least a day). */
export const gatewayProductionChecks: readonly Check[] = [
  {
    id: 'route-https-hsts',
    class: 'policy',
    group,
    severity: 'error',
    description: `In production, every HTTPRoute with hostnames either only redirects to HTTPS, or attaches only to HTTPS listeners and sets Strict-Transport-Security (max-age of at least ${MIN_PRODUCTION_HSTS_SECONDS} s) on every rule.`,
    hint: 'attach the route to the Gateway\'s HTTPS listener (sectionName), redirect plain HTTP with a RequestRedirect route, and add a ResponseHeaderModifier setting Strict-Transport-Security: max-age=31536000; includeSubDomains',
    rationale: 'A public route on a plain-HTTP listener sends credentials in clear text; without HSTS a browser can be downgraded to HTTP on its first request (SSL stripping).',
    run(inventory, report) {
      for (const route of inventory.ofKind('HTTPRoute')) {
        const spec = specOf(route);
        if (!asArray(spec.hostnames).length) continue;
        const rules = records(spec.rules);
        if (rules.length && rules.every(redirectsToHttps)) continue;
        for (const parent of gatewayParents(route)) {
          const gateway = inventory.find('Gateway', parent.namespace, parent.name);
          if (!gateway) continue; // an external Gateway: its owner answers for its listeners
          const listeners = listenersOf(gateway).filter((l) => parent.sectionName === undefined || l.name === parent.sectionName);
          const plain = listeners.filter((l) => l.protocol !== 'HTTPS' || asRecord(l.tls)?.mode === 'Passthrough');
          if (plain.length) {
            report(route, ['spec', 'parentRefs', parent.index], `attaches to plain-HTTP listener ${plain.map((l) => show(l.name)).join(', ')} of Gateway ${parent.namespace}/${parent.name} without redirecting to HTTPS`);
          }
        }
        rules.forEach((rule, r) => {
          if (redirectsToHttps(rule)) return;
          const maxAge = hstsMaxAge(rule);
          if (maxAge === undefined) report(route, ['spec', 'rules', r, 'filters'], 'the rule sends no Strict-Transport-Security header');
          else if (maxAge < MIN_PRODUCTION_HSTS_SECONDS) report(route, ['spec', 'rules', r, 'filters'], `Strict-Transport-Security max-age ${maxAge} is under a day (${MIN_PRODUCTION_HSTS_SECONDS} s)`);
        });
      }
    },
  },
];
