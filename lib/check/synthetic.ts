/**
 * A generator of realistic, fully compliant stacks of any size, for the
 * gate's speed budget (10,000 objects in ≤ 2 s) and for `npm run bench`.
 * Each service brings the objects a real one does (Deployment, Service, PDB,
 * HPA, VPA, Ingress, NetworkPolicy, ServiceMonitor, PrometheusRule, ConfigMap,
 * ServiceAccount); each namespace its Namespace and default-deny policy.
 */
import { checkManifests } from './engine';
import { parseManifests, toYamlText } from './load';
import type { Manifest } from './types';

type Obj = Record<string, unknown>;

const SERVICES_PER_NAMESPACE = 20;
const PRIORITY_CLASS = 'synthetic-service';

const labels = (name: string, partOf: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': partOf,
  'app.kubernetes.io/managed-by': 'cdk8s-stack',
});

const meta = (name: string, namespace: string | undefined, partOf: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels: labels(name, partOf),
});

/** An object: apiVersion, kind and metadata first, then its other fields. */
const kubeObject = (apiVersion: string, kind: string, metadata: Obj, fields: Obj): Obj => ({ apiVersion, kind, metadata, ...fields });

function namespaceObjects(namespace: string): Obj[] {
  const restricted = { ...labels(namespace, namespace), 'pod-security.kubernetes.io/enforce': 'restricted' };
  return [
    kubeObject('v1', 'Namespace', { ...meta(namespace, undefined, namespace), labels: restricted }, {}),
    kubeObject('networking.k8s.io/v1', 'NetworkPolicy', meta('default-deny', namespace, namespace), { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }),
  ];
}

/** What the objects of one synthetic service share. */
interface SyntheticService {
  readonly namespace: string;
  readonly name: string;
  /** The pod labels the Deployment, Service, PDB, spread constraints and policies select on. */
  readonly selector: Readonly<Record<string, string>>;
}

function serviceObjects(namespace: string, name: string): Obj[] {
  const service: SyntheticService = { namespace, name, selector: { 'app.kubernetes.io/name': name } };
  return [
    serviceAccount(service),
    configMap(service),
    deployment(service),
    disruptionBudget(service),
    horizontalAutoscaler(service),
    verticalAutoscaler(service),
    kubeService(service),
    ingress(service),
    networkPolicy(service),
    serviceMonitor(service),
    prometheusRule(service),
  ];
}

/** Metadata of an object named after the service, in its namespace. */
const metaOf = ({ name, namespace }: SyntheticService) => meta(name, namespace, namespace);
const deploymentRef = ({ name }: SyntheticService) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name });

function serviceAccount(service: SyntheticService): Obj {
  return kubeObject('v1', 'ServiceAccount', metaOf(service), { automountServiceAccountToken: false });
}

function configMap({ name, namespace }: SyntheticService): Obj {
  return kubeObject('v1', 'ConfigMap', meta(`${name}-config`, namespace, namespace), {
    data: { LOG_LEVEL: 'info', UPSTREAM_URL: `http://${name}-upstream.${namespace}.svc:8080` },
  });
}

function deployment(service: SyntheticService): Obj {
  const { name, namespace, selector } = service;
  return kubeObject('apps/v1', 'Deployment', metaOf(service), {
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: labels(name, namespace) },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          priorityClassName: PRIORITY_CLASS,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
            maxSkew: 1,
            topologyKey,
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: selector },
          })),
          containers: [appContainer(service)],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
}

function appContainer({ name, namespace }: SyntheticService): Obj {
  return {
    name: 'app',
    image: `registry.example.com/${namespace}/${name}:1.0.0`,
    ports: [{ name: 'http', containerPort: 8000 }],
    envFrom: [{ configMapRef: { name: `${name}-config` } }],
    env: [{ name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } } }],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
    startupProbe: { httpGet: { path: '/health', port: 'http' }, failureThreshold: 30 },
    livenessProbe: { httpGet: { path: '/live', port: 'http' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

function disruptionBudget(service: SyntheticService): Obj {
  return kubeObject('policy/v1', 'PodDisruptionBudget', metaOf(service), {
    spec: { maxUnavailable: 1, selector: { matchLabels: service.selector } },
  });
}

function horizontalAutoscaler(service: SyntheticService): Obj {
  return kubeObject('autoscaling/v2', 'HorizontalPodAutoscaler', metaOf(service), {
    spec: {
      scaleTargetRef: deploymentRef(service),
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  });
}

function verticalAutoscaler(service: SyntheticService): Obj {
  return kubeObject('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', metaOf(service), {
    spec: { targetRef: deploymentRef(service), updatePolicy: { updateMode: 'Off' } },
  });
}

function kubeService(service: SyntheticService): Obj {
  return kubeObject('v1', 'Service', metaOf(service), {
    spec: { selector: service.selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
}

function ingress(service: SyntheticService): Obj {
  const { name, namespace } = service;
  return kubeObject('networking.k8s.io/v1', 'Ingress', metaOf(service), {
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [`${name}.${namespace}.example.com`], secretName: `${name}-tls` }],
      rules: [
        {
          host: `${name}.${namespace}.example.com`,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } }] },
        },
      ],
    },
  });
}

