/**
 * ops/scripts/qdrant-peer.sh as the rendered peers run it (ConfigMap `<store>-qdrant-ha`, the
 * StatefulSet's command and environment), with `echo` standing in for the qdrant binary
 * (QDRANT_BIN): pod 0 starts the cluster, every other pod bootstraps from pod 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStack, qdrantStore, synthService } from './constructs/stack-builder';

const stack = buildStack({
  vectors: qdrantStore({ distributed: {} }),
});
const { manifests } = synthService(stack, 'vectors');
const container = manifests.find((m) => m.kind === 'StatefulSet').spec.template.spec.containers[0];
const scripts = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'vectors-qdrant-ha').data as Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-qdrant-peer-'));
for (const [file, text] of Object.entries(scripts)) writeFileSync(join(dir, file), text);

function start(pod: string): string {
  const env = Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
  const [cmd, ...args] = (container.command as string[]).map((p) => p.replace('/opt/qdrant-ha', dir));
  const run = spawnSync(cmd!, args, { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env, POD_NAME: pod, QDRANT_BIN: 'echo' } });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim().split('\n').at(-1)!;
}

describe('qdrant-peer.sh', () => {
  it('starts the cluster on pod 0 with its own URI', () => {
    expect(start('vectors-0')).toBe('--uri http://vectors-0.vectors-headless:6335');
  });

  it('bootstraps every other pod from pod 0', () => {
    expect(start('vectors-2')).toBe('--bootstrap http://vectors-0.vectors-headless:6335 --uri http://vectors-2.vectors-headless:6335');
  });
});
