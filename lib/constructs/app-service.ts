/**
 * One service of the stack and every object it needs: a ServiceAccount, a ConfigMap for
 * its config, an ExternalSecret for its secret references, the workload that fits its
 * type, a Service where it serves ports, and the availability and scaling objects.
 *
 *   web        Deployment (rolling, never below the desired count) + Service (+ Ingress)
 *   worker     Deployment, no Service (scaled on a queue metric, typically)
 *   singleton  Deployment with one replica and the Recreate strategy: never two at once
 *   store      StatefulSet with one volume claim per replica + headless Service
 *   external   ExternalName Service only: a managed service outside the cluster
 *   cronjob    CronJob that never overlaps itself
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ResolvedService, Stack } from '../model/schema';
import { durationSeconds } from '../model/duration';
import { bytes, millicores } from '../model/quantity';
import { hpaResources, maxReplicas, minReplicas, podPorts, sortedPorts, vpaControlled, type RunnableService } from '../model/service-facts';
import { imageVersion, recommendedLabels, selectorLabels, type LabelContext } from './labels';
import { podTemplate } from './pod-template';
import { ResourceLedger } from './resource-ledger';

export interface AppServiceProps {
  readonly name: string;
  readonly namespace: string;
  readonly service: ResolvedService;
  readonly stack: Stack;
  readonly labels: LabelContext;
  readonly priorityClassName: string;
}

/** Name of the volume claim template of a store. */
export const DATA_VOLUME = 'data';

export class AppService extends Construct {
  readonly serviceAccount?: k8s.KubeServiceAccount;
  readonly configMap?: k8s.KubeConfigMap;
  readonly externalSecret?: ApiObject;
  readonly workload?: ApiObject;
  readonly kubeService?: k8s.KubeService;
  readonly ingress?: k8s.KubeIngress;
  readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  readonly pdb?: k8s.KubePodDisruptionBudget;
  readonly vpa?: ApiObject;