function networkPolicy(service: SyntheticService): Obj {
  return kubeObject('networking.k8s.io/v1', 'NetworkPolicy', metaOf(service), {
    spec: {
      podSelector: { matchLabels: service.selector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8000 }] }],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
    },
  });
}

function serviceMonitor(service: SyntheticService): Obj {
  return kubeObject('monitoring.coreos.com/v1', 'ServiceMonitor', metaOf(service), {
    spec: { selector: { matchLabels: service.selector }, endpoints: [{ port: 'http', path: '/metrics' }] },
  });
}

function prometheusRule(service: SyntheticService): Obj {
  const { name } = service;
  const alert = {
    alert: 'HighErrorRate',
    expr: `sum(rate(http_requests_total{service="${name}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="${name}"}[5m])) > 0.05`,
    for: '5m',
    labels: { severity: 'critical' },
    annotations: {
      summary: `${name} error rate above 5 %`,
      description: `{{ $value | humanizePercentage }} of ${name} requests fail.`,
      runbook_url: `https://runbooks.example.com/${name}/high-error-rate`,
    },
  };
  return kubeObject('monitoring.coreos.com/v1', 'PrometheusRule', metaOf(service), {
    spec: { groups: [{ name: `${name}.rules`, rules: [alert] }] },
  });
}

/** One synthetic file (path and YAML text) per service, plus one per namespace; about `objectCount` objects in all. */
export function syntheticFiles(objectCount: number): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [
    {
      file: 'synthetic/priority-class.yaml',
      text: toYamlText([kubeObject('scheduling.k8s.io/v1', 'PriorityClass', meta(PRIORITY_CLASS, undefined, 'synthetic'), { value: 1000, description: 'Synthetic services.' })]),
    },
  ];
  let count = 1;
  for (let n = 0; count < objectCount; n++) {
    const namespace = `team-${String(Math.floor(n / SERVICES_PER_NAMESPACE)).padStart(3, '0')}`;
    if (n % SERVICES_PER_NAMESPACE === 0) {
      const objects = namespaceObjects(namespace);
      files.push({ file: `synthetic/${namespace}/namespace.yaml`, text: toYamlText(objects) });
      count += objects.length;
    }
    const objects = serviceObjects(namespace, `svc-${String(n).padStart(4, '0')}`);
    files.push({ file: `synthetic/${namespace}/svc-${String(n).padStart(4, '0')}.yaml`, text: toYamlText(objects) });
    count += objects.length;
  }
  return files;
}

/** Parses synthetic files into Manifests, exactly as the loader reads files from disk. */
export function parseSyntheticFiles(files: readonly { file: string; text: string }[]): Manifest[] {
  return files.flatMap(({ file, text }) => parseManifests(text, file).manifests);
}

export interface CheckTiming {
  readonly objects: number;
  readonly findings: number;
  /** YAML text to Manifests. */
  readonly parseMs: number;
  /** Schema and every policy check. */
  readonly checkMs: number;
  readonly totalMs: number;
}

/**
 * Generates about `objectCount` objects as YAML, then times what `npm run check`
 * does with them: parse, then check. Generation is not timed. For the bench.
 */
export function measureCheck(objectCount = 10_000): CheckTiming {
  const files = syntheticFiles(objectCount);
  const started = performance.now();
  const manifests = parseSyntheticFiles(files);
  const parsed = performance.now();
  const report = checkManifests(manifests);
  const done = performance.now();
  return {
    objects: manifests.length,
    findings: report.findings.length,
    parseMs: parsed - started,
    checkMs: done - parsed,
    totalMs: done - started,
  };
}
