/**
 * Bad overlays: one clear line per problem (file:line:col: key.path: what is wrong),
 * all problems at once, exit 2, no stack trace, and the output folder untouched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverlays, OverlayError } from '../lib/overlay';
import { appendTo, replaceIn, runScript, scratchDir, scratchOverlays } from './helpers';
import { readTree } from '../lib/render/write';

function problemsOf(dir: string, only: string[] = []): string[] {
  try {
    loadOverlays(dir, only);
  } catch (err) {
    if (err instanceof OverlayError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected the overlays to be rejected');
}

describe('overlay validation', () => {
  it('the default overlays are valid', () => {
    expect(loadOverlays(join(import.meta.dirname, '..', 'overlays')).map((o) => o.environment)).toStrictEqual([
      'dev',
      'prod',
      'staging',
    ]);
  });

  it('names an unknown key with its line and suggests the closest one', () => {
    // GIVEN a typo in an environment file
    const dir = scratchOverlays();
    replaceIn(dir, 'dev.yaml', '    replicas: 2', '    replicaz: 2');
    // THEN
    expect(problemsOf(dir)).toStrictEqual([
      `${dir}/dev.yaml:8:5: services.api.replicaz: unknown key \`replicaz\` — did you mean \`replicas\`?`,
    ]);
  });

  it('reports every problem at once, one line each, in file order', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'dev.yaml', [
      '  beat:',
      '    replicas: two',
      '    resources: { cpu: 1.5cores, memory: 1GB }',
      '    shutdown: { gracePeriod: 30 seconds }',
      '  redis:',
      '    type: stor',
      '',
    ].join('\n'));
    const lines = problemsOf(dir);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`${dir}/dev.yaml:20:5: services.beat.replicas: expected an integer, got string "two"`);
    expect(lines[1]).toMatch(/dev\.yaml:21:18: services\.beat\.resources\.cpu: "1\.5cores" is not a CPU quantity/);
    expect(lines[2]).toMatch(/dev\.yaml:21:33: services\.beat\.resources\.memory: "1GB" is not a memory quantity like `256Mi`/);
    expect(lines[3]).toMatch(/dev\.yaml:22:17: services\.beat\.shutdown\.gracePeriod: "30 seconds" is not a duration like `30s`/);
    expect(lines[4]).toMatch(/dev\.yaml:24:5: services\.redis\.type: "stor" is not one of web, worker, singleton, store, cronjob — did you mean `store`\?/);
  });

  it('rejects a bad cron expression and time zone', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'prod.yaml', [
      '  cleanup:',
      '    type: cronjob',
      '    image: ghcr.io/acme/assistant-api:1.4.2',
      '    resources: { cpu: 100m, memory: 128Mi }',
      '    schedule: "0 25 * * *"',
      '    timeZone: Mars/Olympus',
      '',
    ].join('\n'));
    const lines = problemsOf(dir);
    expect(lines[0]).toMatch(/prod\.yaml:\d+:5: services\.cleanup\.schedule: "0 25 \* \* \*" is not a 5-field cron schedule/);
    expect(lines[1]).toMatch(/prod\.yaml:\d+:5: services\.cleanup\.timeZone: "Mars\/Olympus" is not an IANA time zone/);
  });

  it('names a dependency on a service that does not exist, with a suggestion', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'base.yaml', 'dependsOn: [redis]\n\n  flower', 'dependsOn: [rediss]\n\n  flower');
    expect(problemsOf(dir)).toStrictEqual([
      expect.stringMatching(
        /base\.yaml:\d+:\d+: services\.beat\.dependsOn\[0\]: `rediss` is not a service of this stack — did you mean `redis`\? \(when merged into dev, prod, staging\)/,
      ),
    ]);
  });

  it('names a dependency on a service disabled in that environment', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'prod.yaml', '  beat:\n    dependsOn: [flower]\n');
    expect(problemsOf(dir, ['prod'])).toStrictEqual([
      expect.stringMatching(/prod\.yaml:\d+:\d+: services\.beat\.dependsOn\[0\]: `flower` is disabled in this environment/),
    ]);
  });

  it('rejects duplicate keys (two services with one name) and YAML syntax errors with line and column', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'staging.yaml', '  api:\n    replicas: 4\n');
    replaceIn(dir, 'prod.yaml', 'replicas: 5', 'replicas: [5');
    const lines = problemsOf(dir);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/prod\.yaml:\d+:\d+: YAML syntax error: /);
    expect(lines[1]).toMatch(/staging\.yaml:\d+:3: YAML syntax error: duplicate key/);
  });

  it('rejects a missing required key after merging, pointing at the map that lacks it', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'dev.yaml', '  extra:\n    type: worker\n    resources: { cpu: 100m, memory: 64Mi }\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      expect.stringMatching(/dev\.yaml:\d+:3: services\.extra: missing required key `image`/),
    ]);
  });

  it('enforces what each service type needs', () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'base.yaml', '    storage: { size: 2Gi, mountPath: /data }\n', '');
    appendTo(dir, 'dev.yaml', '  beat:\n    replicas: 2\n');
    const lines = problemsOf(dir, ['dev']);
    expect(lines).toContainEqual(expect.stringMatching(/dev\.yaml:\d+:5: services\.beat\.replicas: a `singleton` runs exactly one replica/));
    expect(lines).toContainEqual(expect.stringMatching(/base\.yaml:\d+:5: services\.redis\.type: a `store` needs `storage`/));
  });

  it('rejects a service name too long for the object names derived from it', () => {
    const dir = scratchOverlays();
    const long = 'a-really-long-service-name-that-goes-on-and-on';
    appendTo(dir, 'dev.yaml', `  ${long}:\n    type: worker\n    image: busybox:1.36\n    resources: { cpu: 10m, memory: 16Mi }\n    health: { liveness: { command: [/bin/true] } }\n`);
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      expect.stringMatching(new RegExp(`services\\.${long}: service name is ${long.length} characters; at most 40`)),
    ]);
  });

  it('null removes a key set in the base', () => {
    const dir = scratchOverlays();
    appendTo(dir, 'dev.yaml', '  beat:\n    args: null\n');
    const [dev] = loadOverlays(dir, ['dev']);
    expect(dev.stack.services.beat.args).toBeUndefined();
    expect(dev.stack.services.beat.command).toStrictEqual(['celery', '-A', 'assistant.worker', 'beat']);
  });

  it('names an unknown overlay and lists the ones that exist', () => {
    expect(problemsOf(scratchOverlays(), ['prd'])).toStrictEqual([
      expect.stringMatching(/: unknown overlay `prd` — did you mean `prod`\?; overlays in .*: dev, prod, staging$/),
    ]);
  });
});

describe('npm run synth with bad input', () => {
  it('exits 2 with one line per problem, no stack trace, and leaves the output folder as it was', () => {
    // GIVEN a rendered output folder
    const dir = scratchOverlays();
    const out = scratchDir();
    expect(runScript('synth', ['--overlays', dir, '--out', out, '--quiet']).code).toBe(0);
    const before = readTree(out);
    // WHEN an overlay gets a typo and synth runs again
    replaceIn(dir, 'dev.yaml', '    replicas: 2', '    replicaz: 2');
    const run = runScript('synth', ['--overlays', dir, '--out', out]);
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dev.yaml:8:5: services.api.replicaz: unknown key `replicaz` — did you mean `replicas`?');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(out)).toStrictEqual(before);
  });

  it('exits 2 on an unknown overlay name and an unknown flag', () => {
    const unknown = runScript('synth', ['--overlay', 'qa', '--out', scratchDir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown overlay `qa`; overlays in overlays: dev, prod, staging');
    const flag = runScript('synth', ['--overlayz', 'dev']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--overlayz'");
    expect(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).toContain('cdk8s-stack');
  });
});
