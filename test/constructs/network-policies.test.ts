import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { NetworkPolicies, NODE_LOCAL_DNS } from '../../lib/constructs/network-policies';
import { buildStack, LABELS, NAMESPACE, runnable } from './stack-builder';

function policies(stack = buildStack()) {
  const chart = Testing.chart();
  const construct = new NetworkPolicies(chart, 'Network', { stack, namespace: NAMESPACE, labels: LABELS });
  const manifests = Testing.synth(chart);
  return { construct, byName: Object.fromEntries(manifests.map((m) => [m.metadata.name, m.spec])) };
}

describe('NetworkPolicies', () => {
  it('denies everything, then allows DNS (kube-dns and NodeLocal DNSCache) for every pod', () => {
    const { byName } = policies();
    expect(byName['default-deny']).toStrictEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(byName['allow-dns'].egress[0].to[1]).toStrictEqual({ ipBlock: { cidr: NODE_LOCAL_DNS } });
  });

  it('lets a client reach its dependency on the dependency ports, both ways', () => {
    const stack = buildStack({ worker: runnable('worker', { dependsOn: ['redis'] }) });
    const { byName } = policies(stack);
    expect(byName['allow-redis'].ingress[0]).toStrictEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'worker', 'app.kubernetes.io/instance': 'shop-test' } } }],
      ports: [{ protocol: 'TCP', port: 6379 }],
    });
    expect(byName['allow-worker'].egress[0].ports).toStrictEqual([{ protocol: 'TCP', port: 6379 }]);
  });

  it('reaches an external dependency through its CIDR and renders no policy for it', () => {
    const stack = buildStack({
      db: { type: 'external', host: 'db.example.com', cidr: '10.20.0.0/16', ports: { postgres: 5432 } },
      worker: runnable('worker', { dependsOn: ['db'] }),
    });
    const { construct, byName } = policies(stack);
    expect(byName['allow-worker'].egress).toStrictEqual([{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
    expect(Object.keys(construct.allow)).toStrictEqual(['api', 'redis', 'worker']);
  });

  it('admits the monitoring namespace on the metrics port only', () => {
    const stack = buildStack({ api: { ...buildStack().services.api, ports: { http: 8080, metrics: 9090 }, metrics: { port: 'metrics', path: '/metrics' } } });
    const { byName } = policies(stack);
    expect(byName['allow-api'].ingress).toStrictEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
  });
});
