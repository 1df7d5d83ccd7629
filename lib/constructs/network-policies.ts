/**
 * Network isolation of one environment: deny everything, then allow exactly what the
 * stack declares. Per service, one policy with
 *   ingress  from each service that `dependsOn` it (and that service's migration pods), on its
 *            ports; from the ingress controller's namespace (or the gateway's proxy pods) when it has
 *            an ingress; from the monitoring namespace on its metrics port; from KEDA's namespace
 *            (`stack.keda`) on a Redis store a `keda` queue reads;
 *   egress   to each of its dependencies on their ports (a CIDR for `external` ones) and
 *            to the networks in its `egress` list.
 * A service with `migrations` also gets `allow-<service>-migrate` for its migration pods: the
 * service's egress, no ingress.
 * DNS (kube-dns in kube-system, or NodeLocal DNSCache) is allowed for every pod by one shared policy.
 * A Postgres store run by CloudNativePG gets the operator's rules instead (postgres-network.ts),
 * plus a policy `allow-<store>-pooler-rw` for its PgBouncer pods; its clients reach the pooler.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { cloudNativePg, poolerName, poolerOf } from '../model/cloudnative-pg';
import { edgeMode, edgeOf, gatewayRef } from '../model/edge';
import { edgeImplementation } from './edge-policies';
import type { Stack } from '../model/schema';
import { podPorts, sortedPorts } from '../model/service-facts';
import { traitsOf } from '../model/service-kinds';
import { SENTINEL_PORT, sentinelName } from '../model/store-clusters';
import { clientPods, kedaNamespace, kedaRedisStores, migrationName } from '../model/release-facts';
import { recommendedLabels, selectorLabels, type LabelContext } from './labels';
import { clientEgress, instanceRules, poolerRules, type PostgresNetworkContext } from './postgres-network';

export interface NetworkPoliciesProps {
  readonly stack: Stack;
  readonly namespace: string;
  readonly labels: LabelContext;
}

/** The address NodeLocal DNSCache listens on (the add-on's documented default). */
export const NODE_LOCAL_DNS = '169.254.20.10/32';

const namespaceSelector = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const tcp = (port: number | string) => ({
  protocol: 'TCP',
  port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
});

export class NetworkPolicies extends Construct {
  readonly defaultDeny: k8s.KubeNetworkPolicy;
  readonly allowDns: k8s.KubeNetworkPolicy;
  /** The allow policy of each in-cluster service, by service name. */
  readonly allow: Readonly<Record<string, k8s.KubeNetworkPolicy>>;

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { stack } = props;
    this.defaultDeny = new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: policyMetadata(props, 'default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    this.allowDns = new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: policyMetadata(props, 'allow-dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              { namespaceSelector: namespaceSelector('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
              // NodeLocal DNSCache answers on this link-local address on every node.
              { ipBlock: { cidr: NODE_LOCAL_DNS } },
            ],
            ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
          },
        ],
      },
    });

    const enabled = Object.keys(stack.services)
      .sort()
      .filter((n) => stack.services[n].enabled !== false);
    const allow: Record<string, k8s.KubeNetworkPolicy> = {};
    const policy = (name: string, ingress: k8s.NetworkPolicyIngressRule[], egress: k8s.NetworkPolicyEgressRule[], operatorPods?: string) => {
      const metadata = policyMetadata(props, `allow-${name}`);
      allow[name] = new k8s.KubeNetworkPolicy(this, `Allow-${name}`, {
        metadata: operatorPods ? { ...metadata, annotations: operatorPodsWaiver(operatorPods) } : metadata,
        spec: {
          podSelector: { matchLabels: selectorLabels(props.labels, name) },
          policyTypes: ['Ingress', 'Egress'],
          ingress: ingress.length ? ingress : undefined,
          egress: egress.length ? egress : undefined,
        },
      });
    };
    for (const name of enabled.filter((n) => !traitsOf(stack.services[n]).outsideCluster)) {
      const postgres = postgresContext(props, name);
      if (!postgres) {
        policy(name, ingressRules(props, name), egressRules(props, name));
        continue;
      }
      const instances = instanceRules(postgres);
      policy(name, instances.ingress, instances.egress, `Cluster ${name} (its inheritedMetadata labels)`);
      if (poolerOf(postgres.postgres)) {
        const pooler = poolerRules(postgres);
        policy(poolerName(name), pooler.ingress, pooler.egress, `Pooler ${poolerName(name)} (its template labels)`);
      }
    }
    // A migration Job's pods reach what the service reaches (its egress); nothing calls them.
    for (const name of enabled.filter((n) => stack.services[n].migrations && !traitsOf(stack.services[n]).outsideCluster)) {
      policy(migrationName(name), [], egressRules(props, name));
    }
    this.allow = allow;
  }
}

