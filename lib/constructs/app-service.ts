/**
 * One service of the stack and every object it needs: a ServiceAccount, a ConfigMap
 * for its config, the workload that fits its type, and a Service where it serves ports.
 *
 *   web        Deployment (rolling, never below the desired count) + Service
 *   worker     Deployment, no Service
 *   singleton  Deployment with one replica and the Recreate strategy: never two at once
 *   store      StatefulSet with one volume claim per replica + headless Service
 *   cronjob    CronJob that never overlaps itself
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ResolvedService } from '../model/schema';
import { imageVersion, recommendedLabels, selectorLabels, type LabelContext } from './labels';
import { podTemplate } from './pod-template';

export interface AppServiceProps {
  readonly name: string;
  readonly namespace: string;
  readonly service: ResolvedService;
  readonly labels: LabelContext;
}

/** Name of the volume claim template of a store. */
export const DATA_VOLUME = 'data';

export class AppService extends Construct {
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly configMap?: k8s.KubeConfigMap;
  readonly workload: ApiObject;
  readonly kubeService?: k8s.KubeService;

  constructor(scope: Construct, id: string, readonly props: AppServiceProps) {
    super(scope, id);
    const { name, namespace, service } = props;
    const labels = recommendedLabels(props.labels, name, { component: service.type, version: imageVersion(service.image) });
    const selector = selectorLabels(props.labels, name);
    const metadata = (objectName: string) => ({ name: objectName, namespace, labels });

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(name),
      automountServiceAccountToken: false,
    });

    if (service.config && Object.keys(service.config).length) {
      this.configMap = new k8s.KubeConfigMap(this, 'Config', {
        metadata: metadata(`${name}-config`),
        data: service.config,
      });
    }

    const template = (restartPolicy?: 'OnFailure') =>
      podTemplate({
        spread: service.type !== 'singleton' && service.type !== 'cronjob',
        name,
        service,
        labels: { ...selector, ...labels },
        configMapName: this.configMap?.name,
        dataVolume: service.type === 'store' ? DATA_VOLUME : undefined,
        restartPolicy,
      });

    switch (service.type) {
      case 'web':
      case 'worker':
      case 'singleton': {
        const singleton = service.type === 'singleton';
        const pod = template();
        this.workload = new k8s.KubeDeployment(this, 'Deployment', {
          metadata: metadata(name),
          spec: {
            replicas: singleton ? 1 : (service.replicas ?? 1),
            revisionHistoryLimit: 5,
            selector: { matchLabels: selector },
            // Recreate stops the old pod before starting the new one: a singleton never runs twice.
            strategy: singleton
              ? { type: 'Recreate' }
              : {
                  type: 'RollingUpdate',
                  rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) },
                },
            template: pod,
          },
        });
        break;
      }
      case 'store': {
        const pod = template();
        this.workload = new k8s.KubeStatefulSet(this, 'StatefulSet', {
          metadata: metadata(name),
          spec: {
            serviceName: name,
            replicas: service.replicas ?? 1,
            revisionHistoryLimit: 5,
            podManagementPolicy: 'OrderedReady',
            selector: { matchLabels: selector },
            updateStrategy: { type: 'RollingUpdate' },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
            template: pod,
            volumeClaimTemplates: [
              {
                metadata: { name: DATA_VOLUME, labels },
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
              spec: {
                backoffLimit: 2,
                activeDeadlineSeconds: 3600,
                ttlSecondsAfterFinished: 86400,
                template: template('OnFailure'),
              },
            },
          },
        });
        break;
      }
    }

    const ports = Object.entries(service.ports ?? {}).sort(([, a], [, b]) => a - b);
    if (ports.length && (service.type === 'web' || service.type === 'store')) {
      this.kubeService = new k8s.KubeService(this, 'Service', {
        metadata: metadata(name),
        spec: {
          type: 'ClusterIP',
          // Stores get a headless Service: stable per-pod DNS names for the StatefulSet.
          clusterIp: service.type === 'store' ? 'None' : undefined,
          selector,
          ports: ports.map(([portName, port]) => ({
            name: portName,
            port,
            targetPort: k8s.IntOrString.fromString(portName),
            protocol: 'TCP',
          })),
        },
      });
    }
  }
}
