/** HPAs that target something real, and VPAs that do not fight them. */
import { describe, expect, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings, findingsOf } from './helpers';
import { deploymentYaml, shopYaml } from './yaml-objects';

describeCheckCases({
  'hpa-target-exists': [
    ['HorizontalPodAutoscaler shop/api', 'spec.scaleTargetRef.name', 'Deployment api-server does not exist in namespace "shop"'],
    ['HorizontalPodAutoscaler shop/worker', 'spec.scaleTargetRef.apiVersion', 'scaleTargetRef apiVersion "apps/v1beta1" for Deployment is removed in Kubernetes 1.16: the HPA controller cannot reach the scale subresource; use apps/v1'],
    ['HorizontalPodAutoscaler shop/web', 'spec.scaleTargetRef.name', 'scaleTargetRef Rollout web does not exist in namespace "shop"'],
  ],
  'hpa-target-no-replicas': [['Deployment shop/api', 'spec.replicas', 'spec.replicas is 3, but HorizontalPodAutoscaler api scales this Deployment']],
  'hpa-min-max': [['HorizontalPodAutoscaler shop/api', 'spec.minReplicas', 'minReplicas 5 is above maxReplicas 3']],
  'vpa-hpa-conflict': [['VerticalPodAutoscaler shop/api', 'spec.updatePolicy.updateMode', 'updateMode Auto lets this VPA set cpu of Deployment api']],
});

describe('VPA and HPA details', () => {
  const vpa = shopYaml('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', 'api', 'targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}');
  const base = `${deploymentYaml('api')}---\n${vpa}`;
  const hpa = (metrics: string, targetApiVersion = 'apps/v1') =>
    `---\n${shopYaml('autoscaling/v2', 'HorizontalPodAutoscaler', 'api', `scaleTargetRef: {apiVersion: ${targetApiVersion}, kind: Deployment, name: api}\nmaxReplicas: 5`)}${metrics}`;

  it('GIVEN a VPA without updatePolicy (Auto by default) and an HPA without metrics (CPU by default) WHEN checked THEN they conflict on cpu', () => {
    const report = checkYaml(base + hpa(''));
    expectFindings(report, 'vpa-hpa-conflict', [{ object: 'VerticalPodAutoscaler shop/api', path: 'spec.targetRef', message: 'the default CPU metric' }]);
  });

  it('GIVEN an HPA on memory averageValue and a VPA that turns its only container Off WHEN checked THEN there is no conflict', () => {
    const report = checkYaml(
      `${base}  resourcePolicy:\n    containerPolicies:\n      - {containerName: api, mode: "Off"}\n` +
        hpa('  metrics:\n    - type: Resource\n      resource: {name: memory, target: {type: AverageValue, averageValue: 500Mi}}\n'),
    );
    expect(findingsOf(report, 'vpa-hpa-conflict')).toEqual([]);
  });

  it('GIVEN an HPA on a custom queue-depth metric WHEN checked THEN a VPA in Recreate mode may size cpu and memory', () => {
    const report = checkYaml(
      `${base}  updatePolicy: {updateMode: Recreate}\n` +
        hpa('  metrics:\n    - type: External\n      external:\n        metric: {name: queue_depth}\n        target: {type: AverageValue, averageValue: "30"}\n'),
    );
    expect(findingsOf(report, 'vpa-hpa-conflict')).toEqual([]);
  });

  it('GIVEN an HPA naming the right kind and name but another API group WHEN checked THEN the target is reported as missing', () => {
    const report = checkYaml(deploymentYaml('api') + hpa('', 'argoproj.io/v1alpha1'));
    expectFindings(report, 'hpa-target-exists', [{ object: 'HorizontalPodAutoscaler shop/api', path: 'spec.scaleTargetRef.apiVersion', message: 'has apiVersion "argoproj.io/v1alpha1"' }]);
  });
});
