/** The gate as a whole: a compliant stack is clean, foreign YAML is judged, results are stable. */
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, POLICY_CHECKS, policyChecks, PRODUCTION_CHECKS } from '../../lib/check/checks/index';
import { checkManifests } from '../../lib/check/engine';
import { loadPaths, manifestsFromObjects } from '../../lib/check/load';
import { checkPaths, checkPathsForProduction, expectFindings, findingsOf, fixture, passFixtureOf } from './helpers';

describe('a fully compliant stack', () => {
  it('GIVEN the compliant example stack WHEN the whole gate runs THEN there are zero findings', () => {
    const report = checkPaths(fixture('compliant'));
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.object} [${f.check}] ${f.message}`)).toEqual([]);
    expect(report.summary).toMatchObject({ files: 4, errors: 0, warnings: 0, waived: 0 });
    expect(report.summary.objects).toBeGreaterThanOrEqual(19);
    expect(report.passed).toBe(true);
  });

  it('GIVEN the same objects in memory (as the synth holds them) WHEN checked THEN there are zero findings too', () => {
    const objects = loadPaths([fixture('compliant')]).manifests.map((m) => m.object);
    expect(checkManifests(manifestsFromObjects(objects, 'dist/dev/all.yaml')).findings).toEqual([]);
  });
});

describe('foreign YAML (a tutorial-style nginx Deployment, Service and Ingress in one .yml file)', () => {
  const report = checkPaths(fixture('foreign'));
  const deployment = 'Deployment default/nginx-deployment';

  it('GIVEN the foreign file WHEN checked THEN the run fails', () => {
    expect(report.passed).toBe(false);
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set([fixture('foreign', 'nginx.yml')]));
  });

  it('GIVEN the image "nginx" WHEN checked THEN image-tag says it means :latest', () => {
    expectFindings(report, 'image-tag', [{ object: deployment, path: 'spec.template.spec.containers[0].image', line: 21, message: 'without a tag' }]);
  });

  it('GIVEN the literal ADMIN_PASSWORD WHEN checked THEN env-var-secret reports it', () => {
    expectFindings(report, 'env-var-secret', [{ object: deployment, path: 'spec.template.spec.containers[0].env[0].value', line: 26 }]);
  });

  it('GIVEN a liveness probe on 8080 while the container declares 80 WHEN checked THEN probe-port notes it (Kubernetes accepts an undeclared number)', () => {
    expectFindings(report, 'probe-port', [{ object: deployment, message: 'livenessProbe uses port 8080, which the container does not declare (it declares 80)' }]);
  });

  it('GIVEN a Service targeting the named port "http" nobody declares WHEN checked THEN service-target-port reports it', () => {
    expectFindings(report, 'service-target-port', [{ object: 'Service default/nginx-service', path: 'spec.ports[0].targetPort', line: 43 }]);
  });

  it('GIVEN an Ingress to port 8080 of a Service that has 80, without TLS WHEN checked THEN both are reported', () => {
    expectFindings(report, 'ingress-backend', [{ object: 'Ingress default/nginx-ingress', message: 'backend port 8080 is not a port of Service nginx-service' }]);
    expectFindings(report, 'ingress-tls', [{ object: 'Ingress default/nginx-ingress', path: 'spec.tls' }]);
  });

  it('GIVEN a NodePort Service WHEN checked THEN exposed-service is a warning, not an error', () => {
    expect(findingsOf(report, 'exposed-service').map((f) => f.severity)).toEqual(['warning']);
  });

  it('GIVEN 3 replicas with nothing else WHEN checked THEN the pod security, PDB and spreading checks all speak up', () => {
    for (const check of ['pss-run-as-non-root', 'pss-seccomp', 'pss-capabilities', 'read-only-root-fs', 'pdb-required', 'replica-spread', 'namespace-default-deny']) {
      expect(findingsOf(report, check).length, check).toBeGreaterThan(0);
    }
  });
});

describe('determinism', () => {
  it('GIVEN the same manifests in another order WHEN checked THEN the findings are identical and sorted by file, line, check', () => {
    const { manifests } = loadPaths([fixture('foreign'), fixture('pdb-required', 'fail.yaml'), fixture('ingress-tls', 'fail.yaml')]);
    const forward = checkManifests(manifests).findings;
    const backward = checkManifests([...manifests].reverse()).findings;
    expect(backward).toEqual(forward);
    const keys = forward.map((f) => [f.file, f.line, f.check] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)));
    expect(keys).toEqual(sorted);
  });
});

describe('the registry', () => {
  it('GIVEN every check WHEN listed THEN ids are unique kebab-case with a description, a hint and a rationale', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of ALL_CHECKS) {
      expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(check.description.length, check.id).toBeGreaterThan(10);
      expect(check.hint.length, check.id).toBeGreaterThan(5);
      expect(check.rationale.length, check.id).toBeGreaterThan(10);
    }
  });

  it('GIVEN every policy and waiver check WHEN its fixtures are checked THEN the fail fixture triggers it and the pass fixture does not', () => {
    // The per-group test files assert the exact findings; this guards that no check id is left without a pair.
    // The input findings (input-error, input-skipped) are about files, not objects: test/check/input-formats.test.ts.
    for (const check of ALL_CHECKS.filter((c) => c.group !== 'schema' && c.group !== 'input')) {
      const gate = PRODUCTION_CHECKS.some((c) => c.id === check.id) ? checkPathsForProduction : checkPaths;
      const failed = gate(fixture(check.id, 'fail.yaml'));
      expect(findingsOf(failed, check.id).length, `${check.id}/fail.yaml`).toBeGreaterThan(0);
      expect(findingsOf(gate(passFixtureOf(check.id)), check.id), `pass fixture of ${check.id}`).toEqual([]);
    }
    expect(POLICY_CHECKS.length).toBeGreaterThan(60);
  });
});

describe('robustness against malformed objects', () => {
  it('GIVEN objects whose fields have the wrong shapes WHEN checked THEN no check crashes (the schema check reports them)', () => {
    const garbage: unknown[] = [5, 'x', null, [], [1, 'a', null], { a: 1 }, true];
    const kinds = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'PodTemplate', 'Job', 'CronJob', 'Service', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'VerticalPodAutoscaler', 'ScaledObject', 'TriggerAuthentication', 'ServiceMonitor', 'PrometheusRule', 'Role', 'ClusterRoleBinding', 'Secret', 'ConfigMap', 'Namespace', 'ServiceAccount'];
    const apiVersions: Record<string, string> = {
      Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1', Ingress: 'networking.k8s.io/v1',
      NetworkPolicy: 'networking.k8s.io/v1', PodDisruptionBudget: 'policy/v1', HorizontalPodAutoscaler: 'autoscaling/v2',
      VerticalPodAutoscaler: 'autoscaling.k8s.io/v1', ScaledObject: 'keda.sh/v1alpha1', TriggerAuthentication: 'keda.sh/v1alpha1', ServiceMonitor: 'monitoring.coreos.com/v1', PrometheusRule: 'monitoring.coreos.com/v1',
      Role: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
    };
    const objects: Record<string, unknown>[] = [];
    for (const kind of kinds) {
      for (const value of garbage) {
        const apiVersion = apiVersions[kind] ?? 'v1';
        objects.push({ apiVersion, kind, metadata: value, spec: value, rules: value, data: value, roleRef: value });
        objects.push({ apiVersion, kind, metadata: { name: 'x', labels: value, annotations: value }, spec: { template: value, jobTemplate: value, selector: value, ports: value, rules: value, groups: value, podSelector: value, scaleTargetRef: value, targetRef: value, endpoints: value, tls: value, metrics: value, triggers: [value, { metadata: value, authenticationRef: value }], hashiCorpVault: { credential: value } } });
        objects.push({ apiVersion, kind, metadata: { name: 'y' }, spec: { template: { metadata: value, spec: { containers: value, initContainers: [value], volumes: [value], securityContext: value } }, groups: [{ name: 'g', rules: [value, { alert: value, expr: value, labels: value }] }] } });
        objects.push({ apiVersion, kind, metadata: { name: 'z' }, spec: { containers: [{ name: 'c', securityContext: value, ports: value, env: [value, { name: value, value }], livenessProbe: { httpGet: value }, resources: value, image: value }] } });
      }
    }
    for (const value of garbage) objects.push({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'c' }, spec: { instances: value, affinity: value, topologySpreadConstraints: value, enablePDB: value } });
    expect(() => checkManifests(manifestsFromObjects(objects), { checks: policyChecks({ production: true }) })).not.toThrow();
  });
});
