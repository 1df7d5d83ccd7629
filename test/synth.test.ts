/**
 * The synth contract: one file per object with stable names, recommended labels,
 * deterministic bytes, atomic and tidy writes (on the frozen default stack; the user's own dist/ is
 * checked in user-stack.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { synth, synthVerified } from '../lib/synth';
import { checkOutputs } from '../scripts/synth-gate';
import { loadOverlays } from '../lib/overlay';
import { renderOverlay } from '../lib/render/render';
import { readTree } from '../lib/render/write';
import { DEFAULT_STACK, appendTo, replaceIn, runScript, scratchDir, scratchFixture, scratchOverlays } from './helpers';

const render = (overlaysDir: string, only: string[] = []) => {
  const outDir = scratchDir();
  const result = synth({ overlaysDir, outDir, only });
  return { outDir, result, tree: readTree(outDir) };
};

describe('synth output', () => {
  const { tree } = render(DEFAULT_STACK);

  it('renders every environment into its own folder, one object per file named after namespace, kind and name', () => {
    const folders = new Set([...tree.keys()].map((p) => p.split('/')[0]));
    expect([...folders]).toStrictEqual(['argocd', 'dev', 'prod', 'staging']);
    for (const [path, content] of tree) {
      if (!path.endsWith('.yaml')) continue; // REPORT.md and its pictures (dashboards/*.svg)
      const docs = content.split(/^---$/m);
      expect(docs).toHaveLength(1);
      const object = parse(content);
      const [, folder, file] = path.split('/');
      expect(folder).toBe(object.metadata.namespace ?? '_cluster');
      expect(file).toBe(`${object.kind.toLowerCase()}-${object.metadata.name}.yaml`);
    }
    expect(tree.has('dev/assistant-dev/deployment-api.yaml')).toBe(true);
    expect(tree.has('dev/assistant-dev/service-api.yaml')).toBe(true);
    expect(tree.has('prod/assistant-prod/cluster-postgres.yaml')).toBe(true);
  });

  it('labels every object with the recommended app.kubernetes.io labels', () => {
    for (const [path, content] of tree) {
      if (!path.endsWith('.yaml')) continue; // REPORT.md and its pictures
      const labels = parse(content).metadata.labels;
      expect(labels).toMatchObject({
        'app.kubernetes.io/name': expect.any(String),
        'app.kubernetes.io/instance': expect.any(String),
        'app.kubernetes.io/part-of': 'assistant',
        'app.kubernetes.io/managed-by': 'cdk8s-stack',
      });
    }
  });

  it('every file parses back (YAML 1.1 and 1.2) to the object cdk8s resolved', () => {
    for (const overlay of loadOverlays(DEFAULT_STACK)) {
      for (const file of renderOverlay(overlay)) {
        for (const version of ['1.1', '1.2'] as const) expect(parse(file.content, { version })).toStrictEqual(file.object);
      }
    }
  });

  it('every file reads back the same in PyYAML (YAML 1.1, as strict as parsers get), when python3 has it', () => {
    const files = loadOverlays(DEFAULT_STACK).flatMap((o) => renderOverlay(o));
    const script = 'import sys, json, yaml\nprint(json.dumps([yaml.safe_load(d) for d in json.load(sys.stdin)]))';
    const py = spawnSync('python3', ['-c', script], { input: JSON.stringify(files.map((f) => f.content)), encoding: 'utf8' });
    if (py.status !== 0 && /No module named 'yaml'|not found/.test(py.stderr)) return; // no PyYAML here
    expect(py.status, py.stderr).toBe(0);
    expect(JSON.parse(py.stdout)).toStrictEqual(files.map((f) => JSON.parse(JSON.stringify(f.object))));
  });

  it('puts apiVersion, kind, metadata first and name first inside metadata', () => {
    for (const [path, content] of tree) {
      if (!path.endsWith('.yaml')) continue; // REPORT.md and its pictures
      expect(content).toMatch(/^apiVersion: .*\nkind: .*\nmetadata:\n  name: /);
    }
  });

  it('leaves flower out of prod and renders it in dev and staging', () => {
    expect(tree.has('dev/assistant-dev/deployment-flower.yaml')).toBe(true);
    expect(tree.has('staging/assistant-staging/deployment-flower.yaml')).toBe(true);
    expect([...tree.keys()].some((p) => p.startsWith('prod/') && p.includes('flower'))).toBe(false);
  });
});

describe('determinism', () => {
  it('gives the same bytes twice, and whatever the key order inside the overlay files', () => {
    const first = render(DEFAULT_STACK).tree;
    const dir = scratchOverlays();
    // Reorder: move the `stack:` block after `services:` in the base file.
    const block = /^stack:\n(?:[ #].*\n)*/m.exec(readFileSync(join(dir, 'base.yaml'), 'utf8'))![0];
    replaceIn(dir, 'base.yaml', block, '');
    appendTo(dir, 'base.yaml', `\n${block.replace('  name: assistant\n  namespace: assistant\n', '')}  namespace: assistant\n  name: assistant\n`);
    expect(render(dir).tree).toStrictEqual(first);
    expect(render(DEFAULT_STACK).tree).toStrictEqual(first);
  });
});

