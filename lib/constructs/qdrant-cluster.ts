/**
 * Qdrant in distributed mode (`services.<store>.distributed`), besides the store's own
 * StatefulSet (whose pods `qdrantPeerPod` turns into peers):
 *
 *   ConfigMap       <store>-qdrant-ha     the start script of ops/scripts/ (qdrant-peer.sh)
 *   Service         <store>-headless      headless, publishes not-ready pods: peers find each other
 *                                         as <store>-<i>.<store>-headless before any is ready
 *   NetworkPolicy   allow-<store>-p2p     peers ↔ peers on the p2p port (6335), nobody else
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { readScripts } from '../operations/backup/scripts';
import type { RunnableService } from '../model/service-facts';
import { peersServiceName, QDRANT_P2P_PORT } from '../model/store-clusters';
import { recommendedLabels, selectorLabels, type LabelContext } from './labels';
import { requiredAntiAffinity } from './pod-template';
import { ResourceLedger } from './resource-ledger';

export const QDRANT_HA_MOUNT = '/opt/qdrant-ha';
const SCRIPT = 'qdrant-peer.sh';
const scriptsName = (store: string) => `${store}-qdrant-ha`;

/** The store's pod template as a Qdrant peer (mutated copy). */
export function qdrantPeerPod(template: k8s.PodTemplateSpec, store: string): k8s.PodTemplateSpec {
  const spec = template.spec!;
  const [main, ...sidecars] = spec.containers;
  const peer: k8s.Container = {
    ...main!,
    command: ['sh', `${QDRANT_HA_MOUNT}/${SCRIPT}`],
    ports: [...(main!.ports ?? []), { name: 'p2p', containerPort: QDRANT_P2P_PORT, protocol: 'TCP' }],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'QDRANT_PEER_DOMAIN', value: peersServiceName(store) },
      { name: 'QDRANT__CLUSTER__ENABLED', value: 'true' },
      { name: 'QDRANT__CLUSTER__P2P__PORT', value: String(QDRANT_P2P_PORT) },
      ...(main!.env ?? []),
    ],
    volumeMounts: [...(main!.volumeMounts ?? []), { name: 'qdrant-ha', mountPath: QDRANT_HA_MOUNT, readOnly: true }],
  };
  return {
    ...template,
    spec: {
      ...spec,
      affinity: requiredAntiAffinity(template.metadata!.labels!),
      containers: [peer, ...sidecars],
      volumes: [...(spec.volumes ?? []), { name: 'qdrant-ha', configMap: { name: scriptsName(store), defaultMode: 0o555 } }],
    },
  };
}

export interface QdrantPeersProps {
  readonly store: string;
  readonly namespace: string;
  readonly service: RunnableService;
  readonly labels: LabelContext;
  /** The store's metadata labels. */
  readonly metadataLabels: Readonly<Record<string, string>>;
}

export class QdrantPeers extends Construct {
  readonly scripts: k8s.KubeConfigMap;
  readonly service: k8s.KubeService;
  readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: QdrantPeersProps) {
    super(scope, id);
    const { store, namespace } = props;
    const selector = selectorLabels(props.labels, store);
    const labels = { ...props.metadataLabels };
    this.scripts = new k8s.KubeConfigMap(this, 'Scripts', {
      metadata: { name: scriptsName(store), namespace, labels },
      data: readScripts([SCRIPT]),
    });
    ResourceLedger.of(this).addService();
    const httpPort = props.service.ports?.http;
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: peersServiceName(store), namespace, labels },
      spec: {
        type: 'ClusterIP',
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector,
        ports: [
          ...(httpPort ? [{ name: 'http', port: httpPort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] : []),
          { name: 'p2p', port: QDRANT_P2P_PORT, targetPort: k8s.IntOrString.fromString('p2p'), protocol: 'TCP' },
        ],
      },
    });
    const peers = { podSelector: { matchLabels: selector } };
    const p2p = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(QDRANT_P2P_PORT) }];
    const policyName = `allow-${store}-p2p`;
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'PeerPolicy', {
      metadata: { name: policyName, namespace, labels: recommendedLabels(props.labels, policyName, { component: 'network-policy' }) },
      spec: { ...peers, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [peers], ports: p2p }], egress: [{ to: [peers], ports: p2p }] },
    });
  }
}
