/**
 * Network isolation of one environment: deny everything, then allow exactly what the
 * stack declares. Per service, one policy with
 *   ingress  from each service that `dependsOn` it, on its ports; from the ingress
 *            controller's namespace when it has an ingress; from the monitoring namespace
 *            on its metrics port;
 *   egress   to each of its dependencies on their ports (a CIDR for `external` ones) and
 *            to the networks in its `egress` list.
 * DNS (kube-dns in kube-system, or NodeLocal DNSCache) is allowed for every pod by one shared policy.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { Stack } from '../model/schema';
import { podPorts, sortedPorts } from '../model/service-facts';
import { recommendedLabels, selectorLabels, type LabelContext } from './labels';

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
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { stack, namespace } = props;
    const meta = (name: string, component: string) => ({
      name,
      namespace,
      labels: recommendedLabels(props.labels, name, { component }),
    });

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: meta('default-deny', 'network-policy'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: meta('allow-dns', 'network-policy'),
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
    for (const name of enabled) {
      const service = stack.services[name];
      if (service.type === 'external') continue;
      const served = podPorts(service);
      const ports = sortedPorts(served);
      const clients = enabled.filter((c) => stack.services[c].dependsOn?.includes(name));

      const ingress: k8s.NetworkPolicyIngressRule[] = [];
      if (clients.length && ports.length) {
        ingress.push({
          from: clients.map((c) => ({ podSelector: { matchLabels: selectorLabels(props.labels, c) } })),
          ports: ports.map(([, port]) => tcp(port)),
        });
      }
      if (service.ingress) {
        ingress.push({
          from: [{ namespaceSelector: namespaceSelector(stack.stack.ingress!.controllerNamespace) }],
          ports: [tcp(served[service.ingress.port])],
        });
      }
      if (service.metrics) {
        ingress.push({
          from: [{ namespaceSelector: namespaceSelector(stack.stack.monitoring!.namespace) }],
          ports: [tcp(served[service.metrics.port])],
        });
      }

      const egress: k8s.NetworkPolicyEgressRule[] = [];
      for (const dep of service.dependsOn ?? []) {
        const target = stack.services[dep];
        const targetPorts = sortedPorts(target.type === 'external' ? target.ports : podPorts(target)).map(([, port]) => port);
        if (!targetPorts.length) continue;
        egress.push({
          to: [
            target.type === 'external'
              ? { ipBlock: { cidr: target.cidr! } }
              : { podSelector: { matchLabels: selectorLabels(props.labels, dep) } },
          ],
          ports: targetPorts.map((p) => tcp(p)),
        });
      }
      for (const rule of service.egress ?? []) {
        egress.push({ to: [{ ipBlock: { cidr: rule.cidr, except: rule.except } }], ports: rule.ports.map((p) => tcp(p)) });
      }

      new k8s.KubeNetworkPolicy(this, `Allow-${name}`, {
        metadata: meta(`allow-${name}`, 'network-policy'),
        spec: {
          podSelector: { matchLabels: selectorLabels(props.labels, name) },
          policyTypes: ['Ingress', 'Egress'],
          ingress: ingress.length ? ingress : undefined,
          egress: egress.length ? egress : undefined,
        },
      });
    }
  }
}
