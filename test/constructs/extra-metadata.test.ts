import { describe, expect, it } from 'vitest';
import { buildStack, only, runnable, synthService } from './stack-builder';

const IRSA = { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-api' };

describe('extra labels and annotations (`metadata`)', () => {
  const api = {
    type: 'web' as const,
    image: 'ghcr.io/acme/api:1.2.3',
    ports: { http: 8080 },
    resources: { cpu: '100m', memory: '128Mi' },
    health: { liveness: { path: '/live' }, readiness: { path: '/ready' } },
    ingress: { host: 'api.example.com' },
    config: { LOG_LEVEL: 'info' },
  };

  it('adds each block to its object only', () => {
    const stack = buildStack({
      api: {
        ...api,
        metadata: {
          workload: { annotations: { 'reloader.stakater.com/auto': 'true' } },
          pod: { labels: { team: 'checkout' }, annotations: { 'prometheus.io/scrape': 'false' } },
          service: { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } },
          serviceAccount: { annotations: IRSA },
          ingress: { labels: { exposure: 'public' }, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '10m' } },
        },
      },
    });
    const { manifests } = synthService(stack, 'api');
    const deployment = only(manifests, 'Deployment');
    expect(deployment.metadata.annotations).toStrictEqual({ 'reloader.stakater.com/auto': 'true' });
    expect(deployment.spec.template.metadata.labels.team).toBe('checkout');
    expect(deployment.metadata.labels.team).toBeUndefined();
    expect(Object.keys(deployment.spec.template.metadata.annotations).sort()).toStrictEqual(['checksum/config', 'prometheus.io/scrape']);
    expect(only(manifests, 'Service').metadata.annotations).toStrictEqual({ 'service.kubernetes.io/topology-mode': 'Auto' });
    expect(only(manifests, 'ServiceAccount').metadata.annotations).toStrictEqual(IRSA);
    expect(only(manifests, 'Ingress').metadata.labels.exposure).toBe('public');
    expect(only(manifests, 'Ingress').metadata.annotations).toStrictEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '10m' });
    expect(only(manifests, 'ConfigMap').metadata.annotations).toBeUndefined();
  });

  it('applies `stack.metadata` to every service; the service\'s own values win per key', () => {
    const stack = buildStack(
      { api: { ...api, metadata: { serviceAccount: { annotations: { ...IRSA, owner: 'api-team' } } } }, worker: runnable('worker') },
      { metadata: { serviceAccount: { annotations: { owner: 'platform', 'iam.gke.io/gcp-service-account': 'shop@acme.iam.gserviceaccount.com' } } } },
    );
    expect(only(synthService(stack, 'api').manifests, 'ServiceAccount').metadata.annotations).toStrictEqual({
      owner: 'api-team', 'iam.gke.io/gcp-service-account': 'shop@acme.iam.gserviceaccount.com', ...IRSA,
    });
    expect(only(synthService(stack, 'worker').manifests, 'ServiceAccount').metadata.annotations).toStrictEqual({
      owner: 'platform', 'iam.gke.io/gcp-service-account': 'shop@acme.iam.gserviceaccount.com',
    });
  });

  it('keeps the stack\'s own labels and annotations over the overlay\'s', () => {
    const stack = buildStack(
      { api: { ...api, metadata: { ingress: { annotations: { 'cert-manager.io/cluster-issuer': 'mine' } } } } },
      { ingress: { className: 'nginx', controllerNamespace: 'ingress-nginx', clusterIssuer: 'letsencrypt' } },
    );
    const ingress = only(synthService(stack, 'api').manifests, 'Ingress');
    expect(ingress.metadata.annotations).toStrictEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  it('renders objects without extra metadata exactly as before', () => {
    const { manifests } = synthService(buildStack(), 'api');
    for (const manifest of manifests) expect(manifest.metadata.annotations).toBeUndefined();
  });
});
