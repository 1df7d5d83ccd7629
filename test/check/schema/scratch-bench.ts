import { parse } from 'yaml';
import { DEPLOYMENT } from './manifest-data';
const t0 = performance.now();
const { validateSchema } = await import('../../../lib/check/schema/index');
const t1 = performance.now();
const m = (text: string) => ({ file: 'x.yaml', docIndex: 0, line: 1, object: parse(text), lineOf: () => 1 });
const docs = [
DEPLOYMENT,
`apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}`,
`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}`,
`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}`,
`apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 5, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]}`,
`apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}`,
`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}], ports: [{port: 8080}]}]}`,
`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec: {rules: [{host: a.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}}]}`,
`apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: s, labels: {a: b}}\nspec: {selector: {matchLabels: {a: b}}, endpoints: [{port: http, interval: 30s, path: /metrics}]}`,
`apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec: {groups: [{name: g, rules: [{alert: A, expr: 'up == 0', for: 5m}]}]}`,
`apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: x}\nspec: {refreshInterval: 1h, secretStoreRef: {name: s, kind: ClusterSecretStore}, target: {name: t}, data: [{secretKey: k, remoteRef: {key: rk}}]}`,
`apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: s}\nspec: {targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, updatePolicy: {updateMode: "Off"}}`,
`apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd}\nspec: {project: default, source: {repoURL: 'https://git', path: p, targetRevision: HEAD}, destination: {server: 'https://kubernetes.default.svc', namespace: n}}`,
].map(m);
const t2 = performance.now();
for (const d of docs) { const v = validateSchema(d); if (v.length) console.log(v); }
const t3 = performance.now();
const N = 10000;
let found = 0;
for (let i = 0; i < N; i++) found += validateSchema(docs[i % docs.length]!).length;
const t4 = performance.now();
// invalid objects cost more (error objects + messages): 10k Deployments each with 2 errors
const bad = parse(DEPLOYMENT); bad.spec.replicaz = 1; bad.spec.template.spec.containers[0].resources.requests.cpu = '1.5cores';
const badM = { ...docs[0]!, object: bad };
const t5 = performance.now();
for (let i = 0; i < N; i++) found += validateSchema(badM).length;
const t6 = performance.now();
console.log(JSON.stringify({ importMs: Math.round(t1 - t0), firstUseOf13KindsMs: Math.round(t3 - t2), valid10kMs: Math.round(t4 - t3), invalid10kMs: Math.round(t6 - t5), found }));