  constructor(scope: Construct, id: string, readonly props: AppServiceProps) {
    super(scope, id);
    const { name, namespace, service: resolved, stack } = props;
    const labels = recommendedLabels(props.labels, name, {
      component: resolved.type,
      version: resolved.image ? imageVersion(resolved.image) : undefined,
    });
    const selector = selectorLabels(props.labels, name);
    const metadata = (objectName: string) => ({ name: objectName, namespace, labels });
    const ports = sortedPorts(podPorts(resolved));
    const servicePorts = ports.map(([portName, port]) => ({
      name: portName,
      port,
      targetPort: resolved.type === 'external' ? undefined : k8s.IntOrString.fromString(portName),
      protocol: 'TCP',
    }));

    if (resolved.type === 'external') {
      // Clients address a managed service by the same short name as an in-cluster one.
      ResourceLedger.of(this).addService();
      this.kubeService = new k8s.KubeService(this, 'Service', {
        metadata: metadata(name),
        spec: { type: 'ExternalName', externalName: resolved.host!, ports: servicePorts },
      });
      return;
    }
    const service = resolved as RunnableService;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(name),
      automountServiceAccountToken: false,
    });

    if (service.config && Object.keys(service.config).length) {
      this.configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: metadata(`${name}-config`), data: service.config });
    }

    const external = service.externalSecretEnv ?? {};
    if (Object.keys(external).length && stack.stack.secretStore) {
      const store = stack.stack.secretStore;
      this.externalSecret = new ApiObject(this, 'ExternalSecret', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: metadata(`${name}-secrets`),
        spec: {
          refreshInterval: store.refreshInterval,
          secretStoreRef: { name: store.name, kind: store.kind },
          target: { name: `${name}-secrets`, creationPolicy: 'Owner' },
          data: Object.keys(external)
            .sort()
            .map((secretKey) => ({
              secretKey,
              remoteRef: { key: external[secretKey].key, property: external[secretKey].property },
            })),
        },
      });
    }

    const waitFor = service.waitForDependencies
      ? (service.dependsOn ?? []).flatMap((dep) => {
          const target = stack.services[dep];
          const first = sortedPorts(target.ports)[0]?.[1];
          return first && target.type !== 'external' ? [{ host: dep, port: first }] : [];
        })
      : [];
    const ledger = ResourceLedger.of(this);
    const peak = maxReplicas(service);
    // Rolling Deployments may run 25 % more pods while they roll (maxSurge).
    const surge = service.type === 'web' || service.type === 'worker' ? Math.ceil(peak * 0.25) : 0;
    const template = (restartPolicy?: 'OnFailure') => {
      const pod = podTemplate({
        name,
        service,
        labels: { ...selector, ...labels },
        configMapName: this.configMap?.name,
        externalSecretName: this.externalSecret ? `${name}-secrets` : undefined,
        dataVolume: service.type === 'store' ? DATA_VOLUME : undefined,
        restartPolicy,
        spread: service.type !== 'singleton' && service.type !== 'cronjob',
        priorityClassName: props.priorityClassName,
        waitFor,
      });
      ledger.addPods(peak + surge, vpaPeak(pod.spec!, service));
      return pod;
    };

    switch (service.type) {
      case 'web':
      case 'worker':
      case 'singleton': {
        const singleton = service.type === 'singleton';
        this.workload = new k8s.KubeDeployment(this, 'Deployment', {
          metadata: metadata(name),
          spec: {
            // With an HPA, the HPA owns the count: a replicas field here would make ArgoCD fight it.
            replicas: service.autoscaling ? undefined : minReplicas(service),
            revisionHistoryLimit: 5,
            selector: { matchLabels: selector },
            // Recreate stops the old pod before starting the new one: a singleton never runs twice.
            strategy: singleton
              ? { type: 'Recreate' }
              : {
                  type: 'RollingUpdate',
                  rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) },
                },
            template: template(),
          },
        });
        break;
      }
      case 'store': {
        ledger.addClaims(peak, service.storage!.size);
        this.workload = new k8s.KubeStatefulSet(this, 'StatefulSet', {
          metadata: metadata(name),
          spec: {
            serviceName: name,
            replicas: minReplicas(service),
            revisionHistoryLimit: 5,
            podManagementPolicy: 'OrderedReady',
            selector: { matchLabels: selector },
            updateStrategy: { type: 'RollingUpdate' },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
            template: template(),
            volumeClaimTemplates: [
              {
                // Claim templates are immutable: only labels that never change (no version).
                metadata: { name: DATA_VOLUME, labels: recommendedLabels(props.labels, name, { component: service.type }) },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: service.storage!.storageClass,
                  resources: { requests: { storage: k8s.Quantity.fromString(service.storage!.size) } },
                },
              },
            ],
          },
        });
        break;
      }
      case 'cronjob': {
        this.workload = new k8s.KubeCronJob(this, 'CronJob', {
          metadata: metadata(name),
          spec: {
            schedule: service.schedule!,
            timeZone: service.timeZone ?? 'Etc/UTC',
            concurrencyPolicy: 'Forbid',
            startingDeadlineSeconds: 300,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
              metadata: { labels },
              spec: { backoffLimit: 2, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400, template: template('OnFailure') },
            },
          },
        });
        break;
      }
    }

    if (ports.length && (service.type === 'web' || service.type === 'store')) {
      ledger.addService();
      this.kubeService = new k8s.KubeService(this, 'Service', {
        metadata: metadata(name),
        spec: {
          type: 'ClusterIP',
          // Stores get a headless Service: stable per-pod DNS names for the StatefulSet.
          clusterIp: service.type === 'store' ? 'None' : undefined,
          selector,
          ports: servicePorts,
        },
      });
    }

    if (service.ingress) {
      const settings = stack.stack.ingress!;
      const tlsSecret = service.ingress.tlsSecret ?? `${name}-tls`;
      this.ingress = new k8s.KubeIngress(this, 'Ingress', {
        metadata: {
          ...metadata(name),
          annotations: settings.clusterIssuer ? { 'cert-manager.io/cluster-issuer': settings.clusterIssuer } : undefined,
        },
        spec: {
          ingressClassName: settings.className,
          tls: [{ hosts: [service.ingress.host], secretName: tlsSecret }],
          rules: [
            {
              host: service.ingress.host,
              http: {
                paths: [
                  {
                    path: service.ingress.path,
                    pathType: 'Prefix',
                    backend: { service: { name, port: { name: service.ingress.port } } },
                  },
                ],
              },
            },
          ],
        },
      });
    }

    const workloadRef = this.workload
      ? { apiVersion: this.workload.apiVersion, kind: this.workload.kind, name }
      : undefined;
    if (service.autoscaling && workloadRef) this.hpa = this.autoscaler(service, workloadRef, metadata(name));

    // A PDB only where a drain could otherwise take every pod at once; it always allows one eviction.
    if (maxReplicas(service) >= 2 && service.type !== 'cronjob') {
      this.pdb = new k8s.KubePodDisruptionBudget(this, 'Pdb', {
        metadata: metadata(name),
        spec: {
          maxUnavailable:
            typeof service.pdb?.maxUnavailable === 'string'
              ? k8s.IntOrString.fromString(service.pdb.maxUnavailable)
              : k8s.IntOrString.fromNumber(service.pdb?.maxUnavailable ?? 1),
          selector: { matchLabels: selector },
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    if (service.vpa && workloadRef) {
      const scaled = service.autoscaling ? hpaResources(service.autoscaling) : [];
      const controlled = vpaControlled(service);
      const bounds = (b?: { cpu?: string | number; memory?: string }) => (b && (b.cpu || b.memory) ? { ...b } : undefined);
      this.vpa = new ApiObject(this, 'Vpa', {
        apiVersion: 'autoscaling.k8s.io/v1',
        kind: 'VerticalPodAutoscaler',
        metadata: {
          ...metadata(name),
          annotations: { 'cdk8s-stack.dev/vpa-note': vpaNote(service.vpa.mode, scaled, controlled, Boolean(service.autoscaling)) },
        },
        spec: {
          targetRef: workloadRef,
          updatePolicy: { updateMode: service.vpa.mode },
          resourcePolicy: {
            containerPolicies: [
              {
                containerName: name,
                controlledResources: controlled.length ? controlled : ['cpu', 'memory'],
                controlledValues: 'RequestsAndLimits',
                minAllowed: bounds(service.vpa.minAllowed),
                maxAllowed: bounds(service.vpa.maxAllowed),
              },
            ],
          },
        },
      });
    }
  }

  private autoscaler(
    service: RunnableService,
    scaleTargetRef: { apiVersion: string; kind: string; name: string },
    metadata: k8s.ObjectMeta,
  ): k8s.KubeHorizontalPodAutoscalerV2 {
    const hpa = service.autoscaling!;
    const utilisation = (resource: 'cpu' | 'memory', averageUtilization: number): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
    });
    const defaults = hpa.cpu === undefined && hpa.memory === undefined && !hpa.custom?.length;
    const metrics: k8s.MetricSpecV2[] = [
      ...(hpa.cpu !== undefined || defaults ? [utilisation('cpu', hpa.cpu ?? 70)] : []),
      ...(hpa.memory !== undefined || defaults ? [utilisation('memory', hpa.memory ?? 80)] : []),
      ...(hpa.custom ?? []).map((m): k8s.MetricSpecV2 => {
        const metric = { name: m.metric, selector: m.selector ? { matchLabels: m.selector } : undefined };
        const target = { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(m.averageValue)) };
        return m.type === 'pods' ? { type: 'Pods', pods: { metric, target } } : { type: 'External', external: { metric, target } };
      }),
    ];
    // The schema fills in both blocks (ajv defaults), so they are always present here.
    const rules = (r: { stabilization: string; maxPercentPerMinute: number; maxPodsPerMinute: number }) => ({
      stabilizationWindowSeconds: durationSeconds(r.stabilization),
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: r.maxPercentPerMinute, periodSeconds: 60 },
        { type: 'Pods', value: r.maxPodsPerMinute, periodSeconds: 60 },
      ],
    });
    return new k8s.KubeHorizontalPodAutoscalerV2(this, 'Hpa', {
      metadata,
      spec: {
        scaleTargetRef,
        minReplicas: hpa.minReplicas,
        maxReplicas: hpa.maxReplicas,
        metrics,
        behavior: { scaleUp: rules(hpa.scaleUp!), scaleDown: rules(hpa.scaleDown!) },
      },
    });
  }
}

