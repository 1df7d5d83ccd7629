/**
 * npm run diff: what a synth would change, object by object; exit 0 current, 1 stale, 2 bad input.
 */
import { describe, expect, it } from 'vitest';
import { changedFields, diffStack } from '../lib/diff';
import { readTree } from '../lib/render/write';
import { synth } from '../lib/synth';
import { replaceIn, runScript, scratchDir, scratchOverlays } from './helpers';

describe('npm run diff', () => {
  it('is current after a synth, names the object and the field after an edit, and is current again after re-synth', () => {
    const dir = scratchOverlays();
    const out = scratchDir();
    synth({ overlaysDir: dir, outDir: out });
    const before = readTree(out);

    const current = runScript('diff', ['--overlays', dir, '--out', out]);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toMatch(/is current/);

    replaceIn(dir, 'base.yaml', 'LOG_LEVEL: info', 'LOG_LEVEL: warning');
    const stale = runScript('diff', ['--overlays', dir, '--out', out]);
    expect(stale.code, stale.stderr).toBe(1);
    expect(stale.stdout).toMatch(/prod\/: 0 added, \d+ changed, 0 removed/);
    expect(stale.stdout).toContain('~ ConfigMap assistant-prod/api-config');
    expect(stale.stdout).toContain('data.LOG_LEVEL: "info" → "warning"');
    expect(stale.stdout).toContain('-  LOG_LEVEL: info');
    expect(stale.stdout).toContain('+  LOG_LEVEL: warning');
    expect(stale.stdout).toMatch(/is stale/);
    expect(readTree(out)).toStrictEqual(before); // diff never writes

    // dev sets its own LOG_LEVEL for api: only staging and prod changed.
    expect(stale.stdout).toMatch(/dev\/: current/);
    const one = runScript('diff', ['--overlays', dir, '--out', out, '--overlay', 'prod', '--summary']);
    expect(one.code).toBe(1);
    expect(one.stdout).not.toContain('staging/');
    expect(one.stdout).toContain('data.LOG_LEVEL');
    expect(one.stdout).not.toContain('@@');

    synth({ overlaysDir: dir, outDir: out });
    const again = runScript('diff', ['--overlays', dir, '--out', out]);
    expect(again.code, again.stdout).toBe(0);
  });

  it('reports objects added and removed, grouped per folder', () => {
    const dir = scratchOverlays();
    const out = scratchDir();
    synth({ overlaysDir: dir, outDir: out });
    replaceIn(dir, 'dev.yaml', 'flower:\n    enabled: true', 'flower:\n    enabled: false');
    const result = diffStack({ overlaysDir: dir, outDir: out });
    const dev = result.folders.find((f) => f.folder === 'dev')!;
    expect(dev.removed.map((c) => c.id)).toContain('Deployment assistant-dev/flower');
    expect(dev.added).toStrictEqual([]);
    expect(result.folders.find((f) => f.folder === 'prod')!.changed).toStrictEqual([]);
    expect(result.stale).toBe(true);
  });

  it('exits 2 on bad input and when dist is missing everything is added', () => {
    const dir = scratchOverlays();
    expect(runScript('diff', ['--overlays', dir, '--overlay', 'prd']).code).toBe(2);
    expect(runScript('diff', ['--bogus']).code).toBe(2);
    const empty = runScript('diff', ['--overlays', dir, '--out', scratchDir(), '--summary']);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/dev\/: \d+ added, 0 changed, 0 removed/);
  });

  it('names changed fields by key path, quoting keys with dots', () => {
    expect(changedFields({ spec: { replicas: 2, hard: { 'limits.memory': '1Gi' } } }, { spec: { replicas: 4, hard: { 'limits.memory': '2Gi' } } })).toStrictEqual([
      'spec.hard["limits.memory"]: "1Gi" → "2Gi"',
      'spec.replicas: 2 → 4',
    ]);
  });
});

describe('changed fields', () => {
  it('names list items by their name, as Kubernetes merges them, and shows long values around the change', () => {
    const before = { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } };
    const after = { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } };
    expect(changedFields(before, after)).toStrictEqual([
      'spec.containers[app].env[A]: {"name":"A","value":"1"} → absent',
      'spec.containers[app].env[B].value: "2" → "3"',
      'spec.containers[app].env[C]: absent → {"name":"C","value":"4"}',
    ]);
    const long = (tail: string) => `sum(rate(http_requests_total{namespace="assistant-prod", job="api"}[5m])) > ${tail}`;
    expect(changedFields({ expr: long('0.01') }, { expr: long('0.05') })).toStrictEqual([
      'expr: …\\"api\\"}[5m])) > 0.01" → …\\"api\\"}[5m])) > 0.05"',
    ]);
  });
});