describe('atomic, tidy writes', () => {
  it('removes the files of objects that no longer exist and reports what changed', () => {
    const dir = scratchFixture();
    const { outDir } = render(dir);
    writeFileSync(join(outDir, 'dev', 'stray.yaml'), 'kind: Leftover\n');
    replaceIn(dir, 'dev.yaml', '  worker:\n    replicas: 1', '  worker:\n    enabled: false');
    appendTo(dir, 'dev.yaml', '  beat:\n    resources: { cpu: 200m }\n');
    const result = synth({ overlaysDir: dir, outDir, only: ['dev'] });
    const dev = result.folders[0];
    expect(dev.removed).toStrictEqual([
      'shop-dev/deployment-worker.yaml',
      'shop-dev/networkpolicy-allow-worker.yaml',
      'shop-dev/serviceaccount-worker.yaml',
      'stray.yaml',
    ]);
    // The beat's pod grew, and so did the quota sized from the pods; redis lost a client; the
    // worker's WorkloadUnavailable alert went with it; REPORT.md lists every object, so it changes with them;
    // System Health no longer offers the worker.
    expect(dev.changed).toStrictEqual([
      'REPORT.md',
      'shop-dev/configmap-dashboard-system-health.yaml',
      'shop-dev/deployment-beat.yaml',
      'shop-dev/networkpolicy-allow-redis.yaml',
      'shop-dev/prometheusrule-shop-alerts.yaml',
      'shop-dev/resourcequota-shop-dev.yaml',
    ]);
    expect(dev.added).toStrictEqual([]);
    expect(existsSync(join(outDir, 'dev', 'shop-dev', 'deployment-worker.yaml'))).toBe(false);
  });

  it('leaves the previous output byte for byte as it was when the process fails just before the swap', () => {
    const dir = scratchFixture();
    const { outDir, tree: before } = render(dir);
    replaceIn(dir, 'dev.yaml', 'replicas: 2', 'replicas: 4');
    expect(() =>
      synth({ overlaysDir: dir, outDir, write: { beforeSwap: () => { throw new Error('disk full'); } } }),
    ).toThrow('disk full');
    expect(readTree(outDir)).toStrictEqual(before);
  });

  it('renders one overlay with --overlay and leaves the other folders alone', () => {
    const dir = scratchFixture();
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', dir, '--out', out, '--overlay', 'prod']);
    expect(run.code).toBe(0);
    const [, objects, added] = /prod\/\s+(\d+) objects\s+(\d+) added, 0 changed, 0 removed/.exec(run.stdout) ?? [];
    // One file per object, REPORT.md, and the picture of each dashboard REPORT.md shows.
    const pictures = [...readTree(out).keys()].filter((p) => /^prod\/dashboards\/[a-z0-9-]+\.svg$/.test(p)).length;
    expect(pictures).toBeGreaterThan(0);
    expect(Number(added)).toBe(Number(objects) + 1 + pictures);
    expect(run.stdout).toMatch(/synth: 1 folder\(s\) in \d+ ms/);
    // Only prod/: argocd/ needs every environment, so a partial synth leaves it alone.
    expect([...new Set([...readTree(out).keys()].map((p) => p.split('/')[0]))]).toStrictEqual(['prod']);
    expect(readTree(out).size).toBe(Number(added));
    const again = runScript('synth', ['--overlays', dir, '--out', out, '--overlay', 'prod']);
    expect(again.stdout).toMatch(new RegExp(`prod/\\s+${objects} objects\\s+unchanged`));
  });
});

describe('synth --check', () => {
  it('runs the policy gate on the files as written and passes on the default stack', () => {
    const out = scratchDir();
    const run = runScript('synth', ['--check', '--overlays', DEFAULT_STACK, '--out', out, '--quiet']);
    expect(run.code).toBe(0);
    expect(readTree(out).size).toBeGreaterThan(100);
  });

  it('hands every folder to the verify step before writing, and writes nothing when it throws', async () => {
    const outDir = scratchDir();
    const seen: string[] = [];
    const refuse = async (dir: string, outputs: readonly { readonly folder: string }[]) => {
      seen.push(dir, ...outputs.map((o) => o.folder));
      throw new Error('refused');
    };
    await expect(synthVerified({ overlaysDir: DEFAULT_STACK, outDir }, refuse)).rejects.toThrow('refused');
    expect(seen).toStrictEqual([outDir, 'dev', 'prod', 'staging', 'argocd']);
    expect(existsSync(outDir) ? readTree(outDir).size : 0).toBe(0);
  });

  it('reports the findings of a rendered file, naming the file, object and check', async () => {
    const files = new Map([['ns/secret-db.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: ns\ndata:\n  password: aHVudGVyMg==\n']]);
    const report = await checkOutputs('out', [{ folder: 'dev', files }]);
    expect(report.passed).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ file: 'out/dev/ns/secret-db.yaml', object: 'Secret ns/db', check: 'secret-literal-data' }),
    );
  });
});
