/** The production check: no serving or data workload goes down with one node (or one declared zone). */
import { describe, expect, it } from 'vitest';
import { runCheckCli } from '../../lib/check/cli';
import { policyChecks } from '../../lib/check/checks/index';
import { checkManifests } from '../../lib/check/engine';
import { parseManifests } from '../../lib/check/load';
import { checkPaths, checkPathsForProduction, expectFindings, findingsOf, fixture } from './helpers';

const CHECK = 'single-point-of-failure';

function checkProductionYaml(text: string) {
  const parsed = parseManifests(text, 'inline.yaml');
  expect(parsed.errors).toEqual([]);
  return checkManifests(parsed.manifests, { checks: policyChecks({ production: true }) });
}

const service = (name: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const deployment = (name: string, replicas: number, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${podSpec}      containers: [{name: app, image: "app:1.0.0"}]
`;

const hostnameSpread = (name: string, when = 'DoNotSchedule', skew = 1) => `      topologySpreadConstraints:
        - {maxSkew: ${skew}, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ${when}, labelSelector: {matchLabels: {app: ${name}}}}
`;

const cluster = (spec: string) => `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: db, namespace: shop}
spec:
  storage: {size: 1Gi}
${spec}`;

describe('fixtures', () => {
  it('GIVEN single-point-of-failure/fail.yaml WHEN checked for production THEN each weak workload is named with what is missing', () => {
    const report = checkPathsForProduction(fixture(CHECK, 'fail.yaml'));
    expectFindings(report, CHECK, [
      { object: 'Deployment shop/web', path: 'spec.replicas', message: /serves Service web.*runs 1 replica.*nothing keeps two of its pods off the same node.*no PodDisruptionBudget/ },
      { object: 'StatefulSet shop/cache', path: 'spec.template.spec.topologySpreadConstraints', message: 'stores data (volumeClaimTemplates)' },
      { object: 'StatefulSet shop/cache', message: 'only preferred' },
      { object: 'Deployment shop/api', message: 'zone spread allows maxSkew 3 with 3 pods' },
      { object: 'Cluster shop/db', path: 'spec.instances', message: /runs 1 instance; spec.affinity.podAntiAffinityType is "preferred" \(the default\)/ },
    ]);
    expect(findingsOf(report, CHECK)).toHaveLength(4);
  });

  it('GIVEN single-point-of-failure/pass.yaml WHEN checked for production THEN it reports nothing (a lone worker and a metrics-only Service are out of scope)', () => {
    expect(findingsOf(checkPathsForProduction(fixture(CHECK, 'pass.yaml')), CHECK)).toEqual([]);
  });

  it('GIVEN the fail fixture WHEN checked without --production THEN the check does not run', () => {
    expect(findingsOf(checkPaths(fixture(CHECK, 'fail.yaml')), CHECK)).toEqual([]);
  });
});

describe('replicas', () => {
  it('GIVEN an HPA that may scale a served Deployment down to 1 WHEN checked THEN the HPA minReplicas is the fix', () => {
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
`;
    const report = checkProductionYaml([service('web'), deployment('web', 3, hostnameSpread('web')), hpa].join('---\n'));
    const [finding] = findingsOf(report, CHECK);
    expect(finding?.message).toContain('its HorizontalPodAutoscaler may scale it down to 1 pod');
    expect(finding?.hint).toContain('set the HPA minReplicas to 2 or more');
  });

  it('GIVEN 2 replicas and a hard hostname spread WHEN checked THEN it passes (the PDB is pdb-required\'s to judge)', () => {
    const report = checkProductionYaml([service('web'), deployment('web', 2, hostnameSpread('web'))].join('---\n'));
    expect(findingsOf(report, CHECK)).toEqual([]);
    expect(findingsOf(report, 'pdb-required')).toHaveLength(1);
  });
});

