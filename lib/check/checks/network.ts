/**
 * Network exposure and wiring: namespaces deny by default and every workload
 * gets explicit allow rules; Services, Ingresses, NetworkPolicies and
 * ServiceMonitors actually reach the pods and ports they name.
 */
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { namespaceOf, objectId } from '../objects';
import type { PodTemplate } from '../pod-template';
import { describeLabels, describeSelector, isEmptySelector, labelSelector, mapSelector } from '../../shared/selector';
import type { KeyPath, Manifest } from '../types';
import { asArray, asRecord, asString, show } from '../../shared/values';
import { appendTo } from '../../shared/collections';

const group = 'network';

/** policyTypes as the API server defaults them: Ingress always, Egress when egress rules are given. */
function policyTypes(spec: Record<string, any>): string[] {
  if (Array.isArray(spec.policyTypes)) return spec.policyTypes.filter((t): t is string => typeof t === 'string');
  return asArray(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

interface PolicyShape {
  readonly manifest: Manifest;
  readonly selectsAll: boolean;
  /** Directions this policy denies for every pod: selects all pods, has the type, and no rule for it. */
  readonly deniesIngress: boolean;
  readonly deniesEgress: boolean;
  readonly isDefaultDeny: boolean;
}

function shapeOf(manifest: Manifest): PolicyShape {
  const spec = asRecord(manifest.object.spec) ?? {};
  const selectsAll = isEmptySelector(labelSelector(spec.podSelector));
  const types = policyTypes(spec);
  const noIngressRules = asArray(spec.ingress).length === 0;
  const noEgressRules = asArray(spec.egress).length === 0;
  return {
    manifest,
    selectsAll,
    deniesIngress: selectsAll && types.includes('Ingress') && noIngressRules,
    deniesEgress: selectsAll && types.includes('Egress') && noEgressRules,
    isDefaultDeny: selectsAll && noIngressRules && noEgressRules,
  };
}

function policiesByNamespace(inventory: Inventory): Map<string, PolicyShape[]> {
  const out = new Map<string, PolicyShape[]>();
  for (const manifest of inventory.ofKind('NetworkPolicy')) {
    appendTo(out, namespaceOf(manifest.object) ?? '', shapeOf(manifest));
  }
  return out;
}

const portCache = new WeakMap<PodTemplate, { numbers: Set<unknown>; names: Set<unknown> }>();

/** Ports the pod's regular containers (and native sidecars) declare. */
function podPorts(pod: PodTemplate): { numbers: Set<unknown>; names: Set<unknown> } {
  let ports = portCache.get(pod);
  if (ports) return ports;
  ports = { numbers: new Set(), names: new Set() };
  for (const ref of pod.containers) {
    if (ref.list === 'ephemeralContainers') continue;
    for (const value of asArray(ref.container.ports)) {
      const port = asRecord(value);
      if (!port) continue;
      ports.numbers.add(port.containerPort);
      if (port.name !== undefined) ports.names.add(port.name);
    }
  }
  portCache.set(pod, ports);
  return ports;
}

function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
  return tlsHosts.some((tlsHost) => {
    if (tlsHost === host) return true;
    // A wildcard certificate covers exactly one label: *.example.com covers a.example.com, not a.b.example.com.
    if (!tlsHost.startsWith('*.')) return false;
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot) === tlsHost.slice(1);
  });
}

interface Backend {
  readonly path: KeyPath;
  readonly service: string | undefined;
  readonly port: { readonly number?: unknown; readonly name?: unknown } | undefined;
}