/** Says in the output why this VPA and the HPA of the same workload cannot fight. */
function vpaNote(mode: string, scaled: readonly string[], controlled: readonly string[], hasHpa: boolean): string {
  const action = mode === 'Off' ? 'only recommends requests' : `updates ${controlled.join(' and ')} requests (mode ${mode})`;
  if (!hasHpa) return `No HPA scales this workload; this VPA ${action}.`;
  if (!scaled.length) return `The HPA scales on custom metrics only; this VPA ${action}.`;
  return `The HPA scales on ${scaled.join(' and ')}; this VPA ${mode === 'Off' ? action : `${action} only`}, so the two never fight.`;
}

/**
 * The pod as a VPA that updates pods may size it at most: the main container's requests raised
 * to `maxAllowed` (limits keep their ratio to requests, as with `RequestsAndLimits`). The
 * namespace quota must admit that too.
 */
function vpaPeak(pod: k8s.PodSpec, service: RunnableService): k8s.PodSpec {
  if (!service.vpa || service.vpa.mode === 'Off') return pod;
  const [main, ...rest] = pod.containers;
  const requests = { ...main.resources!.requests };
  const limits = { ...main.resources!.limits };
  for (const resource of vpaControlled(service)) {
    const max = service.vpa.maxAllowed?.[resource];
    const request = requests[resource];
    if (max === undefined || !request) continue;
    const unit = resource === 'cpu' ? millicores : bytes;
    const factor = unit(String(max)) / unit(String(request.value));
    if (factor <= 1) continue;
    requests[resource] = k8s.Quantity.fromString(String(max));
    const limit = limits[resource];
    if (limit) limits[resource] = k8s.Quantity.fromNumber(Math.ceil((unit(String(limit.value)) * factor) / (resource === 'cpu' ? 1000 : 1)));
  }
  return { ...pod, containers: [{ ...main, resources: { requests, limits } }, ...rest] };
}
