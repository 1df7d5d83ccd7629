/**
 * The traffic pictures next to REPORT.md: drawn by Mermaid in the real headless Chromium (Debian's
 * `chromium`; locally skipped with a message when it is missing, a failure on CI where .ci/run
 * installs it), readable (no label overlaps another or leaves the picture), and kept by synth only
 * while they show the chart of the current REPORT.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartSource, chromiumCommand, pictureFile, renderCharts, TRAFFIC_PICTURE_FILE } from '../lib/render/traffic-picture';
import { renderOutputs, synth } from '../lib/synth';
import { DEFAULT_STACK, runScript, scratchDir, scratchOverlays, replaceIn } from './helpers';

const onCi = Boolean(process.env.CI);
const hasChromium = spawnSync(chromiumCommand(), ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasChromium) console.warn(`${chromiumCommand()} not found: the traffic pictures were not drawn; .ci/run installs it`);

const reportOf = (outDir: string, env: string) => readFileSync(join(outDir, env, 'REPORT.md'), 'utf8');

describe('synth keeps a traffic picture only while it shows the current chart', () => {
  const overlays = scratchOverlays();
  const outDir = scratchDir();
  synth({ overlaysDir: overlays, outDir, only: ['dev'] });
  const picture = join(outDir, 'dev', TRAFFIC_PICTURE_FILE);
  writeFileSync(picture, pictureFile(chartSource(reportOf(outDir, 'dev'))!, '<svg xmlns="http://www.w3.org/2000/svg"/>'));

  it('keeps the picture of an unchanged chart, and REPORT.md shows it', () => {
    const before = readFileSync(picture, 'utf8');
    synth({ overlaysDir: overlays, outDir, only: ['dev'] });
    expect(readFileSync(picture, 'utf8')).toBe(before);
    expect(reportOf(outDir, 'dev')).toContain('![Allowed traffic in dev](traffic.svg)');
  });

  it('drops it when the chart changes (a new egress port), so no picture shows traffic the policies no longer allow', () => {
    replaceIn(overlays, 'base.yaml', 'ports: [443], except', 'ports: [443, 8443], except');
    synth({ overlaysDir: overlays, outDir, only: ['dev'] });
    expect(chartSource(reportOf(outDir, 'dev'))).toContain('443, 8443');
    expect(existsSync(picture)).toBe(false);
  });
});

describe.skipIf(!hasChromium && !onCi)('traffic pictures drawn by Mermaid in headless Chromium', () => {
  it('has Chromium (CI installs it)', () => expect(hasChromium, `${chromiumCommand()} --version failed`).toBe(true));

  const reports = new Map(renderOutputs({ overlaysDir: DEFAULT_STACK }).folders.flatMap(({ folder, files }) => {
    const report = files.get('REPORT.md');
    return report ? [[folder, report] as const] : [];
  }));
  const charts = new Map([...reports].map(([env, report]) => [env, chartSource(report)!]));
  const pictures = hasChromium ? renderCharts(charts) : new Map();

  it.each(['dev', 'staging', 'prod'])('%s: every workload drawn, no DNS edge, no label overlapping another or clipped', (env) => {
    const picture = pictures.get(env)!;
    expect(picture.svg).toMatch(/^<svg[^>]*id="traffic-/);
    const workloads = [...charts.get(env)!.matchAll(/ w_\w+[[(]+"([^"]+)"/g)].map((m) => m[1]);
    expect(workloads).toContain('api');
    for (const name of workloads) expect(picture.svg, `${name} not drawn`).toContain(`>${name}<`);
    expect(charts.get(env)).not.toMatch(/\|"53(\/udp)?[",]/);
    const edges = charts.get(env)!.split('\n').filter((line) => line.includes('-->|')).length;
    expect(picture.labels, 'every node and edge label measured').toBe(workloads.length + (charts.get(env)!.match(/\{\{"/g) ?? []).length + edges);
    expect(picture.overlaps).toStrictEqual([]);
    expect(picture.clipped).toStrictEqual([]);
  });

  it('npm run pictures draws each environment once and leaves current pictures alone', () => {
    const outDir = scratchDir();
    synth({ overlaysDir: DEFAULT_STACK, outDir, only: ['dev'] });
    const first = runScript('pictures', ['--out', outDir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${join(outDir, 'dev', TRAFFIC_PICTURE_FILE)}  drawn`);
    const second = runScript('pictures', ['--out', outDir]);
    expect(second.stdout).toContain('unchanged');
    const picture = readFileSync(join(outDir, 'dev', TRAFFIC_PICTURE_FILE), 'utf8');
    expect(picture).toMatch(/^<!-- cdk8s-stack traffic picture of chart sha256:[0-9a-f]{64} \(npm run pictures\) -->\n<svg/);
  });
});
