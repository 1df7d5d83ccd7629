/**
 * GitOps delivery: dist/argocd/ (AppProject + one Application per environment) and sync waves.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadOverlays } from '../lib/overlay';
import { RESOURCES_FINALIZER, renderArgoCd } from '../lib/render/argocd';
import { renderOverlay } from '../lib/render/render';
import { SYNC_WAVE, syncWave, withSyncWaves } from '../lib/render/sync-waves';
import { MIGRATION_HOOK } from '../lib/constructs/migration-job';
import type { KubeObject } from '../lib/render/files';
import { readTree } from '../lib/render/write';
import { synth } from '../lib/synth';
import { DEFAULT_STACK, replaceIn, scratchDir, scratchOverlays } from './helpers';


describe('dist/argocd', () => {
  const outDir = scratchDir();
  synth({ overlaysDir: DEFAULT_STACK, outDir });
  const tree = readTree(outDir);
  const argocd = [...tree].filter(([p]) => p.startsWith('argocd/')).map(([, c]) => parse(c));
  const project = argocd.find((o) => o.kind === 'AppProject');
  const applications = argocd.filter((o) => o.kind === 'Application');
  const overlays = loadOverlays(DEFAULT_STACK);
  const gitops = overlays[0].stack.stack.gitops!;

  it('renders one AppProject and one Application per overlay, in the ArgoCD namespace', () => {
    expect(project.metadata).toMatchObject({ name: 'assistant', namespace: 'argocd' });
    expect(applications.map((a) => a.metadata.name).sort()).toStrictEqual(overlays.map((o) => `assistant-${o.environment}`).sort());
    for (const a of applications) {
      expect(a.metadata.namespace).toBe('argocd');
      expect(a.metadata.finalizers).toStrictEqual([RESOURCES_FINALIZER]);
      expect(a.spec.project).toBe(project.metadata.name);
      expect(a.spec.source).toMatchObject({ repoURL: gitops.repoURL, targetRevision: 'main', directory: { recurse: true } });
      expect(a.spec.syncPolicy.syncOptions).toStrictEqual(['ServerSideApply=true', 'CreateNamespace=false', 'PruneLast=true']);
      expect(a.spec.syncPolicy.retry).toStrictEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } });
    }
  });

  it("each Application's path exists in the rendered output and holds its overlay's objects", () => {
    for (const a of applications) {
      expect(a.spec.source.path.startsWith(`${gitops.path}/`)).toBe(true);
      const folder = join(outDir, a.spec.source.path.slice(gitops.path.length + 1));
      expect(existsSync(folder), a.spec.source.path).toBe(true);
      expect(readdirSync(folder, { recursive: true }).some((f) => String(f).endsWith('.yaml'))).toBe(true);
    }
  });

  it('every namespace an overlay renders (and only those) is an AppProject destination on its server', () => {
    const allowed = new Set(project.spec.destinations.map((d: any) => `${d.server} ${d.namespace}`));
    const rendered = new Set<string>();
    for (const overlay of overlays) {
      const application = applications.find((a) => a.metadata.name === `assistant-${overlay.environment}`);
      const server = application.spec.destination.server;
      expect(application.spec.destination.namespace).toBe(overlay.stack.stack.namespace);
      for (const file of renderOverlay(overlay)) {
        if (file.object.metadata.namespace) rendered.add(`${server} ${file.object.metadata.namespace}`);
      }
    }
    expect(rendered.size).toBeGreaterThan(0);
    expect([...allowed].sort()).toStrictEqual([...rendered].sort());
  });

  it('allows exactly this repository and exactly the rendered kinds, no wildcards', () => {
    expect(project.spec.sourceRepos).toStrictEqual([gitops.repoURL]);
    const kinds = { cluster: new Set<string>(), namespaced: new Set<string>() };
    for (const overlay of overlays) {
      for (const { object } of renderOverlay(overlay)) {
        const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
        (object.metadata.namespace ? kinds.namespaced : kinds.cluster).add(`${group}/${object.kind}`);
      }
    }
    const listed = (list: { group: string; kind: string }[]) => list.map((k) => `${k.group}/${k.kind}`).sort();
    expect(listed(project.spec.clusterResourceWhitelist)).toStrictEqual([...kinds.cluster].sort());
    expect(listed(project.spec.namespaceResourceWhitelist)).toStrictEqual([...kinds.namespaced].sort());
    expect(JSON.stringify(project.spec)).not.toContain('*');
  });

  it('syncs dev and staging automatically with prune and self-heal; prod waits for a person', () => {
    const policy = (env: string) => applications.find((a) => a.metadata.name === `assistant-${env}`).spec.syncPolicy;
    expect(policy('dev').automated).toStrictEqual({ prune: true, selfHeal: true });
    expect(policy('staging').automated).toStrictEqual({ prune: true, selfHeal: true });
    expect(policy('prod').automated).toBeUndefined();
  });

  it('an environment file overrides the sync policy, and sync windows land in the AppProject for that Application', () => {
    const dir = scratchOverlays(DEFAULT_STACK);
    replaceIn(dir, 'staging.yaml', 'stack:\n', 'stack:\n  gitops:\n    sync:\n      selfHeal: false\n      windows:\n        - { kind: deny, schedule: "0 22 * * 5", duration: 60h, manualSync: true }\n');
    const files = renderArgoCd(loadOverlays(dir).map((overlay) => ({ overlay, objects: renderOverlay(overlay).map((f) => f.object) })));
    const objects = files.map((f) => f.object as any);
    const staging = objects.find((o) => o.metadata.name === 'assistant-staging');
    expect(staging.spec.syncPolicy.automated).toStrictEqual({ prune: true, selfHeal: false });
    expect(objects.find((o) => o.kind === 'AppProject').spec.syncWindows).toStrictEqual([
      { kind: 'deny', schedule: '0 22 * * 5', duration: '60h', manualSync: true, applications: ['assistant-staging'] },
    ]);
  });

  it('renders nothing for ArgoCD when no overlay sets stack.gitops, and rejects a bad repoURL', () => {
    const dir = scratchOverlays(DEFAULT_STACK);
    replaceIn(dir, 'base.yaml', '  gitops:', '  gitopsOff:');
    expect(() => loadOverlays(dir)).toThrow(/gitopsOff/);
    const plain = scratchOverlays(DEFAULT_STACK);
    replaceIn(plain, 'base.yaml', 'repoURL: https://github.com/acme/assistant-gitops.git', 'repoURL: github.com/acme');
    expect(() => loadOverlays(plain)).toThrow(/repoURL/);
    const none = scratchOverlays(DEFAULT_STACK);
    const base = readFileSync(join(none, 'base.yaml'), 'utf8');
    replaceIn(none, 'base.yaml', /^ {2}gitops:.*\n(?: {4}.*\n)*/m.exec(base)![0], '');
    replaceIn(none, 'prod.yaml', /^ {2}gitops:.*\n(?: {4}.*\n)*/m.exec(readFileSync(join(none, 'prod.yaml'), 'utf8'))![0], '');
    const out = scratchDir();
    synth({ overlaysDir: none, outDir: out });
    expect(readFileSync(join(none, 'base.yaml'), 'utf8')).not.toContain('gitops');
    expect(existsSync(join(out, 'argocd'))).toBe(false);
  });

  it('leaves dist/argocd alone when synthesising one overlay', () => {
    const out = scratchDir();
    synth({ overlaysDir: DEFAULT_STACK, outDir: out, only: ['dev'] });
    expect(existsSync(join(out, 'argocd'))).toBe(false);
  });
});

