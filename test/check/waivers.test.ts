/** Waivers: annotated exceptions that are still listed, and must say why. */
import { describe, expect, it } from 'vitest';
import { checkYaml, describeCheckCases, findingsOf } from './helpers';

describeCheckCases({
  'waiver-without-reason': [['Service shop/web', 'metadata.annotations["cdk8s-stack.dev/waive.exposed-service"]', 'waiver for exposed-service gives no reason']],
  'waiver-unknown-check': [['Service shop/web', 'metadata.annotations["cdk8s-stack.dev/waive.exposed-services"]', 'names no known check "exposed-services"']],
  'waiver-unwaivable-check': [['Service shop/web', 'metadata.annotations["cdk8s-stack.dev/waive.schema-unknown-field"]', 'names schema-unknown-field, which cannot be waived']],
});

const privilegedPod = (annotations: string) => `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
  namespace: shop
  annotations:
${annotations}
spec:
  containers:
    - name: agent
      image: agent:1.0.0
      securityContext: {privileged: true}
`;

describe('applying waivers', () => {
  it('GIVEN a waiver with a reason WHEN checked THEN the finding is listed as waived with the reason and does not fail the run', () => {
    const report = checkYaml(privilegedPod('    cdk8s-stack.dev/waive.pss-privileged: "Node agent: needs raw access to the host network stack."'));
    const [finding] = findingsOf(report, 'pss-privileged');
    expect(finding?.waived).toEqual({ reason: 'Node agent: needs raw access to the host network stack.' });
    expect(findingsOf(report, 'waiver-without-reason')).toEqual([]);
    expect(report.summary.waived).toBeGreaterThanOrEqual(1);
    expect(report.findings.filter((f) => f.check === 'pss-privileged' && !f.waived)).toEqual([]);
  });

  it('GIVEN a waiver without a reason WHEN checked THEN it waives nothing and is itself an error', () => {
    const report = checkYaml(privilegedPod('    cdk8s-stack.dev/waive.pss-privileged: "   "'));
    expect(findingsOf(report, 'pss-privileged')[0]?.waived).toBeUndefined();
    expect(findingsOf(report, 'waiver-without-reason')).toHaveLength(1);
    expect(report.passed).toBe(false);
  });

  it('GIVEN only waived errors and warnings WHEN checked THEN the run passes', () => {
    const report = checkYaml(`apiVersion: v1
kind: Service
metadata:
  name: mqtt
  namespace: shop
  labels: {app.kubernetes.io/name: mqtt, app.kubernetes.io/part-of: shop, app.kubernetes.io/managed-by: cdk8s-stack}
spec:
  type: LoadBalancer
  ports: [{name: mqtt, port: 8883}]
`);
    expect(report.findings.map((f) => [f.check, f.severity])).toEqual([['exposed-service', 'warning']]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(report.passed).toBe(true);
  });

  it('GIVEN a waiver naming a schema check id WHEN checked THEN it is a known check, but one that cannot be waived', () => {
    const report = checkYaml(privilegedPod('    cdk8s-stack.dev/waive.schema-unknown-field: "Field understood by our admission webhook."'));
    expect(findingsOf(report, 'waiver-unknown-check')).toEqual([]);
    expect(findingsOf(report, 'waiver-unwaivable-check').map((f) => f.message)).toEqual([
      'waiver "cdk8s-stack.dev/waive.schema-unknown-field" names schema-unknown-field, which cannot be waived (the API server rejects the object regardless)',
    ]);
  });

  it.each([
    ['schema-unknown-field', 'spec:\n  replicas: 2\n  replicaz: 3'],
    ['deprecated-api-version', 'spec: {}'],
  ])('GIVEN an object waiving its own %s finding WHEN checked THEN the finding stays unwaived and the run fails', (check, spec) => {
    const kind = check === 'schema-unknown-kind' ? 'apiVersion: example.com/v1\nkind: Gizmo' : check === 'deprecated-api-version' ? 'apiVersion: apps/v1beta1\nkind: Deployment' : 'apiVersion: apps/v1\nkind: Deployment';
    const report = checkYaml(`${kind}
metadata:
  name: api
  namespace: shop
  annotations:
    cdk8s-stack.dev/waive.${check}: "The API server will accept it, trust me."
${spec}
`);
    const findings = findingsOf(report, check);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.waived === undefined)).toBe(true);
    expect(findingsOf(report, 'waiver-unwaivable-check')).toHaveLength(1);
    expect(report.passed).toBe(false);
  });
});
