import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Autoscaling, DEFAULT_UTILISATION, vpaPeakPod } from '../../lib/constructs/autoscaling';
import type { RunnableService } from '../../lib/model/service-facts';
import { buildStack } from './stack-builder';

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' };
const metadata = { name: 'api', namespace: 'shop' };

function scale(extra: Record<string, unknown>) {
  const stack = buildStack({ api: { ...buildStack().services.api, ...extra } });
  const chart = Testing.chart();
  const scaling = new Autoscaling(chart, 'Scaling', { metadata, service: stack.services.api as RunnableService, target, containerName: 'api' });
  const manifests = Testing.synth(chart);
  return { scaling, hpa: manifests.find((m) => m.kind === 'HorizontalPodAutoscaler'), vpa: manifests.find((m) => m.kind === 'VerticalPodAutoscaler') };
}

describe('Autoscaling', () => {
  it('scales on CPU 70 % and memory 80 % when no target is given', () => {
    const { hpa } = scale({ autoscaling: { minReplicas: 2, maxReplicas: 5 } });
    expect(DEFAULT_UTILISATION).toStrictEqual({ cpu: 70, memory: 80 });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toStrictEqual([['cpu', 70], ['memory', 80]]);
    expect(hpa.spec.scaleTargetRef).toStrictEqual(target);
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toStrictEqual([2, 5]);
  });

  it('scales on custom metrics only when only those are given', () => {
    const { hpa } = scale({ autoscaling: { minReplicas: 1, maxReplicas: 4, custom: [{ type: 'external', metric: 'queue_length', averageValue: 30 }] } });
    expect(hpa.spec.metrics).toStrictEqual([{ type: 'External', external: { metric: { name: 'queue_length' }, target: { type: 'AverageValue', averageValue: '30' } } }]);
  });

  it('turns cooldowns into stabilization windows with percent and pod rate limits', () => {
    const { hpa } = scale({ autoscaling: { minReplicas: 1, maxReplicas: 4 } });
    expect(hpa.spec.behavior.scaleDown.policies.map((p: any) => p.type)).toStrictEqual(['Percent', 'Pods']);
    expect(hpa.spec.behavior.scaleDown.selectPolicy).toBe('Max');
    expect(typeof hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe('number');
  });

  it('gives the VPA only the resources the HPA does not scale on, and says so', () => {
    const { vpa } = scale({ autoscaling: { minReplicas: 2, maxReplicas: 5, cpu: 70 }, vpa: { mode: 'Recreate' } });
    expect(vpa.spec.resourcePolicy.containerPolicies[0].controlledResources).toStrictEqual(['memory']);
    expect(vpa.metadata.annotations['cdk8s-stack.dev/vpa-note']).toBe('The HPA scales on cpu; this VPA updates memory requests (mode Recreate) only, so the two never fight.');
  });

  it('passes VPA bounds through as the overlay gives them: cores as numbers, quantities as strings', () => {
    const { vpa } = scale({ vpa: { mode: 'Off', minAllowed: { cpu: 0.1 }, maxAllowed: { cpu: 2, memory: '4Gi' } } });
    const policy = vpa.spec.resourcePolicy.containerPolicies[0];
    expect([policy.minAllowed, policy.maxAllowed]).toStrictEqual([{ cpu: 0.1 }, { cpu: 2, memory: '4Gi' }]);
    expect(policy.controlledValues).toBe('RequestsAndLimits');
    expect(vpa.spec.updatePolicy).toStrictEqual({ updateMode: 'Off' });
  });

  it('renders nothing without `autoscaling` or `vpa`', () => {
    const { scaling, hpa, vpa } = scale({});
    expect([scaling.hpa, scaling.vpa, hpa, vpa]).toStrictEqual([undefined, undefined, undefined, undefined]);
  });

  it('sizes the quota for the largest pod an updating VPA may make', () => {
    const service = buildStack({ api: { ...buildStack().services.api, vpa: { mode: 'Recreate', maxAllowed: { memory: '512Mi' } } } }).services.api as RunnableService;
    const pod = { containers: [{ name: 'api', resources: { requests: { memory: { value: '128Mi' } }, limits: { memory: { value: '256Mi' } } } }] } as any;
    const peak = vpaPeakPod(pod, service).containers[0].resources!;
    expect(String(peak.requests!.memory.value)).toBe('512Mi');
    expect(peak.limits!.memory.value).toBe(1024 * 1024 * 1024);
  });
});
