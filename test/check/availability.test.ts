/** PDBs, spreading and priority: availability through drains and pressure. */
import { describe, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings } from './helpers';
import { deploymentYaml, shopYaml } from './yaml-objects';

describeCheckCases({
  'pdb-required': [
    ['Deployment shop/web', 'spec.replicas', 'it runs 3 replicas but no PodDisruptionBudget'],
    ['Deployment shop/api', 'spec.replicas', '2 PodDisruptionBudgets select its pods (api, api-extra)'],
  ],
  'pdb-allows-eviction': [
    ['PodDisruptionBudget shop/web', 'spec.maxUnavailable', 'maxUnavailable is 0, so no pod may ever be evicted'],
    ['PodDisruptionBudget shop/api', 'spec.minAvailable', 'minAvailable 2 needs 2 of the 2 pods of Deployment api'],
    ['PodDisruptionBudget shop/spanning', 'spec.minAvailable', 'minAvailable 4 needs 4 of the 4 pods it selects (Deployment spanning-a: 2, Deployment spanning-b: 2)'],
  ],
  'replica-spread': [
    ['Deployment shop/web', 'spec.template.spec.topologySpreadConstraints', 'it runs 3 replicas'],
    ['Deployment shop/api', 'spec.template.spec.topologySpreadConstraints', 'selects its own pods'],
  ],
  'priority-class': [
    ['Deployment shop/web', 'spec.template.spec.priorityClassName', 'sets no priorityClassName'],
    ['Deployment shop/api', 'spec.template.spec.priorityClassName', '"critical" names no PriorityClass'],
  ],
});

describe('replicas decided by an HPA', () => {
  const deployment = deploymentYaml('api');
  const hpa = (min: number) =>
    shopYaml('autoscaling/v2', 'HorizontalPodAutoscaler', 'api', `scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\nminReplicas: ${min}\nmaxReplicas: 10`);
  const pdb = (minAvailable: string) => shopYaml('policy/v1', 'PodDisruptionBudget', 'api', `minAvailable: ${minAvailable}\nselector: {matchLabels: {app: api}}`);

  it('GIVEN a Deployment without replicas whose HPA keeps at least 3 WHEN checked THEN it needs a PDB and spreading', () => {
    const report = checkYaml(`${deployment}---\n${hpa(3)}`);
    expectFindings(report, 'pdb-required', [{ object: 'Deployment shop/api', message: 'HorizontalPodAutoscaler api keeps at least 3 replicas' }]);
    expectFindings(report, 'replica-spread', [{ object: 'Deployment shop/api' }]);
  });

  it('GIVEN an HPA minimum of 2 and a PDB with minAvailable 2 WHEN checked THEN the PDB blocks eviction at the minimum scale', () => {
    const report = checkYaml(`${deployment}---\n${hpa(2)}---\n${pdb('2')}`);
    expectFindings(report, 'pdb-allows-eviction', [{ object: 'PodDisruptionBudget shop/api', message: 'needs 2 of the 2 pods' }]);
  });

  it('GIVEN minAvailable "100%" WHEN checked THEN it is reported whatever the replica count', () => {
    const report = checkYaml(pdb('"100%"'));
    expectFindings(report, 'pdb-allows-eviction', [{ object: 'PodDisruptionBudget shop/api', path: 'spec.minAvailable', message: '"100%"' }]);
  });
});
