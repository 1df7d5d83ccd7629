/**
 * npm run verify: current / stale / gate finding, and the promtool and amtool steps (which say
 * so when their tool is missing). Runs on scratch copies of the test stacks, never on overlays/.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promtoolPath } from '../lib/operations/promtool';
import { synth } from '../lib/synth';
import { amtoolPath } from '../scripts/verify/alertmanager';
import { amtoolConfigs } from '../scripts/verify/steps';
import { replaceIn, runScript, scratchDir, scratchFixture, scratchOverlays } from './helpers';

const synthesised = (dir: string) => {
  const out = scratchDir();
  synth({ overlaysDir: dir, outDir: out });
  return out;
};

describe('npm run verify', () => {
  it('passes on a current output folder and says what each step did', () => {
    const dir = scratchOverlays();
    const out = synthesised(dir);
    const run = runScript('verify', ['--overlays', dir, '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`verify: dist: ${out}/ is current`);
    expect(run.stdout).toMatch(/verify: gate: passed: 0 error\(s\), 0 warning\(s\), \d+ waived in \d+ objects/);
    expect(run.stdout).toMatch(promtoolPath() ? /verify: promtool: check rules passed on \d+ rule file\(s\)/ : /verify: promtool: skipped: promtool not found/);
    // The default stack routes alerts in every environment: one translated configuration each.
    expect(run.stdout).toContain(amtoolPath() ? 'verify: amtool: check-config passed on 3 config(s)' : 'verify: amtool: skipped: amtool not found');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('verify: passed');
  });

  it('exits 1 on a stale output folder, with the object-level diff', () => {
    const dir = scratchOverlays();
    const out = synthesised(dir);
    replaceIn(dir, 'base.yaml', 'LOG_LEVEL: info', 'LOG_LEVEL: warning');
    const run = runScript('verify', ['--overlays', dir, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('~ ConfigMap assistant-prod/api-config');
    expect(run.stdout).toContain('data.LOG_LEVEL: "info" → "warning"');
    expect(run.stdout).toContain('+  LOG_LEVEL: warning');
    expect(run.stdout).toMatch(/verify: dist: .* is stale/);
    expect(run.stdout).toContain('verify: FAILED (dist)');
  });

  it('exits 1 when the rendered output fails the gate, naming the file, object and check', () => {
    const dir = scratchFixture();
    replaceIn(dir, 'base.yaml', '      LOG_LEVEL: info', '      LOG_LEVEL: info\n      APP_INI: "db_password=hunter2"');
    const out = synthesised(dir);
    const run = runScript('verify', ['--overlays', dir, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${out}/prod/shop-prod/configmap-api-config.yaml`);
    expect(run.stdout).toMatch(/error {2}ConfigMap shop-prod\/api-config {2}\[configmap-secret-content\]/);
    expect(run.stdout).toContain(`verify: dist: ${out}/ is current`);
    expect(run.stdout).toMatch(/verify: gate: FAILED: 3 error\(s\)/);
    expect(run.stdout).toContain('verify: FAILED (gate)');
  });

  it('exits 2 on a bad overlay and on an unknown flag', () => {
    const dir = scratchFixture();
    replaceIn(dir, 'dev.yaml', '    replicas: 2', '    replicaz: 2');
    const bad = runScript('verify', ['--overlays', dir, '--out', scratchDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('services.api.replicaz: unknown key');
    expect(runScript('verify', ['--bogus']).code).toBe(2);
  });
});

describe('the amtool step', () => {
  it('finds an Alertmanager configuration in a rendered Secret, and checks it or says amtool is missing', () => {
    const rendered = scratchDir();
    mkdirSync(join(rendered, 'prod', 'monitoring'), { recursive: true });
    const config = 'route:\n  receiver: default\nreceivers:\n  - name: default\n';
    writeFileSync(
      join(rendered, 'prod', 'monitoring', 'secret-alertmanager-main.yaml'),
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: alertmanager-main\n  namespace: monitoring\ndata:\n  alertmanager.yaml: ${Buffer.from(config).toString('base64')}\n`,
    );
    const result = amtoolConfigs(rendered);
    expect(result.ok).toBe(true);
    expect(result.verdict).toBe(amtoolPath() ? 'check-config passed on 1 config(s)' : 'skipped: amtool not found (apt-get install prometheus-alertmanager); 1 config(s) not checked');
  });

  it('says so when nothing renders an Alertmanager configuration', () => {
    expect(amtoolConfigs(synthesised(scratchFixture())).verdict).toBe('no Alertmanager config rendered');
  });
});
