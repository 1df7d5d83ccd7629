import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import * as k8s from '../../imports/k8s';
import { ReleaseServices, ServiceRollout } from '../../lib/constructs/rollout';
import { resolveRelease, trafficRoutingFor, type ProgressiveRelease } from '../../lib/model/release';
import type { Service, Stack } from '../../lib/model/schema';

const metadata = { name: 'api', namespace: 'shop' };
const selector = { 'app.kubernetes.io/name': 'api' };
const template: k8s.PodTemplateSpec = {
  metadata: { labels: selector },
  spec: { containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.2.3', readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('http') } }, resources: { requests: { memory: k8s.Quantity.fromString('128Mi') } } }] },
};
const web = (release: Service['release'], slo?: Service['slo']) => ({ type: 'web', release, slo, metrics: { path: '/metrics', port: 'http' } }) as Service;
const progressive = (release: Service['release'], tier?: 'production', slo?: Service['slo']) =>
  resolveRelease({ stack: { name: 's', namespace: 's', tier } }, 'api', web(release, slo)) as ProgressiveRelease;
const steps = (spec: any) => spec.strategy.canary.steps.map((s: any) => Object.keys(s)[0]);

describe('ServiceRollout', () => {
  it('renders the pod template exactly as a Deployment would (int-or-string ports, quantities), and is what an HPA targets', () => {
    const chart = Testing.chart();
    const rollout = new ServiceRollout(chart, 'Workload', { metadata, selector, template, release: progressive({ strategy: 'canary' }) });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.template).toStrictEqual(k8s.toJson_PodTemplateSpec(template));
    expect(spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe('http');
    expect(spec).not.toHaveProperty('replicas');
    expect(spec).toMatchObject({ progressDeadlineAbort: true, progressDeadlineSeconds: 600, revisionHistoryLimit: 5 });
    expect(rollout.scaleTarget).toStrictEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
  });

  it('promotes a canary by itself outside production, and waits for a person before 100 % in production', () => {
    const render = (tier?: 'production') => {
      const chart = Testing.chart();
      new ServiceRollout(chart, 'Workload', { metadata, selector, template, release: progressive({ strategy: 'canary', canary: { steps: [{ weight: 20, pause: '30s' }, { weight: 60 }] } }, tier) });
      return Testing.synth(chart)[0].spec;
    };
    expect(steps(render())).toEqual(['setWeight', 'pause', 'analysis', 'setWeight', 'pause', 'analysis']);
    expect(steps(render('production'))).toEqual(['setWeight', 'pause', 'analysis', 'setWeight', 'pause', 'analysis', 'pause']);
    expect(render('production').strategy.canary.steps.at(-1)).toStrictEqual({ pause: {} });
    expect(render().strategy.canary.steps[1]).toStrictEqual({ pause: { duration: '30s' } });
  });

  it('routes a public canary through the Gateway API plugin on the gateway edge, and by replicas otherwise', () => {
    const stack = (edge?: 'gateway' | 'ingress', ingress = true) =>
      ({ stack: { name: 's', namespace: 'shop', edge: edge && { mode: edge } }, services: { api: { ...web({ strategy: 'canary' }), ingress: ingress ? { host: 'api.example.com' } : undefined } } }) as unknown as Stack;
    expect(trafficRoutingFor('prod', 'api', stack('gateway'))).toStrictEqual({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'api', namespace: 'shop' } } });
    expect(trafficRoutingFor('prod', 'api', stack('ingress'))).toBeUndefined();
    expect(trafficRoutingFor('prod', 'api', stack())).toBeUndefined();
    expect(trafficRoutingFor('prod', 'api', stack('gateway', false))).toBeUndefined();
    const chart = Testing.chart();
    const trafficRouting = { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'api', namespace: 'shop' } } };
    new ServiceRollout(chart, 'Workload', { metadata, selector, template, release: progressive({ strategy: 'canary' }), trafficRouting });
    expect(Testing.synth(chart)[0].spec.strategy.canary.trafficRouting).toStrictEqual(trafficRouting);
  });

  it('thresholds come from the SLO unless the overlay sets them', () => {
    expect(progressive({ strategy: 'canary' }, undefined, { availability: 99.5, latencyP99: '1s', window: '30d' }).analysis).toMatchObject({ maxErrorRatio: 0.005, maxLatencyP99: '1s', source: { errorRatio: 'slo', latency: 'slo' } });
    expect(progressive({ strategy: 'canary', analysis: { maxErrorRatio: 2 } as never }).analysis).toMatchObject({ maxErrorRatio: 0.02, maxLatencyP99: '500ms', source: { errorRatio: 'release.analysis', latency: 'slo' } });
  });
});

describe('ReleaseServices', () => {
  it('labels the Services Argo Rollouts narrows to one version, and makes the blue-green metrics Service headless', () => {
    const chart = Testing.chart();
    const ports = [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http') }];
    new ReleaseServices(chart, 'Release', { metadata: { namespace: 'shop', labels: selector }, selector, ports, release: progressive({ strategy: 'blueGreen' }) });
    const services = Testing.synth(chart).map((o) => [o.metadata.name, o.metadata.labels['cdk8s-stack.dev/release-service'], o.spec.clusterIP ?? 'ClusterIP']);
    expect(services).toEqual([['api-preview', 'preview', 'ClusterIP'], ['api-metrics', 'metrics', 'None']]);
  });
});
