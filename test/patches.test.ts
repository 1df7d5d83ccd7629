/** `patches`: JSON patches on rendered objects, errors at the patch's file:line:col, the gate on the patched output. */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../lib/model/schema';
import { loadOverlays } from '../lib/overlay';
import { renderOverlay } from '../lib/render/render';
import { checkYaml, findingsOf } from './check/helpers';
import { buildStack } from './constructs/stack-builder';
import { scratchFixture } from './helpers';

function render(patches: unknown[], extraObjects: unknown[] = []) {
  const stack = { ...buildStack(), patches, extraObjects } as Stack;
  return renderOverlay({ environment: 'test', stack });
}

const deploymentOf = (files: ReturnType<typeof render>) => files.find((f) => f.path === 'shop/deployment-api.yaml')!;

describe('patches', () => {
  it('applies the operations in order to the target', () => {
    const file = deploymentOf(render([{
      target: { kind: 'Deployment', name: 'api' },
      patch: [
        { op: 'add', path: '/spec/minReadySeconds', value: 10 },
        { op: 'add', path: '/spec/template/spec/containers/0/args', value: ['--verbose'] },
        { op: 'replace', path: '/spec/revisionHistoryLimit', value: 2 },
      ],
    }]));
    expect(file.object.spec).toMatchObject({ minReadySeconds: 10, revisionHistoryLimit: 2, template: { spec: { containers: [{ args: ['--verbose'] }] } } });
    expect(file.content).toContain('minReadySeconds: 10');
  });

  it('patches extra objects too', () => {
    const flags = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'shop' }, data: { a: '1' } };
    const files = render([{ target: { kind: 'ConfigMap', name: 'flags' }, patch: [{ op: 'add', path: '/data/b', value: '2' }] }], [flags]);
    expect(files.find((f) => f.path === 'shop/configmap-flags.yaml')!.object.data).toStrictEqual({ a: '1', b: '2' });
  });

  it('refuses a target that matches nothing, and an operation that does not apply', () => {
    expect(() => render([{ target: { kind: 'Deployment', name: 'apu' }, patch: [{ op: 'remove', path: '/spec' }] }])).toThrow(
      'patches[0].target: no rendered object is Deployment apu in test',
    );
    expect(() => render([{ target: { kind: 'Deployment', name: 'api' }, patch: [{ op: 'remove', path: '/spec/nothing' }] }])).toThrow(
      'patches[0].patch[0]: does not apply to Deployment api in test: `/spec/nothing` does not exist',
    );
  });

  it('names the file, line and column of a patch that matches nothing', () => {
    const dir = scratchFixture();
    appendFileSync(join(dir, 'dev.yaml'), 'patches:\n  - target: { kind: Deployment, name: apu }\n    patch: [{ op: remove, path: /spec/replicas }]\n');
    const [dev] = loadOverlays(dir, ['dev']);
    expect(() => renderOverlay(dev)).toThrow(new RegExp(`^${join(dir, 'dev.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: patches\\[0\\]\\.target: no rendered object is Deployment apu in dev$`));
  });

  it('names the `-f` file of a patch that came from the command line', () => {
    const dir = scratchFixture();
    const layer = join(dir, 'hotfix.yml');
    writeFileSync(layer, 'patches:\n  - target: { kind: Deployment, name: apu }\n    patch: [{ op: remove, path: /spec/replicas }]\n');
    const [dev] = loadOverlays(dir, ['dev'], { files: [layer] });
    expect(() => renderOverlay(dev)).toThrow(`${layer}:2:5: patches[0].target: no rendered object is Deployment apu in dev`);
  });

  it('leaves the patched output to the gate', () => {
    const file = deploymentOf(render([{ target: { kind: 'Deployment', name: 'api' }, patch: [{ op: 'add', path: '/spec/template/spec/hostNetwork', value: true }] }]));
    expect(findingsOf(checkYaml(file.content, file.path), 'pss-host-namespaces').length).toBe(1);
  });
});
