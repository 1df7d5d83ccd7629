import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ROOT, scratchDir } from './helpers';

/** The `cdk8s-stack` command as an adopter runs it, from their own folder. */
function cdk8sStack(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'cdk8s-stack.mjs'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cdk8s-stack init', () => {
  it('writes a starter stack that renders and refuses to overwrite it', () => {
    // GIVEN an empty folder
    const dir = scratchDir();
    const overlays = join(dir, 'overlays');
    // WHEN init runs there
    const init = cdk8sStack(['init', '--dir', overlays, '--name', 'shop'], dir);
    // THEN the files point editors at the schema, carry the schema version and synth renders them
    expect(init.code).toBe(0);
    expect(readFileSync(join(overlays, 'base.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\S+\/schema\/overlay\.schema\.json\nschemaVersion: 1\n/);
    expect(cdk8sStack(['synth', '--overlays', overlays, '--out', join(dir, 'dist'), '--check', '--quiet'], dir).code).toBe(0);
    const again = cdk8sStack(['init', '--dir', overlays], dir);
    expect([again.code, again.stderr.split('\n')[0]]).toStrictEqual([2, `${overlays}/ already has base.yaml, dev.yaml, prod.yaml; init never overwrites — pick another --dir`]);
  });

  it('tells a user whose overlays are newer than the tool what to upgrade', () => {
    const dir = scratchDir();
    const overlays = join(dir, 'overlays');
    cdk8sStack(['init', '--dir', overlays], dir);
    const dev = join(overlays, 'dev.yaml');
    writeFileSync(dev, readFileSync(dev, 'utf8').replace('schemaVersion: 1', 'schemaVersion: 2'));
    const synth = cdk8sStack(['synth', '--overlays', overlays, '--out', join(dir, 'dist')], dir);
    expect(synth.code).toBe(2);
    expect(synth.stderr).toContain(`${dev}:2:1: schemaVersion: this file is written for overlay schema 2, and this cdk8s-stack reads schema 1: upgrade cdk8s-stack`);
  });
});
