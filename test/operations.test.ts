/**
 * Operations as code: ServiceMonitors, alerts with runbooks, SLO rules and backups, as rendered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverlays } from '../lib/overlay';
import { renderOverlay } from '../lib/render/render';
import { runbookFiles, RUNBOOKS } from '../lib/operations/runbooks';
import { scriptsData } from '../lib/operations/backup';
import { writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_STACK, ROOT, S3_BACKUPS_STACK, scratchOverlays } from './helpers';

/** Edits an overlay file as data (keys already present merge instead of clashing). */
function edit(dir: string, file: string, fn: (doc: any) => void): void {
  const doc = parse(readFileSync(join(dir, file), 'utf8')) ?? {};
  fn(doc);
  writeFileSync(join(dir, file), stringify(doc));
}

const objectsOf = (dir: string, env: string) => {
  const overlay = loadOverlays(dir, [env])[0]!;
  return renderOverlay(overlay).map((f) => f.object as any);
};
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const dev = objectsOf(DEFAULT_STACK, 'dev');
const alertsOf = (rule: any) => rule.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert));

describe('monitoring', () => {
  it('renders a ServiceMonitor for api selecting its Service by name and instance, scraping the named port', () => {
    const monitor = find(dev, 'ServiceMonitor', 'api');
    expect(monitor.spec).toStrictEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'assistant-dev' } },
      namespaceSelector: { matchNames: ['assistant-dev'] },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    });
    expect(monitor.metadata.labels.release).toBe('prometheus');
    const service = find(dev, 'Service', 'api');
    expect(service.spec.ports.map((p: any) => p.name)).toContain('http');
  });

  it('every alert has a severity, summary, description and a runbook the repository ships', () => {
    const rules = dev.filter((o) => o.kind === 'PrometheusRule');
    expect(rules.map((r) => r.metadata.name).sort()).toStrictEqual(['api-slo', 'assistant-alerts']);
    const names = new Set<string>();
    for (const alert of rules.flatMap(alertsOf)) {
      names.add(alert.alert);
      expect(alert.labels.severity).toMatch(/^(warning|critical)$/);
      expect(alert.annotations.summary).toBeTruthy();
      expect(alert.annotations.description).toBeTruthy();
      expect(alert.annotations.runbook_url).toMatch(new RegExp(`/docs/runbooks/${alert.alert}\\.md$`));
      const file = join(ROOT, 'docs', 'runbooks', `${alert.alert}.md`);
      expect(existsSync(file), `${file} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/## What it means[\s\S]*## How to check[\s\S]*## How to mitigate[\s\S]*Sev1/);
    }
    for (const wanted of ['ApplicationDown', 'HighErrorRate', 'HighLatencyP99', 'DatabaseDown', 'DatabaseConnectionErrors', 'HighCPUUsage', 'HighMemoryUsage', 'PodCrashLooping', 'DeploymentReplicasMismatch', 'HPAMaxedOut', 'PDBNotEnoughHealthyPods', 'JobFailed', 'BackupStale', 'RestoreVerificationStale', 'ErrorBudgetBurn1h', 'ErrorBudgetBurn6h', 'ErrorBudgetBurn1d', 'ErrorBudgetBurn3d', 'SLOLatencyBucketMissing']) {
      expect(names, wanted).toContain(wanted);
    }
  });

  it('docs/runbooks/ is what `npm run gen:runbooks` writes (one runbook per alert)', () => {
    for (const [file, content] of runbookFiles()) expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(content);
    expect(new Set(RUNBOOKS.map((r) => r.alert)).size).toBe(RUNBOOKS.length);
  });

  it('renders the SLO as recording rules over 5m … 3d and four burn-rate alerts per SLI', () => {
    const slo = find(dev, 'PrometheusRule', 'api-slo');
    expect(slo.spec.groups.map((g: any) => g.name)).toStrictEqual(['api-slo-availability', 'api-slo-latency']);
    const [availability, latency] = slo.spec.groups;
    expect(availability.rules.filter((r: any) => r.record).map((r: any) => r.record)).toStrictEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `slo:sli_error:ratio_rate${w}`),
    );
    const burn1h = availability.rules.find((r: any) => r.alert === 'ErrorBudgetBurn1h');
    expect(burn1h.expr).toContain('slo:sli_error:ratio_rate1h{namespace="assistant-dev", job="api", slo="availability"} > 0.0144');
    expect(burn1h.expr).toContain('ratio_rate5m{namespace="assistant-dev", job="api", slo="availability"} > 0.0144');
    expect(latency.rules[0].expr).toContain('le=~"0\\\\.50*"');
  });

  it('takes thresholds, metric names and the SLO from the overlay of one environment', () => {
    const dir = scratchOverlays();
    edit(dir, 'dev.yaml', (doc) => {
      doc.stack.alerts = { errorRateWarning: 2, latencyP99Critical: '10s', runbookBaseUrl: 'https://runbooks.example.com', metrics: { requests: 'app_requests_total' } };
      doc.services.api.slo = { availability: 99.5 };
    });
    const objects = objectsOf(dir, 'dev');
    const alerts = alertsOf(find(objects, 'PrometheusRule', 'assistant-alerts'));
    const warning = alerts.find((a: any) => a.alert === 'HighErrorRate' && a.labels.severity === 'warning');
    expect(warning.expr).toContain('> 0.02');
    expect(warning.expr).toContain('app_requests_total{');
    expect(warning.annotations.runbook_url).toBe('https://runbooks.example.com/HighErrorRate.md');
    const critical = alerts.find((a: any) => a.alert === 'HighLatencyP99' && a.labels.severity === 'critical');
    expect(critical.expr).toMatch(/> 10$/);
    const burn = alertsOf(find(objects, 'PrometheusRule', 'api-slo')).find((a: any) => a.alert === 'ErrorBudgetBurn1h');
    expect(burn.expr).toContain('> 0.072'); // 14.4 × 0.5 %
    // prod keeps the defaults
    const prod = alertsOf(find(objectsOf(dir, 'prod'), 'PrometheusRule', 'assistant-alerts'));
    expect(prod.find((a: any) => a.alert === 'HighErrorRate' && a.labels.severity === 'warning').expr).toContain('> 0.01');
  });
});

describe('backups', () => {
  const backup = find(dev, 'CronJob', 'postgres-backup');
  const verify = find(dev, 'CronJob', 'postgres-restore-verify');

  it('runs pg_dump nightly at 02:00 UTC (no daylight-saving gaps), never overlapping, with deadlines, retries and history limits', () => {
    expect(backup.spec).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: { backoffLimit: 2, activeDeadlineSeconds: 10800 } },
    });
    const container = backup.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.command).toStrictEqual(['/bin/sh', '-c', 'sh /opt/ops/pg-backup.sh && sh /opt/ops/prune-backups.sh']);
    expect(container.env).toContainEqual({ name: 'RETENTION_DAYS', value: '30' });
    expect(container.env).toContainEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } } });
  });

  it('runs backup pods under the restricted pod security standard', () => {
    for (const job of [backup, verify, find(dev, 'CronJob', 'qdrant-backup')]) {
      const pod = job.spec.jobTemplate.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(c.resources.requests).toBeDefined();
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      }
    }
  });

  it('ships the repository scripts in a ConfigMap whose checksum rolls the pods', () => {
    const scripts = find(dev, 'ConfigMap', 'postgres-backup-scripts');
    expect(scripts.data).toStrictEqual(scriptsData('postgres', false));
    expect(scripts.data['pg-backup.sh']).toBe(readFileSync(join(ROOT, 'ops', 'scripts', 'pg-backup.sh'), 'utf8'));
    expect(backup.spec.jobTemplate.spec.template.metadata.annotations['checksum/scripts']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('restores the latest dump weekly and lets backup pods reach only their store', () => {
    // Sunday 06:00: after the latest a 02:00 backup can end, so they never share the RWO volume.
    expect(verify.spec).toMatchObject({ schedule: '0 6 * * 0', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    // The scratch server in /tmp may not grow past the size of the store's volume.
    expect(verify.spec.jobTemplate.spec.template.spec.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '5Gi' } }); // dev's postgres volume
    const policy = find(dev, 'NetworkPolicy', 'allow-postgres-backup');
    expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe('postgres-backup');
    expect(policy.spec.policyTypes).toStrictEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toStrictEqual([
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'assistant-dev' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ]);
    expect(find(dev, 'NetworkPolicy', 'allow-postgres-from-backup').spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/name']).toBe('postgres-backup');
    expect(find(dev, 'PersistentVolumeClaim', 'postgres-backups').spec.resources.requests.storage).toBe('50Gi');
  });

  it('uploads to S3 by secret reference, and reaches the endpoint port', () => {
    const dir = scratchOverlays();
    edit(dir, 'prod.yaml', (doc) => {
      doc.services.qdrant = { ...doc.services.qdrant, backup: { target: { pvc: null, s3: { bucket: 'acme-backups', endpoint: 'https://s3.eu-central-1.amazonaws.com', secretName: 'backup-s3' } } } };
    });
    const objects = objectsOf(dir, 'prod');
    const pod = find(objects, 'CronJob', 'qdrant-backup').spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toStrictEqual(['qdrant-backup']);
    expect(pod.containers.map((c: any) => c.name)).toStrictEqual(['s3-upload']);
    expect(pod.containers[0].env).toContainEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } });
    // (Secrets are referenced — by the upload, the gateway's certificates and basic auth — never rendered.)
    expect(objects.filter((o: any) => o.kind === 'Secret')).toStrictEqual([]);
    expect(find(objects, 'NetworkPolicy', 'allow-qdrant-backup').spec.egress[1]).toStrictEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect(find(objects, 'PersistentVolumeClaim', 'qdrant-backups')).toBeUndefined();
  });

  it('refuses a backup on a service that is not a store', () => {
    const dir = scratchOverlays();
    edit(dir, 'dev.yaml', (doc) => {
      doc.services.worker = { ...doc.services.worker, backup: { target: { pvc: { size: '1Gi' } } } };
    });
    expect(() => objectsOf(dir, 'dev')).toThrow(/dev\.yaml:\d+:\d+: services\.worker\.backup: only a `store` has backups; this is a `worker`/);
  });

  it('refuses an SLO without request metrics, naming file and line', () => {
    const dir = scratchOverlays();
    edit(dir, 'dev.yaml', (doc) => {
      doc.services.beat = { slo: { availability: 99 } };
    });
    expect(() => objectsOf(dir, 'dev')).toThrow(/dev\.yaml:\d+:\d+: services\.beat\.slo: an SLO needs a `web` service with `metrics`/);
  });
});

describe('backups that leave the cluster (staging, prod)', () => {
  it.each(['staging', 'prod'])('%s: every store uploads to s3://assistant-backups/%s/<store>/ and keeps no volume; the Postgres restore verification downloads from there', (env) => {
    const objects = objectsOf(S3_BACKUPS_STACK, env);
    for (const store of ['postgres', 'redis', 'qdrant']) {
      const pod = find(objects, 'CronJob', `${store}-backup`).spec.jobTemplate.spec.template.spec;
      const upload = pod.containers.at(-1);
      expect(upload.name).toBe('s3-upload');
      const env_ = Object.fromEntries(upload.env.filter((e: any) => e.value).map((e: any) => [e.name, e.value]));
      expect(env_).toMatchObject({ S3_BUCKET: 'assistant-backups', S3_PREFIX: `${env}/${store}`, S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com' });
      expect(find(objects, 'PersistentVolumeClaim', `${store}-backups`)).toBeUndefined();
    }
    const verify = find(objects, 'CronJob', 'postgres-restore-verify').spec.jobTemplate.spec.template.spec;
    expect(verify.initContainers.map((c: any) => c.name)).toStrictEqual(['s3-download']);
  });

  it('BackupStale watches the S3-only backups too: it reads the CronJob\'s last success, and the upload is the pod\'s last container, so a Job succeeds only once the upload did', () => {
    const objects = objectsOf(S3_BACKUPS_STACK, 'staging');
    const stale = objects.filter((o) => o.kind === 'PrometheusRule').flatMap(alertsOf).find((a: any) => a.alert === 'BackupStale');
    for (const store of ['postgres', 'redis', 'qdrant']) {
      expect(stale.expr).toContain(`kube_cronjob_status_last_successful_time{namespace="assistant-staging", cronjob="${store}-backup"}`);
      const pod = find(objects, 'CronJob', `${store}-backup`).spec.jobTemplate.spec.template.spec;
      expect(pod.containers.map((c: any) => c.name)).toStrictEqual(['s3-upload']); // the dump is an init container before it
    }
  });

  it('dev keeps its backups on volumes, with no object-store egress', () => {
    for (const store of ['postgres', 'redis', 'qdrant']) {
      expect(find(dev, 'PersistentVolumeClaim', `${store}-backups`)).toBeDefined();
      expect(find(dev, 'NetworkPolicy', `allow-${store}-backup`).spec.egress).toHaveLength(1);
    }
  });
});
