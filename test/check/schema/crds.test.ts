/** Custom resources against their CRD schemas, strictly. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check, checkObject } from './manifest';

/** A valid object of each CRD kind, and a path where a typo goes. */
const VALID: ReadonlyArray<readonly [string, string, readonly (string | number)[]]> = [
  [
    'ServiceMonitor',
    `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, labels: {release: prometheus}}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  namespaceSelector: {matchNames: [shop]}
  endpoints:
    - port: http
      path: /metrics
      interval: 30s
      scrapeTimeout: 10s
      relabelings: [{action: replace, sourceLabels: [__meta_kubernetes_pod_node_name], targetLabel: node}]
`,
    ['spec', 'endpoints', 0],
  ],
  [
    'PodMonitor',
    `
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  podMetricsEndpoints: [{port: metrics, interval: 1m}]
`,
    ['spec', 'podMetricsEndpoints', 0],
  ],
  [
    'PrometheusRule',
    `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: web}
spec:
  groups:
    - name: web.rules
      interval: 1m
      rules:
        - alert: WebDown
          expr: up{job="web"} == 0
          for: 5m
          labels: {severity: page}
          annotations: {summary: web is down, runbook_url: "https://runbooks/web"}
        - record: job:http_requests:rate5m
          expr: sum by (job) (rate(http_requests_total[5m]))
`,
    ['spec', 'groups', 0, 'rules', 0],
  ],
  [
    'Application',
    `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: shop, namespace: argocd, finalizers: [resources-finalizer.argocd.argoproj.io]}
spec:
  project: default
  source:
    repoURL: https://git.example.com/deploy.git
    targetRevision: main
    path: dist/prod
    directory: {recurse: true}
  destination: {server: https://kubernetes.default.svc, namespace: shop}
  syncPolicy:
    automated: {prune: true, selfHeal: true}
    syncOptions: [CreateNamespace=true, ServerSideApply=true]
    retry: {limit: 5, backoff: {duration: 5s, factor: 2, maxDuration: 3m}}
  ignoreDifferences: [{group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}]
`,
    ['spec', 'syncPolicy'],
  ],
  [
    'AppProject',
    `
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: shop, namespace: argocd}
spec:
  description: the shop
  sourceRepos: [https://git.example.com/deploy.git]
  destinations: [{server: https://kubernetes.default.svc, namespace: shop}]
  clusterResourceWhitelist: [{group: "", kind: Namespace}]
`,
    ['spec'],
  ],
  [
    'ApplicationSet',
    `
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: shop, namespace: argocd}
spec:
  goTemplate: true
  generators:
    - list: {elements: [{env: staging}, {env: prod}]}
  template:
    metadata: {name: "shop-{{.env}}"}
    spec:
      project: default
      source: {repoURL: https://git.example.com/deploy.git, targetRevision: main, path: "dist/{{.env}}"}
      destination: {server: https://kubernetes.default.svc, namespace: shop}
`,
    ['spec', 'template', 'spec'],
  ],
  [
    'ExternalSecret',
    `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: web-db}
spec:
  refreshInterval: 1h
  secretStoreRef: {name: vault, kind: ClusterSecretStore}
  target: {name: web-db, creationPolicy: Owner, template: {type: Opaque, data: {url: "postgres://{{ .user }}@db"}}}
  data: [{secretKey: password, remoteRef: {key: shop/db, property: password}}]
  dataFrom: [{extract: {key: shop/common}}]
`,
    ['spec', 'data', 0, 'remoteRef'],
  ],
  [
    'SecretStore',
    `
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault}
spec:
  provider:
    vault:
      server: https://vault.example.com
      path: secret
      version: v2
      auth: {kubernetes: {mountPath: kubernetes, role: shop}}
`,
    ['spec', 'provider', 'vault'],
  ],
  [
    'ClusterSecretStore',
    `
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata: {name: aws}
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth: {jwt: {serviceAccountRef: {name: external-secrets, namespace: external-secrets}}}
`,
    ['spec', 'provider', 'aws'],
  ],
  [
    'VerticalPodAutoscaler',
    `
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: web}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  updatePolicy: {updateMode: "Off"}
  resourcePolicy:
    containerPolicies:
      - {containerName: "*", controlledResources: [cpu, memory], minAllowed: {cpu: 50m, memory: 64Mi}, maxAllowed: {cpu: 2, memory: 2Gi}}
`,
    ['spec', 'resourcePolicy', 'containerPolicies', 0],
  ],
];