/** Every Service backend of an Ingress (networking.k8s.io/v1, plus the old serviceName/servicePort shape). */
function ingressBackends(spec: Record<string, any>): Backend[] {
  const out: Backend[] = [];
  const add = (value: unknown, path: KeyPath) => {
    const backend = asRecord(value);
    if (!backend) return;
    const service = asRecord(backend.service);
    if (service) {
      const port = asRecord(service.port);
      out.push({ path: [...path, 'service'], service: asString(service.name), port: port ? { number: port.number, name: port.name } : undefined });
    } else if (backend.serviceName !== undefined) {
      const port = backend.servicePort;
      out.push({ path, service: asString(backend.serviceName), port: typeof port === 'number' ? { number: port } : { name: port } });
    }
  };
  const defaultKey = spec.defaultBackend !== undefined ? 'defaultBackend' : 'backend';
  add(spec[defaultKey], ['spec', defaultKey]);
  asArray(spec.rules).forEach((rule, i) => {
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((path, j) => {
      add(asRecord(path)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
    });
  });
  return out;
}

/** Each host + path + path type an Ingress routes, keyed with its ingress class. */
function ingressRoutes(spec: Record<string, any>): { key: string; label: string; path: KeyPath }[] {
  const ingressClass = asString(spec.ingressClassName) ?? '(default class)';
  return asArray(spec.rules).flatMap((rule, i) => {
    const host = asString(asRecord(rule)?.host) ?? '*';
    return asArray(asRecord(asRecord(rule)?.http)?.paths).map((entry, j) => {
      const path = asString(asRecord(entry)?.path) ?? '/';
      const pathType = asString(asRecord(entry)?.pathType) ?? 'ImplementationSpecific';
      return {
        key: JSON.stringify([ingressClass, host, path, pathType]),
        label: `host ${show(host)} path ${show(path)} (${pathType}, class ${ingressClass})`,
        path: ['spec', 'rules', i, 'http', 'paths', j, 'path'] as KeyPath,
      };
    });
  });
}

/**
 * Each hostname + path match (+ method) an HTTPRoute routes, keyed with its parent Gateways (a
 * route without hostnames takes every host: `*`). Redirect-only rules claim nothing.
 */
function httpRouteMatches(route: Manifest): { key: string; label: string; path: KeyPath }[] {
  const spec = asRecord(route.object.spec) ?? {};
  const routeNamespace = namespaceOf(route.object) ?? '';
  const parents = asArray(spec.parentRefs)
    .map((p) => asRecord(p) ?? {})
    .map((p) => `${asString(p.namespace) ?? routeNamespace}/${asString(p.name) ?? ''}${p.sectionName ? `:${asString(p.sectionName)}` : ''}`)
    .sort();
  const hosts = asArray(spec.hostnames).filter((h): h is string => typeof h === 'string');
  return asArray(spec.rules).flatMap((value, i) => {
    const rule = asRecord(value) ?? {};
    if (!asArray(rule.backendRefs).length) return [];
    const matches = asArray(rule.matches).length ? asArray(rule.matches) : [{}];
    return matches.flatMap((m, j) => {
      const match = asRecord(m) ?? {};
      if (asArray(match.headers).length || asArray(match.queryParams).length) return []; // narrower than host + path
      const type = asString(asRecord(match.path)?.type) ?? 'PathPrefix';
      const pathValue = asString(asRecord(match.path)?.value) ?? '/';
      const method = asString(match.method) ?? '*';
      return (hosts.length ? hosts : ['*']).map((host) => ({
        key: JSON.stringify([parents, host, pathValue, type, method]),
        label: `host ${show(host)} path ${show(pathValue)} (${type}${method === '*' ? '' : `, ${method}`}, Gateway ${parents.join(', ')})`,
        path: ['spec', 'rules', i, 'matches', j] as KeyPath,
      }));
    });
  });
}

/** True when a rule's ports restrict it: at least one entry names a port (an entry with only a protocol is every port of it). */
function limitsPorts(ports: unknown): boolean {
  return asArray(ports).some((value) => asRecord(value)?.port !== undefined);
}

/** What a NetworkPolicy peer that matches everything matches, or undefined when it is narrower. */
function peerIsEverything(peer: Record<string, unknown>): string | undefined {
  const ipBlock = asRecord(peer.ipBlock);
  if (ipBlock) {
    const cidr = asString(ipBlock.cidr);
    const open = (cidr === '0.0.0.0/0' || cidr === '::/0') && asArray(ipBlock.except).length === 0;
    return open ? `ipBlock ${cidr} without except (every address)` : undefined;
  }
  const namespaces = peer.namespaceSelector;
  if (namespaces === undefined || !isEmptySelector(labelSelector(namespaces))) return undefined;
  const pods = peer.podSelector;
  return pods === undefined || isEmptySelector(labelSelector(pods)) ? 'namespaceSelector: {} (every pod of every namespace)' : undefined;
}

export const networkChecks: readonly Check[] = [
  {
    id: 'namespace-default-deny',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every namespace that runs pods has a default-deny NetworkPolicy for Ingress and Egress (empty podSelector, both policyTypes, no rules).',
    hint: 'add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow what each workload needs',
    rationale: 'Without a default deny, any pod that no policy selects accepts and sends any traffic, so a single forgotten policy opens the namespace. kube-score pod-networkpolicy; Polaris missingNetworkPolicy.',
    run(inventory, report) {
      const policies = policiesByNamespace(inventory);
      for (const namespace of inventory.podNamespaces()) {
        const shapes = policies.get(namespace) ?? [];
        const missing = [
          shapes.some((s) => s.deniesIngress) ? undefined : 'Ingress',
          shapes.some((s) => s.deniesEgress) ? undefined : 'Egress',
        ].filter((d): d is string => d !== undefined);
        if (missing.length === 0) continue;
        const namespaceObject = inventory.find('Namespace', undefined, namespace);
        const where = namespaceObject ?? inventory.podsIn(namespace)[0]!.manifest;
        report(where, namespaceObject ? [] : ['metadata', 'namespace'], `namespace "${namespace}" runs pods but no NetworkPolicy denies ${missing.join(' and ')} by default`);
      }
    },
  },
  {
    id: 'pod-network-policy',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every pod is selected by at least one NetworkPolicy that is not the default deny (its own allow rules).',
    hint: 'add a NetworkPolicy whose podSelector matches these pods and allows the traffic they need (ingress from callers, egress to dependencies and DNS)',
    rationale: 'Under a default deny, pods without their own policy can neither serve nor call anything; without a default deny they are wide open. kube-linter non-isolated-pod; kube-score pod-networkpolicy.',
    run(inventory, report) {
      const covered = new Set<PodTemplate>();
      for (const [namespace, shapes] of policiesByNamespace(inventory)) {
        for (const shape of shapes) {
          if (shape.isDefaultDeny) continue;
          const selector = labelSelector(asRecord(shape.manifest.object.spec)?.podSelector);
          for (const pod of inventory.podsSelectedBy(namespace, selector)) covered.add(pod);
        }
      }
      for (const pod of inventory.podTemplates) {
        if (!covered.has(pod)) {
          report(pod.manifest, [...pod.metaPath, 'labels'], `no NetworkPolicy with allow rules selects its pods (labels ${describeLabels(pod.labels)})`);
        }
      }
    },
  },
  {
    id: 'networkpolicy-allow-all',
    group,
    severity: 'error',
    class: 'policy',
    description:
      'No NetworkPolicy rule allows every source or destination on every port: an ingress/egress rule with no (or an empty) from/to, or a peer that is everything (ipBlock 0.0.0.0/0 or ::/0 without except, namespaceSelector: {} alone), and no port. A rule limited to ports (DNS on 53, HTTPS on 443) is not allow-all.',
    hint: 'name the peers (podSelector / namespaceSelector / ipBlock) and the ports the pods need; waive with a reason for a pod that really serves everyone',
    rationale:
      'An allow-all rule (e.g. ingress: [{}]) next to the default deny satisfies pod-network-policy and silently opens the pods it selects, with podSelector: {} the whole namespace. kube-linter (non-isolated-pod, related).',
    run(inventory, report) {
      for (const policy of inventory.ofKind('NetworkPolicy')) {
        const spec = asRecord(policy.object.spec) ?? {};
        const types = policyTypes(spec);
        const scope = isEmptySelector(labelSelector(spec.podSelector)) ? 'every pod of the namespace' : 'the pods it selects';
        for (const [direction, key, peersKey, type] of [
          ['ingress', 'ingress', 'from', 'Ingress'],
          ['egress', 'egress', 'to', 'Egress'],
        ] as const) {
          if (!types.includes(type)) continue; // rules of a direction not in policyTypes do nothing
          asArray(spec[key]).forEach((value, index) => {
            const rule = asRecord(value) ?? {};
            if (limitsPorts(rule.ports)) return;
            const peers = asArray(rule[peersKey]);
            const path: KeyPath = ['spec', key, index];
            const who = direction === 'ingress' ? 'from any source' : 'to any destination';
            if (peers.length === 0) {
              report(policy, path, `${key}[${index}] allows all traffic ${who} on every port to ${scope} (no ${peersKey} and no ports)`);
              return;
            }
            peers.forEach((peer, peerIndex) => {
              const everything = peerIsEverything(asRecord(peer) ?? {});
              if (everything) report(policy, [...path, peersKey, peerIndex], `${key}[${index}].${peersKey}[${peerIndex}] is ${everything}, on every port, for ${scope}`);
            });
          });
        }
      }
    },
  },
  {
    id: 'networkpolicy-selector',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A NetworkPolicy\'s podSelector matches at least one pod in its namespace.',
    hint: 'make spec.podSelector match the labels of the pod template it is meant for',
    rationale: 'A policy that selects nothing protects nothing, and usually means a label was renamed on one side only. kube-linter dangling-networkpolicy; kube-score networkpolicy-targets-pod.',
    run(inventory, report) {
      for (const policy of inventory.ofKind('NetworkPolicy')) {
        const selector = labelSelector(asRecord(policy.object.spec)?.podSelector);
        if (isEmptySelector(selector)) continue; // selects every pod of the namespace, by design
        const namespace = namespaceOf(policy.object) ?? '';
        if (inventory.podsSelectedBy(namespace, selector).length === 0) {
          report(policy, ['spec', 'podSelector'], `podSelector ${describeSelector(selector)} matches no pod in namespace "${namespace}"`);
        }
      }
    },
  },
  {
    id: 'service-selector',
    group,
    severity: 'error',
    class: 'policy',
    description: 'A Service\'s selector matches at least one pod in its namespace.',
    hint: 'make spec.selector match the labels of the pod template it fronts',
    rationale: 'A Service that selects no pods has no endpoints: every request fails. kube-linter dangling-service; kube-score service-targets-pod.',
    run(inventory, report) {
      for (const service of inventory.ofKind('Service')) {
        const spec = asRecord(service.object.spec) ?? {};
        if (spec.type === 'ExternalName') continue;
        const selector = mapSelector(spec.selector);
        if (selector.matchesNothing) continue; // no selector: endpoints are managed by hand, on purpose
        const namespace = namespaceOf(service.object) ?? '';
        if (inventory.podsSelectedBy(namespace, selector).length === 0) {
          report(service, ['spec', 'selector'], `selector ${describeSelector(selector)} matches no pod in namespace "${namespace}"`);
        }
      }
    },
  },
  {
    id: 'service-target-port',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Every Service port\'s named targetPort is a port name the selected pods declare (a number they do not declare is only a note: Kubernetes accepts it).',
    hint: 'set targetPort to the name or containerPort of a port the pods declare',
    rationale: 'A targetPort the pods do not declare sends traffic nowhere (named) or to a port nobody promised to serve (numeric). kube-linter invalid-target-ports, dangling-service.',
    run(inventory, report) {
      for (const service of inventory.ofKind('Service')) {
        const spec = asRecord(service.object.spec) ?? {};
        const selector = mapSelector(spec.selector);
        if (spec.type === 'ExternalName' || selector.matchesNothing) continue;
        const pods = inventory.podsSelectedBy(namespaceOf(service.object) ?? '', selector);
        if (pods.length === 0) continue; // reported by service-selector
        asArray(spec.ports).forEach((value, index) => {
          const port = asRecord(value);
          if (!port) return;
          const target = port.targetPort ?? port.port;
          const found = pods.some((pod) => (typeof target === 'number' ? podPorts(pod).numbers : podPorts(pod).names).has(target));
          if (!found) {
            const key = port.targetPort === undefined ? 'port' : 'targetPort';
            const message = `${key} ${show(target)} of port ${show(port.name ?? port.port)} is not a ${typeof target === 'number' ? 'containerPort' : 'port name'} of the selected pods (${pods.map((p) => `${p.kind} ${p.name}`).join(', ')})`;
            // A number the pods do not declare still reaches the pod (container ports are informational; Argo CD and
            // ingress-nginx rely on it): a note. A name that no selected pod declares cannot resolve: an error.
            if (typeof target === 'number') report(service, ['spec', 'ports', index, key], `${message}; cannot verify that anything listens there`, 'declare the port in the pods\' containers so the Service contract is visible', 'note');
            else report(service, ['spec', 'ports', index, key], message);
          }
        });
      }
    },
  },
  {
    id: 'ingress-backend',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'Every Ingress backend names a Service in the namespace and one of its ports (by number or name).',
    hint: 'point backend.service.name at an existing Service and backend.service.port at one of its ports',
    rationale: 'A backend that names a missing Service or port answers 503 for its whole path. kube-linter dangling-ingress; kube-score ingress-targets-service.',
    run(inventory, report) {
      for (const ingress of inventory.ofKind('Ingress')) {
        const namespace = namespaceOf(ingress.object);
        for (const backend of ingressBackends(asRecord(ingress.object.spec) ?? {})) {
          if (backend.service === undefined) continue; // a resource backend, or a schema error
          const service = inventory.find('Service', namespace, backend.service);
          if (!service) {
            report(ingress, [...backend.path, 'name'], `backend Service ${show(backend.service)} does not exist in namespace "${namespace}"`);
            continue;
          }
          if (!backend.port) continue;
          const ports = asArray(asRecord(service.object.spec)?.ports).map((p) => asRecord(p) ?? {});
          const wanted = backend.port.number ?? backend.port.name;
          const ok = backend.port.number !== undefined ? ports.some((p) => p.port === backend.port!.number) : ports.some((p) => p.name === backend.port!.name);
          if (!ok) {
            const offered = ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none';
            report(ingress, [...backend.path, 'port'], `backend port ${show(wanted)} is not a port of Service ${backend.service} (it has ${offered})`);
          }
        }
      }
    },
  },
  {
    id: 'ingress-route-unique',
    group,
    severity: 'error',
    class: 'policy',
    description: 'No two Ingresses of one namespace and ingress class, and no two HTTPRoutes on the same Gateway listeners, route the same host, path and path type (and method).',
    hint: 'give one of them another host or path, or merge the two routes into one Ingress (HTTPRoute)',
    rationale:
      'Controllers resolve such a conflict silently (the oldest Ingress wins in ingress-nginx, whose admission webhook refuses the newer when enabled): one service never gets its traffic, and which one can change on a restart.',
    run(inventory, report) {
      // One namespace is one environment here; namespaces of one input may live in different clusters.
      const claimed = new Map<string, Manifest>();
      for (const ingress of inventory.ofKind('Ingress')) {
        for (const route of ingressRoutes(asRecord(ingress.object.spec) ?? {})) {
          const key = `${namespaceOf(ingress.object)}\u0000${route.key}`;
          const owner = claimed.get(key);
          if (owner === undefined) claimed.set(key, ingress);
          else if (owner !== ingress) report(ingress, route.path, `${route.label} is already routed by ${objectId(owner.object)} (${owner.file})`);
        }
      }
      // HTTPRoutes: the oldest route wins a conflict (Gateway API precedence), silently for the other.
      const matched = new Map<string, Manifest>();
      for (const route of inventory.ofKind('HTTPRoute')) {
        for (const match of httpRouteMatches(route)) {
          const owner = matched.get(match.key);
          if (owner === undefined) matched.set(match.key, route);
          else if (owner !== route) report(route, match.path, `${match.label} is already routed by ${objectId(owner.object)} (${owner.file})`);
        }
      }
    },
  },
  {
    id: 'ingress-tls',
    group,
    severity: 'error',
    class: 'policy',
    description: 'Every Ingress terminates TLS, and its tls hosts cover every rule host.',
    hint: 'add spec.tls with a secretName (e.g. from cert-manager) listing every host of spec.rules',
    rationale: 'Plain-HTTP ingress sends credentials and session cookies in clear text. Polaris tlsSettingsMissing.',
    run(inventory, report) {
      for (const ingress of inventory.ofKind('Ingress')) {
        const spec = asRecord(ingress.object.spec) ?? {};
        const tls = asArray(spec.tls).map((entry) => asRecord(entry) ?? {});
        if (tls.length === 0) {
          report(ingress, ['spec', 'tls'], 'the Ingress has no TLS section: it serves plain HTTP');
          continue;
        }
        const tlsHosts = tls.flatMap((entry) => asArray(entry.hosts).filter((h): h is string => typeof h === 'string'));
        asArray(spec.rules).forEach((rule, index) => {
          const host = asString(asRecord(rule)?.host);
          if (host !== undefined && !hostCovered(host, tlsHosts)) {
            report(ingress, ['spec', 'rules', index, 'host'], `host ${show(host)} is not covered by spec.tls (${tlsHosts.join(', ') || 'no hosts'})`, `add ${host} to spec.tls[].hosts`);
          }
        });
      }
    },
  },
  {
    id: 'servicemonitor-target',
    group,
    severity: 'error',
    class: 'correctness',
    description: 'A ServiceMonitor selects at least one Service, and each endpoint port name is a port of a selected Service.',
    hint: 'make spec.selector (and spec.namespaceSelector) match the Service\'s labels, and endpoints[].port the name of one of its ports',
    rationale: 'A ServiceMonitor that matches nothing silently scrapes nothing: the dashboards go flat and the alerts never fire. kube-linter dangling-servicemonitor.',
    run(inventory, report) {
      for (const monitor of inventory.ofKind('ServiceMonitor')) {
        const spec = asRecord(monitor.object.spec) ?? {};
        const namespaceSelector = asRecord(spec.namespaceSelector) ?? {};
        const names = asArray(namespaceSelector.matchNames).filter((n): n is string => typeof n === 'string');
        const namespaces = namespaceSelector.any === true ? undefined : names.length > 0 ? names : [namespaceOf(monitor.object) ?? ''];
        const selector = labelSelector(spec.selector);
        const services = inventory.servicesSelectedBy(namespaces, selector);
        if (services.length === 0) {
          const where = namespaces === undefined ? 'any namespace' : `namespace ${namespaces.map((n) => `"${n}"`).join(', ')}`;
          // A namespace of which the input holds no Service at all (kube-system, default: the cluster's own) cannot be
          // judged from the input: a note, not an error.
          const outside = namespaces !== undefined && namespaces.every((namespace) => !inventory.hasServicesIn(namespace));
          if (outside) {
            report(monitor, ['spec', 'selector'], `cannot verify: target not in input (no Service of ${where} is in the input; selector ${describeSelector(selector)})`, 'check the gate on the manifests of that namespace too, or ignore this note', 'note');
          } else {
            report(monitor, ['spec', 'selector'], `selector ${describeSelector(selector)} matches no Service (by its labels) in ${where}`);
          }
          continue;
        }
        const portNames = new Set(services.flatMap((service) => asArray(asRecord(service.object.spec)?.ports).map((p) => asRecord(p)?.name)));
        asArray(spec.endpoints).forEach((value, index) => {
          const port = asRecord(value)?.port;
          if (typeof port === 'string' && !portNames.has(port)) {
            report(monitor, ['spec', 'endpoints', index, 'port'], `endpoint port ${show(port)} is not a port name of the selected Services (${services.map((s) => s.object.metadata?.name).join(', ')})`);
          }
        });
      }
    },
  },
  {
    id: 'exposed-service',
    group,
    severity: 'warning',
    class: 'policy',
    description: 'NodePort and LoadBalancer Services are flagged: they expose pods outside the Ingress and its TLS.',
    hint: 'use a ClusterIP Service behind the Ingress, or waive this check with the reason the port must be exposed',
    rationale: 'A NodePort opens a port on every node, a LoadBalancer a public address, both past the Ingress. kube-linter exposed-services; kube-score service-type.',
    run(inventory, report) {
      for (const service of inventory.ofKind('Service')) {
        const type = asRecord(service.object.spec)?.type;
        if (type === 'NodePort' || type === 'LoadBalancer') {
          report(service, ['spec', 'type'], `Service type is ${type}, which exposes its pods outside the cluster`);
        }
      }
    },
  },
];
