/** The Gateway API edge on a platform-owned Gateway, and `mode: ingress` rendering exactly what a stack without `edge` renders. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../lib/check/engine';
import { manifestsFromObjects } from '../../lib/check/load';
import { loadOverlays } from '../../lib/overlay';
import type { KubeObject } from '../../lib/render/files';
import { renderOverlay } from '../../lib/render/render';
import { replaceIn, scratchOverlays } from '../helpers';

function render(dir: string, environment: string): KubeObject[] {
  const [overlay] = loadOverlays(dir, [environment]);
  return renderOverlay(overlay).map((f) => f.object);
}
const ofKind = (objects: KubeObject[], kind: string): any[] => objects.filter((o) => o.kind === kind);

describe('edge on a platform-owned Gateway', () => {
  const dir = scratchOverlays();
  replaceIn(dir, 'prod.yaml', '  edge:\n', '  edge:\n    gateway: { name: edge, namespace: platform-gw, httpsListener: websecure, httpListener: web, proxyNamespace: gateway-system }\n');
  const prod = render(dir, 'prod');

  it('renders no Gateway, Certificate or client policy: the routes attach to the platform\'s listeners and declare it external', () => {
    expect([...ofKind(prod, 'Gateway'), ...ofKind(prod, 'Certificate'), ...ofKind(prod, 'ClientTrafficPolicy')]).toStrictEqual([]);
    const api = ofKind(prod, 'HTTPRoute').find((r) => r.metadata.name === 'api');
    expect(api.spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'platform-gw', sectionName: 'websecure' }]);
    expect(api.metadata.annotations['cdk8s-stack.dev/external-gateways']).toBe('platform-gw/edge');
    // The canary's route weighs its stable and canary Services (the Gateway API plugin moves the weights); the gate below finds both.
    expect(api.spec.rules.map((r: any) => [r.name, r.backendRefs])).toStrictEqual(['idempotent', 'all'].map((name) => [name, [
      { group: '', kind: 'Service', name: 'api-stable', port: 8000, weight: 100 },
      { group: '', kind: 'Service', name: 'api-canary', port: 8000, weight: 0 },
    ]]));
    expect(ofKind(prod, 'Rollout')[0].spec.strategy.canary.trafficRouting).toStrictEqual({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'api', namespace: 'assistant-prod' } } });
    expect(ofKind(prod, 'HTTPRoute').find((r) => r.metadata.name === 'https-redirect').spec.parentRefs[0].sectionName).toBe('web');
  });

  it('admits the platform gateway\'s proxies, and passes the gate', () => {
    const policy = ofKind(prod, 'NetworkPolicy').find((p) => p.metadata.name === 'allow-api');
    expect(policy.spec.ingress).toContainEqual({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/managed-by': 'envoy-gateway', 'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': 'platform-gw' } },
      }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
    const report = checkManifests(manifestsFromObjects(prod, 'prod'));
    expect(report.findings.filter((f) => !f.waived && f.severity !== 'note').map((f) => `${f.object} ${f.check}: ${f.message}`)).toStrictEqual([]);
  });
});

describe('edge: { mode: ingress }', () => {
  it('renders exactly what the same stack without `stack.edge` renders (the Ingress output of before)', () => {
    const selected = scratchOverlays();
    replaceIn(selected, 'base.yaml', '  edge:\n    mode: gateway\n', '  edge:\n    mode: ingress\n');
    const without = scratchOverlays();
    const base = readFileSync(join(without, 'base.yaml'), 'utf8');
    writeFileSync(join(without, 'base.yaml'), base.slice(0, base.indexOf('  edge:\n')) + base.slice(base.indexOf('  ingress:\n    className')));
    replaceIn(without, 'prod.yaml', '  edge:\n    tls: { issuer: letsencrypt } # trusted certificates\n    hsts: { preload: true }\n', '');
    for (const dir of [selected, without]) replaceIn(dir, 'staging.yaml', '    route:\n      admin: true\n      allowFrom: [10.8.0.0/16, 192.0.2.0/24]\n      auth: { basicSecret: flower-htpasswd }\n', '    route:\n');
    for (const env of ['dev', 'staging', 'prod']) {
      const objects = render(selected, env);
      expect(ofKind(objects, 'Ingress').length).toBeGreaterThan(0);
      expect(ofKind(objects, 'HTTPRoute')).toStrictEqual([]);
      // Without the Gateway API edge a canary splits by replica count: no traffic router.
      for (const rollout of ofKind(objects, 'Rollout')) {
        expect(rollout.spec.strategy.canary.stableService).toBe('api-stable');
        expect(rollout.spec.strategy.canary).not.toHaveProperty('trafficRouting');
      }
      if (env !== 'dev') expect(ofKind(objects, 'Rollout')).toHaveLength(1);
      expect(JSON.stringify(objects)).toBe(JSON.stringify(render(without, env)));
    }
  });
});