function at(object: Record<string, any>, path: readonly (string | number)[]): Record<string, any> {
  return path.reduce<any>((node, key) => node[key], object);
}

describe.each(VALID)('%s', (kind, yaml, typoParent) => {
  it('passes when valid', () => {
    // GIVEN a valid object of the kind WHEN validated THEN no violation
    expect(check(yaml)).toEqual([]);
  });

  it('reports an unknown field at its path', () => {
    // GIVEN the same object with an unknown key
    const object = parse(yaml);
    at(object, typoParent).bogusField = 'x';
    // THEN schema-unknown-field names that key
    const violations = checkObject(object);
    expect(violations).toEqual([expect.objectContaining({ check: 'schema-unknown-field', path: [...typoParent, 'bogusField'] })]);
    expect(violations[0]!.message).toContain(kind);
  });
});

describe('CRD constraints beyond field names', () => {
  it('suggests the intended field of a ServiceMonitor endpoint', () => {
    const object = parse(VALID[0]![1]);
    object.spec.endpoints[0].intervl = object.spec.endpoints[0].interval;
    delete object.spec.endpoints[0].interval;
    expect(checkObject(object)[0]!.message).toContain('did you mean `interval`?');
  });

  it('checks Prometheus durations against the operator pattern', () => {
    const object = parse(VALID[0]![1]);
    object.spec.endpoints[0].interval = '30 seconds';
    expect(checkObject(object)).toEqual([expect.objectContaining({ check: 'schema-constraint', path: ['spec', 'endpoints', 0, 'interval'] })]);
  });

  it('checks enums, integers and required fields of operator CRDs', () => {
    const object = parse(VALID[6]![1]);
    object.spec.target.creationPolicy = 'Sometimes';
    object.spec.data[0].remoteRef = {};
    const violations = checkObject(object);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-enum', ['spec', 'target', 'creationPolicy']],
        ['schema-required', ['spec', 'data', 0, 'remoteRef', 'key']],
      ]),
    );
    const sm = parse(VALID[0]![1]);
    sm.spec.sampleLimit = 1.5;
    expect(checkObject(sm)).toEqual([expect.objectContaining({ check: 'schema-type', path: ['spec', 'sampleLimit'] })]);
  });

  it('checks VerticalPodAutoscaler quantities and update modes', () => {
    const object = parse(VALID[9]![1]);
    object.spec.updatePolicy.updateMode = 'Sometimes';
    object.spec.resourcePolicy.containerPolicies[0].maxAllowed.cpu = '2cores';
    const violations = checkObject(object);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-enum', ['spec', 'updatePolicy', 'updateMode']],
        ['schema-quantity', ['spec', 'resourcePolicy', 'containerPolicies', 0, 'maxAllowed', 'cpu']],
      ]),
    );
    expect(violations).toHaveLength(2);
  });

  it('requires the VerticalPodAutoscaler targetRef', () => {
    expect(check(`{apiVersion: autoscaling.k8s.io/v1, kind: VerticalPodAutoscaler, metadata: {name: web}, spec: {}}`)).toEqual([
      expect.objectContaining({ check: 'schema-required', path: ['spec', 'targetRef'] }),
    ]);
  });

  it('leaves free-form fields open (Argo CD helm valuesObject)', () => {
    const object = parse(VALID[3]![1]);
    object.spec.source.helm = { valuesObject: { anything: { nested: [1, 'two'] } }, releaseName: 'shop' };
    expect(checkObject(object)).toEqual([]);
  });
});
