/** PDBs, spreading and priority: availability through drains and pressure. */
import { describe, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings } from './helpers';

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
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1.0.0}]
`;
  const hpa = (min: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: ${min}
  maxReplicas: 10
`;

  it('GIVEN a Deployment without replicas whose HPA keeps at least 3 WHEN checked THEN it needs a PDB and spreading', () => {
    const report = checkYaml(`${deployment}---\n${hpa(3)}`);
    expectFindings(report, 'pdb-required', [{ object: 'Deployment shop/api', message: 'HorizontalPodAutoscaler api keeps at least 3 replicas' }]);
    expectFindings(report, 'replica-spread', [{ object: 'Deployment shop/api' }]);
  });

  it('GIVEN an HPA minimum of 2 and a PDB with minAvailable 2 WHEN checked THEN the PDB blocks eviction at the minimum scale', () => {
    const pdb = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: api}}
`;
    const report = checkYaml(`${deployment}---\n${hpa(2)}---\n${pdb}`);
    expectFindings(report, 'pdb-allows-eviction', [{ object: 'PodDisruptionBudget shop/api', message: 'needs 2 of the 2 pods' }]);
  });

  it('GIVEN minAvailable "100%" WHEN checked THEN it is reported whatever the replica count', () => {
    const report = checkYaml(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  minAvailable: "100%"
  selector: {matchLabels: {app: api}}
`);
    expectFindings(report, 'pdb-allows-eviction', [{ object: 'PodDisruptionBudget shop/api', path: 'spec.minAvailable', message: '"100%"' }]);
  });
});
