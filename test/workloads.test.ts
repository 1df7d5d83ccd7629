/**
 * The runtime side of a stack, read from the synthesized objects: restricted pods,
 * drain-safe availability, autoscaling that never fights, isolation by declared dependency.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../lib/check/engine';
import { manifestsFromObjects } from '../lib/check/load';
import { bytes, millicores } from '../lib/model/quantity';
import { loadOverlays } from '../lib/overlay';
import type { KubeObject } from '../lib/render/files';
import { renderOverlay } from '../lib/render/render';
import { DEFAULT_STACK, ROOT, appendTo, replaceIn, scratchOverlays } from './helpers';

/** Removes the worker's VPA block (and its comment lines) from base.yaml. */
function scratchWithout(dir: string, start: string): string {
  const text = readFileSync(join(dir, 'base.yaml'), 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf('      maxAllowed:', from);
  writeFileSync(join(dir, 'base.yaml'), text.slice(0, from) + text.slice(text.indexOf('\n', to) + 1));
  return dir;
}

function render(dir: string, environment: string): KubeObject[] {
  const [overlay] = loadOverlays(dir, [environment]);
  return renderOverlay(overlay).map((f) => f.object);
}

const prod = render(DEFAULT_STACK, 'prod');
const dev = render(DEFAULT_STACK, 'dev');
const find = (objects: KubeObject[], kind: string, name: string): any => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const all = (objects: KubeObject[], kind: string): any[] => objects.filter((o) => o.kind === kind);

describe('pods', () => {
  it('run restricted: numeric non-root user, RuntimeDefault seccomp, no capabilities, read-only root, no token', () => {
    for (const workload of [...all(prod, 'Deployment'), ...all(prod, 'Rollout'), ...all(prod, 'StatefulSet')]) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.securityContext, `${workload.metadata.name}/${c.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
        });
        expect(c.volumeMounts).toContainEqual({ name: 'scratch-tmp', mountPath: '/tmp' });
      }
    }
    expect(find(prod, 'ServiceAccount', 'api').automountServiceAccountToken).toBe(false);
  });

  it('probe the declared health endpoints and shut down gracefully', () => {
    const api = find(prod, 'Rollout', 'api').spec.template.spec;
    const main = api.containers[0];
    expect(main.startupProbe.httpGet).toStrictEqual({ path: '/health', port: 'http' });
    expect(main.livenessProbe.httpGet).toStrictEqual({ path: '/live', port: 'http' });
    expect(main.readinessProbe.httpGet).toStrictEqual({ path: '/ready', port: 'http' });
    expect(main.lifecycle.preStop.exec.command).toStrictEqual(['sleep', '5']);
    expect(api.terminationGracePeriodSeconds).toBe(30);
    expect(find(prod, 'Deployment', 'worker').spec.template.spec.terminationGracePeriodSeconds).toBe(300);
  });

  it('spread replicas across zones and nodes', () => {
    const spread = find(prod, 'Rollout', 'api').spec.template.spec.topologySpreadConstraints;
    expect(spread.map((c: any) => c.topologyKey)).toStrictEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(spread[1].nodeTaintsPolicy).toBe('Honor'); // tainted pools are not empty domains
    expect(spread[0].labelSelector.matchLabels).toStrictEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'assistant-prod' });
  });

  it('wait for their dependencies; the migration is not an init container (it runs once per sync, in its Job)', () => {
    const init = find(prod, 'Rollout', 'api').spec.template.spec.initContainers;
    expect(init.map((c: any) => c.name)).toStrictEqual(['wait-for-dependencies']);
    // prod's Postgres is CloudNativePG: clients wait for its pooler; dev's is the StatefulSet.
    expect(init[0].command[2]).toContain('until nc -z -w 2 postgres-pooler-rw 5432');
    expect(find(dev, 'Deployment', 'api').spec.template.spec.initContainers[0].command[2]).toContain('until nc -z -w 2 postgres 5432');
    expect(init[0].command[2]).toContain('until nc -z -w 2 redis 6379');
    expect(init[0].command[2]).toContain('until nc -z -w 2 qdrant 6333');
    for (const objects of [dev, prod]) {
      expect(all(objects, 'Deployment').flatMap((d) => d.spec.template.spec.initContainers ?? []).map((c: any) => c.name)).not.toContain('migrate');
    }
  });

  it('migrate in a hook Job of the app\'s image, identity, secrets and resources (a migration imports the whole app), waiting for the database only', () => {
    const job = find(prod, 'Job', 'api-migrate');
    expect(job.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '-1',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 1800, ttlSecondsAfterFinished: 86400 });
    const pod = job.spec.template.spec;
    const api = find(prod, 'Rollout', 'api').spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'api', restartPolicy: 'Never', securityContext: api.securityContext, priorityClassName: api.priorityClassName });
    const [migrate] = pod.containers;
    expect(migrate).toMatchObject({ image: 'ghcr.io/acme/assistant-api:1.4.2', command: ['alembic', 'upgrade', 'head'], env: api.containers[0].env, envFrom: api.containers[0].envFrom });
    expect(migrate.resources).toStrictEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(migrate.readinessProbe).toBeUndefined();
    expect(migrate.ports).toBeUndefined();
    // CloudNativePG: the primary's Service, where DATABASE_URL points (not the pooler).
    expect(pod.initContainers.map((c: any) => c.command[2])).toStrictEqual(['until nc -z -w 2 postgres-rw 5432; do echo "waiting for postgres-rw:5432"; sleep 2; done\n']);
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('api-migrate');
  });

  it('keep the labels of volume claim templates stable across image upgrades (they are immutable)', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'base.yaml', 'image: redis:7.4.1', 'image: redis:7.4.2');
    const before = find(prod, 'StatefulSet', 'redis');
    const after = find(render(dir, 'prod'), 'StatefulSet', 'redis');
    expect(after.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('7.4.2');
    expect(after.spec.volumeClaimTemplates).toStrictEqual(before.spec.volumeClaimTemplates);
    expect(after.spec.volumeClaimTemplates[0].metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });

  it('expose and allow sidecar ports: an auth proxy in front of flower', () => {
    const dir = scratchOverlays();
    replaceIn(
      dir,
      'dev.yaml',
      '  flower:\n    enabled: true\n',
      '  flower:\n    enabled: true\n    ingress: { host: flower.dev.example.com, port: proxy }\n' +
        '    sidecars: [{ name: oauth2-proxy, image: "quay.io/oauth2-proxy/oauth2-proxy:v7.7.1", ports: { proxy: 4180 }, health: { liveness: { path: /ping }, readiness: { path: /ready } } }]\n',
    );
    const objects = render(dir, 'dev');
    expect(find(objects, 'Service', 'flower').spec.ports.map((p: any) => p.name)).toStrictEqual(['proxy', 'http']);
    // The shipped stack's edge is the Gateway API: the HTTPRoute sends traffic to the proxy's port.
    expect(find(objects, 'HTTPRoute', 'flower').spec.rules.map((r: any) => r.backendRefs)).toStrictEqual([
      [{ group: '', kind: 'Service', name: 'flower', port: 4180 }],
      [{ group: '', kind: 'Service', name: 'flower', port: 4180 }],
    ]);
    expect(find(objects, 'NetworkPolicy', 'allow-flower').spec.ingress).toContainEqual({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/managed-by': 'envoy-gateway',
            'gateway.envoyproxy.io/owning-gateway-name': 'assistant',
            'gateway.envoyproxy.io/owning-gateway-namespace': 'assistant-dev',
          },
        },
      }],
      ports: [{ protocol: 'TCP', port: 4180 }],
    });
    expect(checkManifests(manifestsFromObjects(objects)).findings.filter((f) => f.severity !== 'note')).toStrictEqual([]);
  });

  it('scrape a worker through a PodMonitor (no Service), e.g. an exporter sidecar', () => {
    const dir = scratchOverlays();
    replaceIn(
      dir,
      'base.yaml',
      '    dependsOn: [postgres, redis, qdrant]\n    egress:\n      - { cidr: 0.0.0.0/0, ports: [443], except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16] }\n    shutdown',
      '    dependsOn: [postgres, redis, qdrant]\n    metrics: { port: metrics }\n' +
        '    sidecars: [{ name: exporter, image: "danihodovic/celery-exporter:0.10.8", ports: { metrics: 9808 }, health: { liveness: { path: /health }, readiness: { path: /health } } }]\n' +
        '    egress:\n      - { cidr: 0.0.0.0/0, ports: [443], except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16] }\n    shutdown',
    );
    const objects = render(dir, 'prod');
    expect(find(objects, 'PodMonitor', 'worker').spec.podMetricsEndpoints).toStrictEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
    expect(find(objects, 'NetworkPolicy', 'allow-worker').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 9808 }],
    });
    expect(checkManifests(manifestsFromObjects(objects)).findings.filter((f) => !f.waived && f.severity !== 'note')).toStrictEqual([]);
  });

  it('roll when their config changes (checksum annotation)', () => {
    const checksum = (objects: KubeObject[]) => (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api') ?? find(objects, 'Rollout', 'api')).spec.template.metadata.annotations['checksum/config'];
    expect(checksum(dev)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(dev)).not.toBe(checksum(prod)); // dev sets LOG_LEVEL: debug
    expect(find(dev, 'ConfigMap', 'api-config').data.LOG_LEVEL).toBe('debug');
  });

  it('get secrets only by reference: an ExternalSecret from the declared store, or an existing Secret', () => {
    const env = find(dev, 'Deployment', 'api').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'DATABASE_URL' } } });
    // With CloudNativePG (prod), the operator's Secret holds it.
    expect(find(prod, 'Rollout', 'api').spec.template.spec.containers[0].env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'postgres-app', key: 'uri' } },
    });
    const external = find(prod, 'ExternalSecret', 'api-secrets');
    expect(external.spec.secretStoreRef).toStrictEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(external.spec.data).toContainEqual({ secretKey: 'OPENAI_API_KEY', remoteRef: { key: 'assistant/llm', property: 'api-key' } });
    expect(find(dev, 'StatefulSet', 'postgres').spec.template.spec.containers[0].env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } },
    });
    expect(all(prod, 'Secret')).toStrictEqual([]);
  });
});

describe('service kinds', () => {
  it('beat is a singleton: one replica, Recreate, no HPA, no PDB', () => {
    const beat = find(prod, 'Deployment', 'beat');
    expect(beat.spec.replicas).toBe(1);
    expect(beat.spec.strategy).toStrictEqual({ type: 'Recreate' });
    expect(prod.some((o) => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind) && o.metadata.name === 'beat')).toBe(false);
  });

  it('stores are StatefulSets with a volume claim per replica and a headless Service', () => {
    const redis = find(prod, 'StatefulSet', 'redis');
    expect(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    const postgres = find(dev, 'StatefulSet', 'postgres');
    expect(postgres.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(find(dev, 'Service', 'postgres').spec.clusterIP).toBe('None');
    // prod runs Postgres on CloudNativePG: a Cluster, no StatefulSet of ours.
    expect(find(prod, 'Cluster', 'postgres').spec.storage.size).toBe('100Gi');
    expect(prod.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'postgres')).toBe(false);
    expect(find(dev, 'StatefulSet', 'postgres').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
  });

  it('an external store renders an ExternalName Service and an egress rule to its network', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'prod.yaml', '  analytics:\n    type: external\n    host: analytics.db.example.com\n    ports: { postgres: 5432 }\n    cidr: 10.40.0.0/16\n  beat:\n    dependsOn: [redis, analytics]\n');
    const objects = render(dir, 'prod');
    expect(find(objects, 'Service', 'analytics').spec).toMatchObject({ type: 'ExternalName', externalName: 'analytics.db.example.com' });
    expect(find(objects, 'NetworkPolicy', 'allow-beat').spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.40.0.0/16' } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'analytics')).toBe(false);
  });
});

describe('scaling and availability per environment (the runbook table)', () => {
  const hpa = (objects: KubeObject[], name: string) => find(objects, 'HorizontalPodAutoscaler', name).spec;
  const scaled = (objects: KubeObject[], name: string) => find(objects, 'ScaledObject', name).spec;

  it('sizes API and workers: dev ≈ low, staging ≈ medium, prod ≈ high with room to peak', () => {
    const staging = render(DEFAULT_STACK, 'staging');
    expect([hpa(dev, 'api').minReplicas, hpa(dev, 'api').maxReplicas]).toStrictEqual([2, 2]);
    expect([hpa(staging, 'api').minReplicas, hpa(staging, 'api').maxReplicas]).toStrictEqual([3, 5]);
    expect([hpa(prod, 'api').minReplicas, hpa(prod, 'api').maxReplicas]).toStrictEqual([5, 20]);
    // Workers by KEDA: none while the queue is empty in dev.
    expect([scaled(dev, 'worker').minReplicaCount, scaled(dev, 'worker').maxReplicaCount]).toStrictEqual([0, 1]);
    expect([scaled(staging, 'worker').minReplicaCount, scaled(staging, 'worker').maxReplicaCount]).toStrictEqual([2, 3]);
    expect([scaled(prod, 'worker').minReplicaCount, scaled(prod, 'worker').maxReplicaCount]).toStrictEqual([3, 10]);
    const redisMemory = (objects: KubeObject[]) => find(objects, 'StatefulSet', 'redis').spec.template.spec.containers[0].resources.limits.memory;
    expect([redisMemory(dev), redisMemory(staging), redisMemory(prod)]).toStrictEqual(['256Mi', '512Mi', '1Gi']);
  });

  it('the API scales on CPU 70 % and memory 80 % with a cooldown, and its workload (a canary Rollout in prod) leaves replicas to the HPA', () => {
    expect(hpa(prod, 'api').metrics).toStrictEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    expect(hpa(prod, 'api').behavior.scaleDown).toMatchObject({ stabilizationWindowSeconds: 300 });
    expect(hpa(prod, 'api').scaleTargetRef).toStrictEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
    expect(hpa(dev, 'api').scaleTargetRef).toStrictEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(find(prod, 'Rollout', 'api').spec.replicas).toBeUndefined();
  });

  it('the worker scales on queue depth by KEDA (through Sentinel in prod), with a business-hours floor, and no HPA of ours', () => {
    expect(all(prod, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).toStrictEqual(['api']);
    expect(scaled(prod, 'worker').scaleTargetRef).toStrictEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' });
    expect(scaled(prod, 'worker').triggers).toStrictEqual([
      {
        type: 'redis-sentinel',
        name: 'redis-celery',
        metadata: {
          addresses: ['0', '1', '2'].map((i) => `redis-sentinel-${i}.redis-sentinel.assistant-prod.svc:26379`).join(','),
          sentinelMaster: 'mymaster',
          listName: 'celery',
          listLength: '20',
          activationListLength: '0',
          databaseIndex: '0',
        },
        authenticationRef: { name: 'worker-keda' },
      },
      { type: 'cron', name: 'schedule-1', metadata: { timezone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 19 * * 1-5', desiredReplicas: '5' } },
    ]);
    expect(scaled(dev, 'worker').triggers[0]).toMatchObject({ type: 'redis', metadata: { address: 'redis.assistant-dev.svc:6379' } });
    expect(scaled(prod, 'worker').advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.stabilizationWindowSeconds).toBe(30);
    expect(find(prod, 'TriggerAuthentication', 'worker-keda').spec).toStrictEqual({ secretTargetRef: [{ parameter: 'password', name: 'redis-auth', key: 'password' }] });
    expect(find(prod, 'Deployment', 'worker').spec.replicas).toBeUndefined();
  });

  it('VPAs never update a resource an HPA scales on', () => {
    const api = find(prod, 'VerticalPodAutoscaler', 'api');
    expect(api.spec.updatePolicy.updateMode).toBe('Off'); // the HPA uses cpu and memory
    const worker = find(prod, 'VerticalPodAutoscaler', 'worker');
    expect(worker.spec.updatePolicy.updateMode).toBe('Initial');
    expect(worker.spec.resourcePolicy.containerPolicies[0].controlledResources).toStrictEqual(['cpu', 'memory']);
    expect(worker.metadata.annotations['cdk8s-stack.dev/vpa-note']).toBe(
      'KEDA scales this workload on queue length and schedules only; this VPA updates cpu and memory requests (mode Initial).',
    );
    expect(api.metadata.annotations['cdk8s-stack.dev/vpa-note']).toBe('The HPA scales on cpu and memory; this VPA only recommends requests, so the two never fight.');
  });

  it('PDBs exist where two or more pods run and always allow an eviction', () => {
    const pdbs = all(prod, 'PodDisruptionBudget');
    expect(pdbs.map((p) => p.metadata.name).sort()).toStrictEqual(['api', 'qdrant', 'redis', 'redis-sentinel', 'worker']);
    for (const pdb of pdbs) expect(pdb.spec.maxUnavailable).toBe(1);
  });
});

describe('namespace guardrails', () => {
  it('the namespace enforces, audits and warns the restricted standard', () => {
    expect(find(prod, 'Namespace', 'assistant-prod').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('the ResourceQuota admits the whole stack at its HPA maximums during a rolling update', () => {
    const hard = find(prod, 'ResourceQuota', 'assistant-prod').spec.hard;
    let cpu = 0;
    let pods = 0;
    for (const w of [...all(prod, 'Deployment'), ...all(prod, 'Rollout'), ...all(prod, 'StatefulSet'), ...all(prod, 'CronJob')]) {
      const hpa = prod.find((o: any) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === w.metadata.name) as any;
      const keda = prod.find((o: any) => o.kind === 'ScaledObject' && o.spec.scaleTargetRef.name === w.metadata.name) as any;
      const replicas = hpa?.spec.maxReplicas ?? keda?.spec.maxReplicaCount ?? w.spec.replicas ?? 1;
      const surges = (w.kind === 'Deployment' && w.spec.strategy.type === 'RollingUpdate') || (w.kind === 'Rollout' && w.spec.strategy.canary);
      const count = replicas + (surges ? Math.ceil(replicas / 4) : 0);
      const pod = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec;
      cpu += count * pod.containers.reduce((s: number, c: any) => s + millicores(c.resources.requests.cpu), 0);
      pods += count;
    }
    expect(millicores(hard['requests.cpu'])).toBeGreaterThanOrEqual(cpu);
    expect(Number(hard.pods)).toBeGreaterThanOrEqual(pods);
    expect(bytes(hard['requests.storage'])).toBeGreaterThanOrEqual(bytes('220Gi'));
  });

  it('the quota also admits the pods a resizing VPA may grow to (its maxAllowed)', () => {
    const dir = scratchOverlays();
    // prod workers: up to 10 + 3 surge pods; the VPA may raise each to 2 CPU / 4Gi.
    const quota = (objects: KubeObject[]) => find(objects, 'ResourceQuota', 'assistant-prod').spec.hard;
    const withVpa = quota(prod);
    appendTo(dir, 'base.yaml', '');
    const noVpa = quota(render(scratchWithout(dir, '    vpa:\n      # KEDA scales on queue depth only'), 'prod'));
    expect(millicores(withVpa['requests.cpu']) - millicores(noVpa['requests.cpu'])).toBeGreaterThanOrEqual(13 * 1000);
  });

  it('priority classes rank stores over APIs over background work, and every pod names one', () => {
    const value = (tier: string) => find(prod, 'PriorityClass', `assistant-prod-${tier}`).value;
    expect(value('stores')).toBeGreaterThan(value('apis'));
    expect(value('apis')).toBeGreaterThan(value('batch'));
    expect(find(prod, 'StatefulSet', 'redis').spec.template.spec.priorityClassName).toBe('assistant-prod-stores');
    expect(find(prod, 'Cluster', 'postgres').spec.priorityClassName).toBe('assistant-prod-stores');
    expect(find(prod, 'Rollout', 'api').spec.template.spec.priorityClassName).toBe('assistant-prod-apis');
    expect(find(prod, 'Deployment', 'worker').spec.template.spec.priorityClassName).toBe('assistant-prod-batch');
  });
});

describe('network policies', () => {
  const policy = (name: string) => find(prod, 'NetworkPolicy', name).spec;
  const app = (name: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'assistant-prod' } } });

  it('deny all ingress and egress by default, and allow DNS to kube-system or NodeLocal DNSCache', () => {
    expect(policy('default-deny')).toStrictEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policy('allow-dns').egress[0].to).toContainEqual({ ipBlock: { cidr: '169.254.20.10/32' } });
    expect(policy('allow-dns').egress[0].ports).toStrictEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  });

  it('let a store accept exactly its declared clients on its ports', () => {
    // The API's migration pods (api-migrate) are let in wherever the API is.
    expect(policy('allow-qdrant').ingress).toStrictEqual([{ from: [app('api'), app('api-migrate'), app('worker')], ports: [{ protocol: 'TCP', port: 6333 }, { protocol: 'TCP', port: 6334 }] }]);
    expect(policy('allow-qdrant').egress).toBeUndefined();
    // CloudNativePG's instances: the pooler and the clients on 5432 (plus the operator, each other and monitoring).
    expect(policy('allow-postgres').ingress).toContainEqual({ from: [app('postgres-pooler-rw'), app('api'), app('api-migrate'), app('worker')], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(policy('allow-postgres-pooler-rw').ingress).toContainEqual({ from: [app('api'), app('api-migrate'), app('worker')], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(policy('allow-redis').ingress[0].from).toStrictEqual([app('api'), app('api-migrate'), app('beat'), app('worker')]);
    // KEDA's operator reads the worker's queue: the Redis data pods and the Sentinels let its namespace in.
    const keda = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } }] };
    expect(policy('allow-redis').ingress).toContainEqual({ ...keda, ports: [{ protocol: 'TCP', port: 6379 }] });
    expect(policy('allow-redis-sentinel').ingress).toContainEqual({ ...keda, ports: [{ protocol: 'TCP', port: 26379 }] });
    // The migration pods get the API's egress, and nobody may call them.
    expect(policy('allow-api-migrate').egress).toStrictEqual(policy('allow-api').egress);
    expect(policy('allow-api-migrate').ingress).toBeUndefined();
  });

  it('let the API reach its dependencies, the LLM API over HTTPS, and be reached by the gateway\'s proxies and Prometheus', () => {
    const api = policy('allow-api');
    expect(api.egress).toContainEqual({ to: [app('qdrant')], ports: [{ protocol: 'TCP', port: 6333 }, { protocol: 'TCP', port: 6334 }] });
    expect(api.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect(api.ingress).toContainEqual({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/managed-by': 'envoy-gateway',
            'gateway.envoyproxy.io/owning-gateway-name': 'assistant',
            'gateway.envoyproxy.io/owning-gateway-namespace': 'assistant-prod',
          },
        },
      }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
    expect(api.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
  });

  it('expose the API through an HTTPRoute on the HTTPS listener, with HSTS, a redirect and a certificate rotated on renewal', () => {
    expect(all(prod, 'Ingress')).toStrictEqual([]);
    const route = find(prod, 'HTTPRoute', 'api');
    expect(route.spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'assistant', sectionName: 'https-api' }]);
    expect(route.spec.hostnames).toStrictEqual(['api.assistant.example.com']);
    expect(route.spec.rules.map((r: any) => r.filters[0].responseHeaderModifier.set)).toStrictEqual([
      [{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains; preload' }],
      [{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains; preload' }],
    ]);
    const listener = find(prod, 'Gateway', 'assistant').spec.listeners.find((l: any) => l.name === 'https-api');
    expect(listener.tls).toStrictEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'api-tls' }] });
    expect(find(prod, 'Certificate', 'api-tls').spec).toMatchObject({
      secretName: 'api-tls', dnsNames: ['api.assistant.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' }, privateKey: { rotationPolicy: 'Always' },
    });
    expect(find(prod, 'HTTPRoute', 'https-redirect').spec.rules[0].filters).toStrictEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
    expect(find(prod, 'ClientTrafficPolicy', 'assistant').spec.tls).toStrictEqual({ minVersion: '1.2' });
    expect(find(prod, 'BackendTrafficPolicy', 'api').spec.rateLimit.local.rules[0].limit).toStrictEqual({ requests: 20, unit: 'Second' });
  });

  it('expose the API through an Ingress with TLS where the environment chooses `edge: { mode: ingress }`', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'prod.yaml', '  edge:\n    tls: { issuer: letsencrypt } # trusted certificates\n', '  edge:\n    mode: ingress\n    tls: { issuer: letsencrypt } # trusted certificates\n');
    const objects = render(dir, 'prod');
    const ingress = find(objects, 'Ingress', 'api');
    expect(ingress.spec.tls).toStrictEqual([{ hosts: ['api.assistant.example.com'], secretName: 'api-tls' }]);
    expect(ingress.metadata.annotations).toMatchObject({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(all(objects, 'HTTPRoute').concat(all(objects, 'Gateway'), all(objects, 'Certificate'))).toStrictEqual([]);
    expect(find(objects, 'NetworkPolicy', 'allow-api').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
  });
});

describe('the policy gate on rendered stacks', () => {
  it.each([
    ['the default stack', DEFAULT_STACK],
    ['the paper-crawler example', join(ROOT, 'examples', 'paper-crawler')],
  ])('reports nothing on every environment of %s', (_label, dir) => {
    for (const overlay of loadOverlays(dir)) {
      const report = checkManifests(manifestsFromObjects(renderOverlay(overlay).map((f) => f.object), `${overlay.environment}`));
      // Waived (with a reason on the object): what the CloudNativePG restore verification and operator-made pods need.
      expect(report.findings.filter((f) => !f.waived && f.severity !== 'note').map((f) => `${f.object} ${f.check}: ${f.message}`)).toStrictEqual([]);
      expect(new Set(report.findings.filter((f) => f.waived).map((f) => f.check))).toStrictEqual(
        new Set(report.findings.some((f) => f.waived) ? ['automount-service-account-token', 'networkpolicy-selector', 'rbac-pod-exec'] : []),
      );
    }
  });

  it('adding a web service takes a few lines and yields all of the above', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'base.yaml', [
      '  search:',
      '    type: web',
      '    image: ghcr.io/acme/search:2.1.0',
      '    ports: { http: 8080 }',
      '    resources: { cpu: 200m, memory: 256Mi }',
      '    health: { liveness: { path: /live }, readiness: { path: /ready } }',
      '    autoscaling: { minReplicas: 2, maxReplicas: 4 }',
      '    dependsOn: [postgres]',
      '',
    ].join('\n'));
    const objects = render(dir, 'prod');
    const kinds = objects.filter((o) => o.metadata.name === 'search' || o.metadata.name === 'allow-search').map((o) => o.kind).sort();
    expect(kinds).toStrictEqual(['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(checkManifests(manifestsFromObjects(objects)).findings.filter((f) => !f.waived && f.severity !== 'note')).toStrictEqual([]);
  });
});
