/** Argo Rollouts releases the gate can vouch for: Services, analysis templates, PromQL, known series; Rollout pods held to every pod rule. */
import { describe, expect, it } from 'vitest';
import { selectedMetricNames } from '../../lib/check/checks/rollouts';
import { checkPaths, checkYaml, describeCheckCases, expectFindings, findingsOf, fixture } from './helpers';

describeCheckCases({
  'rollout-services': [
    ['Rollout shop/api', 'spec.strategy.canary.stableService', 'stableService "api-stable" is not a Service in namespace "shop"'],
    ['Rollout shop/api', 'spec.strategy.canary.canaryService', 'canaryService "api-canary" has selector app.kubernetes.io/name=web, which does not match the Rollout\'s pod labels'],
    ['Rollout shop/shop', 'spec.strategy.blueGreen.previewService', 'previewService "shop-preview" is not a Service in namespace "shop"'],
  ],
  'rollout-analysis-template': [
    ['Rollout shop/api', 'spec.strategy.canary.steps[1].analysis.templates[0].templateName', 'templateName "api-release" is not an AnalysisTemplate in namespace "shop"'],
    ['Rollout shop/api', 'spec.strategy.canary.steps[3].analysis.templates[0].templateName', 'templateName "api-slo" is not an ClusterAnalysisTemplate'],
  ],
  'analysis-promql': [
    ['AnalysisTemplate shop/api-release', 'spec.metrics[0].provider.prometheus.query', 'metric "error-ratio": the query does not parse'],
    ['AnalysisTemplate shop/api-release', 'spec.metrics[1].provider.prometheus.query', 'metric "latency-p99": the query is invalid'],
  ],
  'analysis-known-metrics': [
    ['AnalysisTemplate shop/api-release', 'spec.metrics[0].provider.prometheus.query', 'metric "error-ratio": "http_request_total" is neither recorded nor read by any PrometheusRule'],
    ['AnalysisTemplate shop/api-release', 'spec.metrics[1].provider.prometheus.query', 'metric "latency-p99": "http_request_duration_seconds" is neither recorded'],
  ],
});

describe('a Rollout', () => {
  const report = checkPaths(fixture('pod-bearing-kinds', 'rollout.yaml'));
  const rollout = 'Rollout shop/canary';
  const container = 'spec.template.spec.containers[0]';

  it('GIVEN hostNetwork, privileged, runAsUser 0 and nginx:latest WHEN checked THEN every pod rule a Deployment gets reports it', () => {
    expectFindings(report, 'pss-host-namespaces', [{ object: rollout, path: 'spec.template.spec.hostNetwork' }]);
    expectFindings(report, 'pss-privileged', [{ object: rollout, path: `${container}.securityContext.privileged` }]);
    expectFindings(report, 'pss-run-as-user', [{ object: rollout }]);
    expectFindings(report, 'image-tag', [{ object: rollout, path: `${container}.image` }]);
    for (const check of ['pss-run-as-non-root', 'pss-seccomp', 'read-only-root-fs', 'resource-requests', 'liveness-probe', 'priority-class']) {
      expect(findingsOf(report, check).map((f) => f.object), check).toContain(rollout);
    }
  });

  it('GIVEN 3 replicas without PDB, spreading or NetworkPolicy WHEN checked THEN the cross-object checks treat it like a Deployment', () => {
    expectFindings(report, 'pdb-required', [{ object: rollout, path: 'spec.replicas' }]);
    expectFindings(report, 'replica-spread', [{ object: rollout }]);
    expectFindings(report, 'pod-network-policy', [{ object: rollout }]);
  });
});

describe('selectedMetricNames', () => {
  it('finds metric names and __name__ matchers, not label values or functions', () => {
    expect(selectedMetricNames('sum(rate(a_total{job="b"}[5m])) / {__name__="c"} + histogram_quantile(0.9, d_bucket)').map((m) => m.name)).toEqual(['a_total', 'c', 'd_bucket']);
  });
});

describe('Rollout and AnalysisTemplate schemas (the vendored Argo Rollouts v1.9.1 CRDs)', () => {
  it('GIVEN a Rollout and an AnalysisTemplate with a misspelt field each WHEN checked THEN the unknown fields are refused', () => {
    const report = checkYaml(
      [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata: {name: api, namespace: shop}',
        'spec:',
        '  selector: {matchLabels: {app: api}}',
        '  strategy:',
        '    canary:',
        '      steps: [{setWeigth: 10}]',
        '  template:',
        '    metadata: {labels: {app: api}}',
        '    spec: {containers: [{name: api, image: "ghcr.io/acme/api:1.0.0"}]}',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: AnalysisTemplate',
        'metadata: {name: api-release, namespace: shop}',
        'spec:',
        '  metrics:',
        '    - name: up',
        '      succesCondition: "result[0] == 1"',
        '      provider: {prometheus: {address: "http://prometheus-operated.monitoring.svc:9090", query: up}}',
      ].join('\n'),
    );
    expectFindings(report, 'schema-unknown-field', [
      { object: 'Rollout shop/api', path: 'spec.strategy.canary.steps[0].setWeigth' },
      { object: 'AnalysisTemplate shop/api-release', path: 'spec.metrics[0].succesCondition' },
    ]);
  });
});