describe('sync waves', () => {
  const obj = (kind: string, name = 'x', extra: Record<string, unknown> = {}): KubeObject =>
    ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'ns' }, ...extra }) as KubeObject;

  it('orders namespace and guardrails, then config, then stores, then apps, then monitoring', () => {
    for (const kind of ['Namespace', 'ResourceQuota', 'LimitRange', 'PriorityClass', 'NetworkPolicy', 'ServiceAccount']) expect(syncWave(obj(kind)), kind).toBe(-3);
    for (const kind of ['ConfigMap', 'ExternalSecret']) expect(syncWave(obj(kind)), kind).toBe(-2);
    expect(syncWave(obj('StatefulSet'))).toBe(-1);
    for (const kind of ['Deployment', 'CronJob', 'HorizontalPodAutoscaler', 'Service']) expect(syncWave(obj(kind)), kind).toBe(0);
    for (const kind of ['ServiceMonitor', 'PrometheusRule']) expect(syncWave(obj(kind)), kind).toBe(1);
    // Last: a WaitForFirstConsumer claim stays Pending until its CronJob first runs.
    expect(syncWave(obj('PersistentVolumeClaim'))).toBe(2);
  });

  it('never lets ArgoCD prune or delete what holds data: namespaces, StatefulSets, claims', () => {
    const objects = withSyncWaves([obj('Namespace'), obj('StatefulSet'), obj('PersistentVolumeClaim'), obj('Deployment')]);
    expect(objects.map((o) => (o.metadata.annotations as any)['argocd.argoproj.io/sync-options'])).toStrictEqual([
      'Prune=false,Delete=false',
      'Prune=false,Delete=false',
      'Prune=false,Delete=false',
      undefined,
    ]);
  });

  it("puts a StatefulSet's Service in the stores' wave and keeps a wave a construct set", () => {
    const objects = withSyncWaves([
      obj('StatefulSet', 'db', { spec: { serviceName: 'db-headless' } }),
      obj('Service', 'db-headless'),
      obj('Service', 'api'),
      { ...obj('Job', 'migrate'), metadata: { name: 'migrate', namespace: 'ns', annotations: { [SYNC_WAVE]: '-1' } } } as KubeObject,
    ]);
    expect(objects.map((o) => (o.metadata.annotations as any)[SYNC_WAVE])).toStrictEqual(['-1', '-1', '0', '-1']);
  });

  it('annotates every rendered object of every overlay', () => {
    for (const overlay of loadOverlays(DEFAULT_STACK)) {
      for (const { object } of renderOverlay(overlay)) {
        const annotations = object.metadata.annotations as Record<string, string>;
        // A migration hook Job sets its own wave (the stores', before the apps roll).
        const expected = annotations['argocd.argoproj.io/hook'] ? Number(MIGRATION_HOOK[SYNC_WAVE]) : object.kind === 'Service' ? ((object.spec as any).clusterIP === 'None' ? -1 : 0) : syncWave(object);
        expect(Number(annotations[SYNC_WAVE]), `${overlay.environment} ${object.kind}`).toBe(expected);
      }
    }
  });
});