describe('spreading over nodes', () => {
  it('GIVEN a ScheduleAnyway hostname spread WHEN checked THEN it does not count', () => {
    const report = checkProductionYaml([service('web'), deployment('web', 3, hostnameSpread('web', 'ScheduleAnyway'))].join('---\n'));
    expectFindings(report, CHECK, [{ object: 'Deployment shop/web', message: 'only preferred' }]);
  });

  it('GIVEN a hostname spread whose maxSkew is the replica count WHEN checked THEN every pod may still share one node', () => {
    const report = checkProductionYaml([service('web'), deployment('web', 2, hostnameSpread('web', 'DoNotSchedule', 2))].join('---\n'));
    expectFindings(report, CHECK, [{ object: 'Deployment shop/web', message: 'nothing keeps two of its pods off the same node' }]);
  });

  it('GIVEN a spread whose selector matches other pods WHEN checked THEN it does not spread this workload', () => {
    const report = checkProductionYaml([service('web'), deployment('web', 3, hostnameSpread('api'))].join('---\n'));
    expect(findingsOf(report, CHECK)).toHaveLength(1);
  });
});

describe('CloudNativePG Cluster', () => {
  it('GIVEN 3 instances with the default (preferred) anti-affinity WHEN checked THEN required is asked for', () => {
    const report = checkProductionYaml(cluster('  instances: 3\n'));
    expectFindings(report, CHECK, [{ object: 'Cluster shop/db', path: 'spec.affinity', message: '"preferred" (the default)' }]);
    expect(findingsOf(report, CHECK)[0]?.hint).toContain('podAntiAffinityType: required');
  });

  it('GIVEN 3 instances spread by a hard hostname topology constraint WHEN checked THEN it passes', () => {
    const spread = '  instances: 3\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {cnpg.io/cluster: db}}}\n';
    expect(findingsOf(checkProductionYaml(cluster(spread)), CHECK)).toEqual([]);
  });

  it('GIVEN anti-affinity switched off and the PDBs disabled WHEN checked THEN both are named', () => {
    const report = checkProductionYaml(cluster('  instances: 3\n  enablePDB: false\n  affinity: {enablePodAntiAffinity: false}\n'));
    expectFindings(report, CHECK, [{ object: 'Cluster shop/db', message: /enablePodAntiAffinity is false.*enablePDB is false/ }]);
  });
});

describe('objects this project rendered, and waivers', () => {
  const rendered = deployment('web', 1).replace('metadata: {name: web, namespace: shop}', 'metadata: {name: web, namespace: shop, labels: {app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s-stack}}');

  it('GIVEN a Deployment labelled managed-by cdk8s-stack WHEN reported THEN the hint names the overlay keys', () => {
    const [finding] = findingsOf(checkProductionYaml([service('web'), rendered].join('---\n')), CHECK);
    expect(finding?.hint).toContain('services.web.waive.single-point-of-failure');
  });

  it('GIVEN a waiver annotation with a reason WHEN checked THEN the finding is waived and the run passes that check', () => {
    const waived = rendered.replace('labels: {', 'annotations: {cdk8s-stack.dev/waive.single-point-of-failure: "HA lands later"}, labels: {');
    const [finding] = findingsOf(checkProductionYaml([service('web'), waived].join('---\n')), CHECK);
    expect(finding?.waived).toEqual({ reason: 'HA lands later' });
  });

  it('GIVEN the waiver on an input checked without --production THEN the check id is still known (no waiver-unknown-check)', () => {
    const waived = rendered.replace('labels: {', 'annotations: {cdk8s-stack.dev/waive.single-point-of-failure: "HA lands later"}, labels: {');
    const parsed = parseManifests([service('web'), waived].join('---\n'), 'inline.yaml');
    expect(findingsOf(checkManifests(parsed.manifests), 'waiver-unknown-check')).toEqual([]);
  });
});

describe('the command line', () => {
  function run(args: string[]) {
    let stdout = '';
    const code = runCheckCli(args, { stdout: (text) => (stdout += text), stderr: () => undefined });
    return { code, stdout };
  }

  it('GIVEN --production WHEN the fail fixture is checked THEN the findings are printed and the exit code is 1', () => {
    const { code, stdout } = run(['--production', fixture(CHECK, 'fail.yaml')]);
    expect(code).toBe(1);
    expect(stdout).toContain('single-point-of-failure');
  });

  it('GIVEN --list-checks WHEN listed THEN the production check is among them', () => {
    expect(run(['--list-checks']).stdout).toMatch(/^single-point-of-failure\s+error\s+policy\s+Production only/m);
  });
});
