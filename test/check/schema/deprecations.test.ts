/** Removed and deprecated apiVersions are refused and name their replacement. */
import { describe, expect, it } from 'vitest';
import { check, manifest } from './manifest';

describe('a removed apiVersion', () => {
  it.each([
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1'],
    ['extensions/v1beta1', 'Ingress', 'networking.k8s.io/v1'],
    ['extensions/v1beta1', 'Deployment', 'apps/v1'],
    ['apps/v1beta2', 'StatefulSet', 'apps/v1'],
    ['batch/v1beta1', 'CronJob', 'batch/v1'],
    ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', 'autoscaling/v2'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2'],
    ['networking.k8s.io/v1beta1', 'Ingress', 'networking.k8s.io/v1'],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', 'rbac.authorization.k8s.io/v1'],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io/v1'],
    ['autoscaling.k8s.io/v1beta2', 'VerticalPodAutoscaler', 'autoscaling.k8s.io/v1'],
  ])('refuses %s %s and names %s', (apiVersion, kind, replacement) => {
    // GIVEN an object on a removed/deprecated API
    const violations = check(`{apiVersion: ${apiVersion}, kind: ${kind}, metadata: {name: x}, spec: {}}`);
    // THEN exactly one deprecated-api-version error at apiVersion, naming the replacement
    expect(violations).toEqual([expect.objectContaining({ check: 'deprecated-api-version', severity: 'error', path: ['apiVersion'] })]);
    expect(violations[0]!.message).toContain(`\`${apiVersion}\``);
    expect(violations[0]!.message).toContain(`use \`${replacement}\``);
    expect(violations[0]!.hint).toContain(`Change apiVersion to \`${replacement}\``);
  });

  it('says when there is no replacement API (PodSecurityPolicy)', () => {
    const [violation] = check(`{apiVersion: policy/v1beta1, kind: PodSecurityPolicy, metadata: {name: x}}`);
    expect(violation).toMatchObject({ check: 'deprecated-api-version', severity: 'error' });
    expect(violation!.hint).toContain('Pod Security Admission');
  });

  it('explains where the kinds of a whole removed group went', () => {
    const [violation] = check(`{apiVersion: extensions/v1beta1, kind: Scale, metadata: {name: x}}`);
    expect(violation).toMatchObject({ check: 'deprecated-api-version', severity: 'error' });
    expect(violation!.hint).toContain('apps/v1');
    expect(violation!.hint).toContain('networking.k8s.io/v1');
  });

  it('passes the current apiVersions of the same kinds', () => {
    expect(check(`{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: x}, spec: {minAvailable: 1, selector: {matchLabels: {a: b}}}}`)).toEqual([]);
    expect(
      check(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: x}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}
`),
    ).toEqual([]);
  });

  it('validates flowcontrol v1, the replacement of v1beta3, with the 1.28 shape', () => {
    expect(
      check(`{apiVersion: flowcontrol.apiserver.k8s.io/v1, kind: FlowSchema, metadata: {name: x}, spec: {priorityLevelConfiguration: {name: workload-low}, matchingPrecedence: 1000}}`),
    ).toEqual([]);
  });
});

describe('a deprecated CRD apiVersion that still has a schema', () => {
  it('warns about external-secrets.io/v1beta1, which the bundled upstream CRD (v2.9.0) no longer serves', () => {
    // GIVEN a v1beta1 ExternalSecret with a typo
    const violations = check(`
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: db}
spec:
  secretStoreRef: {name: vault, kind: ClusterSecretStore}
  data: [{secretKey: password, remoteRef: {key: db, propery: password}}]
`);
    // THEN a warning to move to v1, and no schema for it (pass its CRD with --crds to validate it)
    expect(violations).toEqual([
      expect.objectContaining({ check: 'deprecated-api-version', severity: 'warning', path: ['apiVersion'] }),
      expect.objectContaining({ check: 'schema-unknown-kind', severity: 'warning', path: ['kind'] }),
    ]);
  });
});

describe('the declared severity of deprecated-api-version', () => {
  it('GIVEN --list-checks WHEN deprecated-api-version is listed THEN it is an error, like the removed APIs it mostly reports', async () => {
    const { ALL_CHECKS } = await import('../../../lib/check/checks/index');
    expect(ALL_CHECKS.find((c) => c.id === 'deprecated-api-version')?.severity).toBe('error');
    // only the few merely-deprecated APIs (external-secrets.io/v1beta1) lower a finding to a warning
    const { DEPRECATIONS } = await import('../../../lib/check/schema/deprecations');
    expect(DEPRECATIONS.filter((d) => d.severity === 'warning').map((d) => d.apiVersion)).toEqual(['external-secrets.io/v1beta1']);
  });

  it('GIVEN the whole gate on a v1beta1 ExternalSecret WHEN checked THEN the finding is still a warning and passes', async () => {
    const { checkManifests } = await import('../../../lib/check/engine');
    const report = checkManifests([
      manifest(`
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: db, namespace: shop}
spec:
  secretStoreRef: {name: vault, kind: ClusterSecretStore}
  target: {name: db}
  data: [{secretKey: password, remoteRef: {key: db, property: password}}]
`),
    ]);
    expect(report.findings.filter((f) => f.check === 'deprecated-api-version').map((f) => f.severity)).toEqual(['warning']);
  });
});
