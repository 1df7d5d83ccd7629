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
  'one-autoscaler-per-target': [['ScaledObject shop/worker', 'spec.scaleTargetRef', 'Deployment worker is already scaled by HorizontalPodAutoscaler worker-cpu']],
  'scaledobject-target-exists': [['ScaledObject shop/worker', 'spec.scaleTargetRef.name', 'scaleTargetRef Deployment celery-worker does not exist in namespace "shop"']],
  'keda-trigger-authentication': [['ScaledObject shop/worker', 'spec.triggers[0].authenticationRef.name', 'authenticates with TriggerAuthentication redis-credentials, which does not exist']],
  'keda-literal-credentials': [
    ['ScaledObject shop/worker', 'spec.triggers[0].metadata.password', 'is a credential written in plain text'],
    ['ScaledObject shop/worker', 'spec.triggers[1].metadata.host', 'holds a URL with a password'],
    ['TriggerAuthentication shop/vault', 'spec.hashiCorpVault.credential.token', 'Vault token written in plain text'],
  ],
});

describe('KEDA ScaledObjects among the autoscalers', () => {
  const worker = deploymentYaml('worker');
  const scaledObject = (extra: string) =>
    `---\n${shopYaml('keda.sh/v1alpha1', 'ScaledObject', 'worker', `scaleTargetRef: {name: worker}\nminReplicaCount: 0\nmaxReplicaCount: 4\ntriggers:\n  - type: redis\n    metadata: {address: "redis.shop.svc:6379", listName: celery, listLength: "20"}`)}${extra}`;

  it('GIVEN two ScaledObjects on one Deployment WHEN checked THEN the second is reported', () => {
    const second = `---\n${shopYaml('keda.sh/v1alpha1', 'ScaledObject', 'worker-2', 'scaleTargetRef: {name: worker}\ntriggers:\n  - type: cron\n    metadata: {timezone: Etc/UTC, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "2"}')}`;
    expectFindings(checkYaml(worker + scaledObject('') + second), 'one-autoscaler-per-target', [{ object: 'ScaledObject shop/worker-2', message: 'already scaled by ScaledObject worker' }]);
  });

  it('GIVEN a ScaledObject and a Deployment that sets replicas WHEN checked THEN spec.replicas is reported as with an HPA', () => {
    const report = checkYaml(`${worker}  replicas: 3\n${scaledObject('')}`);
    expectFindings(report, 'hpa-target-no-replicas', [{ object: 'Deployment shop/worker', path: 'spec.replicas', message: 'but ScaledObject worker scales this Deployment' }]);
  });

  it('GIVEN a ScaledObject with a cpu trigger and a VPA in Auto mode WHEN checked THEN they conflict on cpu', () => {
    const vpa = `---\n${shopYaml('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', 'worker', 'targetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}')}`;
    const cpu = '    - type: cpu\n      metricType: Utilization\n      metadata: {value: "70"}\n';
    expectFindings(checkYaml(worker + scaledObject(cpu) + vpa), 'vpa-hpa-conflict', [{ object: 'VerticalPodAutoscaler shop/worker', message: 'which ScaledObject worker scales on via triggers[1] (cpu trigger)' }]);
  });

  it('GIVEN a ScaledObject on queues only and a VPA in Auto mode WHEN checked THEN the VPA may size cpu and memory', () => {
    const vpa = `---\n${shopYaml('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', 'worker', 'targetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}')}`;
    expect(findingsOf(checkYaml(worker + scaledObject('') + vpa), 'vpa-hpa-conflict')).toEqual([]);
  });

  it('GIVEN a ScaledObject or TriggerAuthentication with a field the upstream CRD does not define WHEN checked THEN the schema refuses it', () => {
    const report = checkYaml(worker + scaledObject('  maxReplicaCounts: 9\n') + `---\n${shopYaml('keda.sh/v1alpha1', 'TriggerAuthentication', 'worker-keda', 'secretTargetRef:\n  - {parameter: password, name: redis-auth, key: password, value: s3cr3t}')}`);
    const schema = report.findings.filter((f) => f.check.startsWith('schema'));
    expect(schema.map((f) => `${f.object} ${f.message}`).join('\n')).toMatch(/ScaledObject shop\/worker[^\n]*maxReplicaCounts/);
    expect(schema.map((f) => `${f.object} ${f.message}`).join('\n')).toMatch(/TriggerAuthentication shop\/worker-keda[^\n]*value/);
  });
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