/**
 * The gate finds no pod template for pods an operator creates from a custom resource: the
 * policy says which resource's pods it selects (the gate's networkpolicy-selector waiver).
 */
export function operatorPodsWaiver(source: string): Record<string, string> {
  return { 'cdk8s-stack.dev/waive.networkpolicy-selector': `selects the pods the CloudNativePG operator creates from ${source}` };
}

/** The network context of a store CloudNativePG runs; `undefined` for any other service. */
function postgresContext({ stack, labels }: NetworkPoliciesProps, name: string): PostgresNetworkContext | undefined {
  const postgres = cloudNativePg(stack.services[name]);
  if (!postgres) return undefined;
  return { stack, labels, store: name, postgres, clients: clientPods(stack, name) };
}

function policyMetadata(props: NetworkPoliciesProps, name: string): k8s.ObjectMeta {
  return { name, namespace: props.namespace, labels: recommendedLabels(props.labels, name, { component: 'network-policy' }) };
}

/** From each client (a service that `dependsOn` it) on its ports, the ingress controller, and monitoring. */
function ingressRules({ stack, labels }: NetworkPoliciesProps, name: string): k8s.NetworkPolicyIngressRule[] {
  const service = stack.services[name];
  const served = podPorts(service);
  const ports = sortedPorts(served);
  const clients = clientPods(stack, name);
  const rules: k8s.NetworkPolicyIngressRule[] = [];
  if (clients.length && ports.length) {
    rules.push({
      from: clients.map((c) => ({ podSelector: { matchLabels: selectorLabels(labels, c) } })),
      ports: ports.map(([, port]) => tcp(port)),
    });
  }
  // KEDA's operator reads the length of a `keda` queue on this Redis (under Sentinel: on the primary it was told of).
  if (kedaRedisStores(stack).has(name) && ports.length) {
    rules.push({ from: [{ namespaceSelector: namespaceSelector(kedaNamespace(stack)) }], ports: [tcp(ports[0]![1])] });
  }
  if (service.ingress) {
    rules.push({ from: [edgePeer(stack)], ports: [tcp(served[service.ingress.port])] });
  }
  if (service.metrics) {
    rules.push({ from: [{ namespaceSelector: namespaceSelector(stack.stack.monitoring!.namespace) }], ports: [tcp(served[service.metrics.port])] });
  }
  return rules;
}

/** Where public traffic comes from: the ingress controller's namespace, or the gateway's proxy pods. */
function edgePeer(stack: Stack): k8s.NetworkPolicyPeer {
  if (edgeMode(stack) === 'ingress') return { namespaceSelector: namespaceSelector(stack.stack.ingress!.controllerNamespace) };
  const proxies = edgeImplementation(stack.stack.edge).proxyPods(gatewayRef(stack), edgeOf(stack).gateway.proxyNamespace);
  return { namespaceSelector: namespaceSelector(proxies.namespace), podSelector: { matchLabels: proxies.labels } };
}

/** To each dependency on its ports (its CIDR when it is outside the cluster), and to the `egress` networks. */
function egressRules({ stack, labels }: NetworkPoliciesProps, name: string): k8s.NetworkPolicyEgressRule[] {
  const service = stack.services[name];
  const rules: k8s.NetworkPolicyEgressRule[] = [];
  for (const dep of service.dependsOn ?? []) {
    const target = stack.services[dep];
    const postgres = cloudNativePg(target);
    if (postgres) {
      rules.push(clientEgress(labels, dep, postgres));
      continue;
    }
    const outside = traitsOf(target).outsideCluster;
    const targetPorts = sortedPorts(outside ? target.ports : podPorts(target)).map(([, port]) => port);
    if (!targetPorts.length) continue;
    rules.push({
      to: [outside ? { ipBlock: { cidr: target.cidr! } } : { podSelector: { matchLabels: selectorLabels(labels, dep) } }],
      ports: targetPorts.map((p) => tcp(p)),
    });
    // A Redis under Sentinel: clients ask the Sentinels where the primary is.
    if (target.sentinel) {
      rules.push({ to: [{ podSelector: { matchLabels: selectorLabels(labels, sentinelName(dep)) } }], ports: [tcp(SENTINEL_PORT)] });
    }
  }
  for (const rule of service.egress ?? []) {
    rules.push({ to: [{ ipBlock: { cidr: rule.cidr, except: rule.except } }], ports: rule.ports.map((p) => tcp(p)) });
  }
  return rules;
}
