/**
 * The escape hatches (issue 12) together with what came after them: gate waivers, Redis
 * Sentinel, CloudNativePG and its restore verification.
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { cloudNativePg } from '../lib/model/cloudnative-pg';
import type { RunnableService } from '../lib/model/service-facts';
import { Operations } from '../lib/operations';
import { CloudNativePgBackup } from '../lib/operations/backup/cloudnative-pg';
import { resolveBackup } from '../lib/operations/backup/defaults';
import { serviceMetadataKeys } from '../lib/overlay/rules/metadata';
import { servicePodSettings } from '../lib/overlay/rules/pod-settings';
import { buildStack, LABELS, NAMESPACE, only, runnable, synthService } from './constructs/stack-builder';
import { problemsOf } from './overlay/stack';

const S3 = { bucket: 'backups', endpoint: 'https://s3.example.com', secretName: 'backup-s3' };
const CNPG = { image: 'ghcr.io/cloudnative-pg/postgresql:16.4', postgres: { operator: 'cloudnative-pg' }, backup: { target: { s3: S3 } } };

describe('escape hatches beside the newer store features', () => {
  it('puts the waiver annotations and the extra workload annotations on the workload', () => {
    const stack = buildStack({
      worker: runnable('worker', {
        waive: { 'single-point-of-failure': 'one replica until the queue is sharded' },
        metadata: { workload: { annotations: { 'reloader.stakater.com/auto': 'true' } } },
      }),
    });
    expect(only(synthService(stack, 'worker').manifests, 'Deployment').metadata.annotations).toStrictEqual({
      'reloader.stakater.com/auto': 'true',
      'cdk8s-stack.dev/waive.single-point-of-failure': 'one replica until the queue is sharded',
    });
  });

  it('schedules the Redis Sentinels like the store, keeping their anti-affinity', () => {
    const stack = buildStack(
      {
        redis: {
          type: 'store', image: 'redis:7.4.1', ports: { redis: 6379 }, resources: { cpu: '100m', memory: '128Mi' },
          storage: { size: '1Gi', mountPath: '/data' },
          health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } },
          sentinel: {},
          pod: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'stores', effect: 'NoSchedule' }] },
          metadata: { pod: { labels: { team: 'data' } } },
        },
      },
      { pod: { imagePullSecrets: ['ghcr-pull'] } },
    );
    const sentinels = synthService(stack, 'redis').manifests.find((m: any) => m.kind === 'StatefulSet' && m.metadata.name === 'redis-sentinel');
    const { metadata, spec } = sentinels.spec.template;
    expect(metadata.labels.team).toBe('data');
    expect(spec.imagePullSecrets).toStrictEqual([{ name: 'ghcr-pull' }]);
    expect(spec.tolerations).toStrictEqual([{ key: 'dedicated', operator: 'Equal', value: 'stores', effect: 'NoSchedule' }]);
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });

  it('runs the backup pods where the store runs: its pull secrets, node selector and tolerations, not its affinity', () => {
    const toleration = { key: 'dedicated', operator: 'Equal', value: 'stores', effect: 'NoSchedule' };
    const stack = buildStack(
      {
        redis: {
          type: 'store', image: 'redis:7.4.1', ports: { redis: 6379 }, resources: { cpu: '100m', memory: '128Mi' },
          storage: { size: '1Gi', mountPath: '/data' },
          health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } },
          backup: { target: { pvc: { size: '2Gi' } } },
          pod: { tolerations: [toleration], affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } },
        },
      },
      { pod: { imagePullSecrets: ['ghcr-pull'], nodeSelector: { pool: 'general' } } },
    );
    const chart = Testing.chart();
    new Operations(chart, 'ops', { stack, namespace: NAMESPACE, labels: LABELS });
    const backup = Testing.synth(chart).find((m) => m.kind === 'CronJob' && m.metadata.name === 'redis-backup');
    const pod = backup.spec.jobTemplate.spec.template.spec;
    expect(pod.imagePullSecrets).toStrictEqual([{ name: 'ghcr-pull' }]);
    expect(pod.nodeSelector).toStrictEqual({ pool: 'general' });
    expect(pod.tolerations).toStrictEqual([toleration]);
    expect(pod.affinity).toBeUndefined();
  });

  it('pulls the CloudNativePG restore verification\'s kubectl through the helper images, with the backup\'s job limits', () => {
    const stack = buildStack(
      {
        db: {
          type: 'store', ...CNPG, ports: { postgres: 5432 }, resources: { cpu: '500m', memory: '1Gi' },
          storage: { size: '20Gi', mountPath: '/var/lib/postgresql/data' },
          health: { liveness: { port: 'postgres' }, readiness: { port: 'postgres' } },
          backup: { target: { s3: S3 }, job: { activeDeadline: '2h' } },
        },
      },
      { helperImages: { registry: 'registry.example.com/mirror' } },
    );
    const service = stack.services.db as RunnableService;
    const chart = Testing.chart();
    new CloudNativePgBackup(chart, 'backup', {
      store: 'db', namespace: NAMESPACE, service, postgres: cloudNativePg(service)!, backup: resolveBackup(service.backup!),
      labels: LABELS, priorityClassName: 'shop-batch', images: stack.stack.helperImages,
    });
    const job = Testing.synth(chart).find((m) => m.kind === 'CronJob');
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].image).toBe('registry.example.com/mirror/bitnami/kubectl:1.31.4');
    expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(7200);
  });

  it('refuses `metadata` and `pod` on a store CloudNativePG runs, and waivers written as annotations', () => {
    expect(problemsOf(serviceMetadataKeys, 'store', { ...CNPG, metadata: { pod: { labels: { team: 'data' } } } })).toStrictEqual([
      'services.store.metadata: CloudNativePG runs this store and renders its pods, Services and ServiceAccount itself: `metadata` does not reach them; remove it (or use `patches` on the Cluster)',
    ]);
    expect(problemsOf(servicePodSettings, 'store', { ...CNPG, pod: { nodeSelector: { pool: 'db' } } })).toHaveLength(1);
    expect(problemsOf(serviceMetadataKeys, 'worker', { metadata: { workload: { annotations: { 'cdk8s-stack.dev/waive.single-point-of-failure': 'x' } } } })).toStrictEqual([
      'services.worker.metadata.workload.annotations."cdk8s-stack.dev/waive.single-point-of-failure": `cdk8s-stack.dev/waive.single-point-of-failure` is a gate waiver: put it in the service\'s `waive` (`single-point-of-failure: <reason>`) instead',
    ]);
  });
});
