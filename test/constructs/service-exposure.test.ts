import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ServiceExposure } from '../../lib/constructs/service-exposure';
import type { ResolvedService } from '../../lib/model/schema';
import { buildStack } from './stack-builder';

const metadata = { name: 'api', namespace: 'shop' };
const selector = { 'app.kubernetes.io/name': 'api' };

function expose(service: ResolvedService, flavour: 'ClusterIP' | 'headless' | 'ExternalName', ingressSettings?: any) {
  const chart = Testing.chart();
  const exposure = new ServiceExposure(chart, 'Exposure', { name: 'api', metadata, service, flavour, selector, ingressSettings });
  return { exposure, manifests: Testing.synth(chart) };
}

describe('ServiceExposure', () => {
  const api = buildStack().services.api as ResolvedService;

  it('targets the pod ports by name, sidecar ports included', () => {
    const service = { ...api, sidecars: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:1.0.0', ports: { proxy: 4180 } }] } as ResolvedService;
    const { manifests } = expose(service, 'ClusterIP');
    expect(manifests[0].spec).toStrictEqual({
      type: 'ClusterIP',
      selector,
      ports: [
        { name: 'proxy', port: 4180, targetPort: 'proxy', protocol: 'TCP' },
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
      ],
    });
  });

  it('is headless for a StatefulSet', () => {
    expect(expose(api, 'headless').manifests[0].spec.clusterIP).toBe('None');
  });

  it('adds an Ingress with TLS (a `<name>-tls` secret by default) and the cluster issuer', () => {
    const service = { ...api, ingress: { host: 'api.example.com', path: '/', port: 'http' } } as ResolvedService;
    const { exposure, manifests } = expose(service, 'ClusterIP', { className: 'nginx', controllerNamespace: 'ingress-nginx', clusterIssuer: 'letsencrypt' });
    expect(exposure.ingress).toBeDefined();
    const ingress = manifests.find((m) => m.kind === 'Ingress');
    expect(ingress.metadata.annotations).toStrictEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(ingress.spec.tls).toStrictEqual([{ hosts: ['api.example.com'], secretName: 'api-tls' }]);
    expect(ingress.spec.rules[0].http.paths[0].backend).toStrictEqual({ service: { name: 'api', port: { name: 'http' } } });
  });

  it('renders no Ingress without `ingress`', () => {
    expect(expose(api, 'ClusterIP').exposure.ingress).toBeUndefined();
  });
});
