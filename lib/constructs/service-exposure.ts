/**
 * How clients reach a service: a Service (ClusterIP, headless for a StatefulSet's stable
 * per-pod names, or ExternalName for a managed service outside the cluster) and, for
 * public HTTP, an Ingress with TLS.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ObjectMetadata } from '../model/escape-hatches-schema';
import type { ResolvedService, Stack } from '../model/schema';
import { podPorts, sortedPorts } from '../model/service-facts';
import { withExtraMetadata } from './extra-metadata';
import { ResourceLedger } from './resource-ledger';

export type ServiceFlavour = 'ClusterIP' | 'headless' | 'ExternalName';

export interface ServiceExposureProps {
  readonly name: string;
  readonly metadata: k8s.ObjectMeta;
  readonly service: ResolvedService;
  readonly flavour: ServiceFlavour;
  /** Pods the Service selects; unused for ExternalName. */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Ingress controller settings: the service's `ingress` renders an Ingress when they are given
   * (in `stack.edge.mode: gateway` they are not: the route is a `PublicRoute`).
   * @default - no Ingress
   */
  readonly ingressSettings?: Stack['stack']['ingress'];
  /**
   * Extra labels and annotations of the Service.
   * @default - none
   */
  readonly serviceMetadata?: ObjectMetadata;
  /**
   * Extra labels and annotations of the Ingress.
   * @default - none
   */
  readonly ingressMetadata?: ObjectMetadata;
}

export class ServiceExposure extends Construct {
  readonly kubeService: k8s.KubeService;
  /** Present when the service has `ingress`. */
  readonly ingress?: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: ServiceExposureProps) {
    super(scope, id);
    const { name, metadata, service, flavour } = props;
    const outside = flavour === 'ExternalName';
    const ports = servicePorts(service, outside);
    ResourceLedger.of(this).addService();
    this.kubeService = new k8s.KubeService(this, 'Resource', {
      metadata: withExtraMetadata(metadata, props.serviceMetadata ?? {}),
      spec: outside
        ? { type: 'ExternalName', externalName: service.host!, ports }
        : { type: 'ClusterIP', clusterIp: flavour === 'headless' ? 'None' : undefined, selector: { ...props.selector }, ports },
    });
    if (service.ingress && props.ingressSettings) {
      const ingressMetadata = withExtraMetadata(metadata, props.ingressMetadata ?? {});
      this.ingress = ingressFor(this, name, ingressMetadata, service.ingress, props.ingressSettings);
    }
  }
}

/** The Service ports of a service: one per pod port, by name. */
export function servicePorts(service: ResolvedService, outside = false): k8s.ServicePort[] {
  return sortedPorts(podPorts(service)).map(([portName, port]) => ({
    name: portName,
    port,
    // An ExternalName Service only renames: there is no pod port to target.
    targetPort: outside ? undefined : k8s.IntOrString.fromString(portName),
    protocol: 'TCP',
  }));
}

function ingressFor(
  scope: Construct,
  name: string,
  metadata: k8s.ObjectMeta,
  ingress: NonNullable<ResolvedService['ingress']>,
  settings: NonNullable<Stack['stack']['ingress']>,
): k8s.KubeIngress {
  return new k8s.KubeIngress(scope, 'Ingress', {
    metadata: {
      ...metadata,
      annotations: settings.clusterIssuer ? { ...metadata.annotations, 'cert-manager.io/cluster-issuer': settings.clusterIssuer } : metadata.annotations,
    },
    spec: {
      ingressClassName: settings.className,
      tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecret ?? `${name}-tls` }],
      rules: [
        {
          host: ingress.host,
          http: {
            paths: [{ path: ingress.path, pathType: 'Prefix', backend: { service: { name, port: { name: ingress.port } } } }],
          },
        },
      ],
    },
  });
}
