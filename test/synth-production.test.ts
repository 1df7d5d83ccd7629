/**
 * `stack.tier: production`: synth runs the gate, with the single-point-of-failure check, on
 * that environment and writes nothing when it fails; `services.<name>.waive` waives per object.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOutputs, synthVerified } from '../lib/synth';
import { GateError, gateFor } from '../scripts/synth-gate';
import { readTree } from '../lib/render/write';
import { ROOT, replaceIn, runScript, scratchDir, scratchOverlays } from './helpers';

const SPOF = 'single-point-of-failure';
const WAIVER_LINE = /^ {4}waive: \{ single-point-of-failure: .*\n/gm;

/** The project's overlays with the prod store waivers taken out: today's prod as the gate sees it. */
function prodWithoutWaivers(): string {
  const dir = scratchOverlays();
  const file = join(dir, 'prod.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text.match(WAIVER_LINE)).toHaveLength(3);
  writeFileSync(file, text.replace(WAIVER_LINE, ''));
  return dir;
}

async function gateError(overlaysDir: string, only: string[], all = false): Promise<GateError> {
  const outDir = scratchDir();
  const error = await synthVerified({ overlaysDir, outDir, only }, gateFor(all)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GateError);
  expect(existsSync(outDir) ? readTree(outDir).size : 0).toBe(0);
  return error as GateError;
}

describe('the production tier', () => {
  it('GIVEN the project overlays WHEN rendered THEN prod (and only prod) is marked production', () => {
    const outputs = renderOutputs({ overlaysDir: join(ROOT, 'overlays') }).folders;
    expect(outputs.filter((o) => o.production).map((o) => o.folder)).toStrictEqual(['prod']);
  });

  it('GIVEN today\'s prod without its waivers WHEN synthesised THEN the gate names the three single-replica stores and nothing is written', async () => {
    const error = await gateError(prodWithoutWaivers(), ['prod']);
    const findings = error.report.findings.filter((f) => f.check === SPOF && !f.waived);
    expect(findings.map((f) => f.object).sort()).toStrictEqual([
      'StatefulSet assistant-prod/postgres',
      'StatefulSet assistant-prod/qdrant',
      'StatefulSet assistant-prod/redis',
    ]);
    for (const finding of findings) {
      expect(finding.message).toContain('it runs 1 replica');
      expect(finding.hint).toMatch(/services\.(postgres|qdrant|redis)\.waive\.single-point-of-failure/);
    }
    expect(error.report.findings.filter((f) => !f.waived)).toHaveLength(3);
  });

  it('GIVEN today\'s prod with its waivers WHEN synthesised THEN it passes, the three findings listed as waived with the reason', async () => {
    const outDir = scratchDir();
    const seen: string[] = [];
    await synthVerified({ overlaysDir: join(ROOT, 'overlays'), outDir, only: ['prod'] }, async (dir, outputs) => {
      const { checkOutputs } = await import('../scripts/synth-gate');
      const report = await checkOutputs(dir, outputs, true);
      seen.push(...report.findings.map((f) => `${f.object} ${f.check} ${f.waived?.reason}`));
    });
    expect(seen.sort()).toStrictEqual(
      ['postgres', 'qdrant', 'redis'].map((store) => `StatefulSet assistant-prod/${store} ${SPOF} HA lands with the data-tier issue`),
    );
    expect(readTree(outDir).get('prod/assistant-prod/statefulset-redis.yaml')).toContain('cdk8s-stack.dev/waive.single-point-of-failure: HA lands with the data-tier issue');
  });

  it('GIVEN a standard environment with single-replica stores WHEN synthesised without --check THEN the gate does not run', async () => {
    const outDir = scratchDir();
    await expect(synthVerified({ overlaysDir: join(ROOT, 'overlays'), outDir, only: ['dev'] }, gateFor(false))).resolves.toBeDefined();
    expect(readTree(outDir).size).toBeGreaterThan(10);
  });

  it('GIVEN dev marked production WHEN synthesised THEN its stores fail the render too', async () => {
    const dir = scratchOverlays();
    replaceIn(dir, 'dev.yaml', 'stack:\n', 'stack:\n  tier: production\n');
    const error = await gateError(dir, ['dev']);
    expect(error.report.findings.filter((f) => f.check === SPOF).length).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN the synth command on prod without waivers WHEN run THEN it exits 1, prints the findings and writes nothing', () => {
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', prodWithoutWaivers(), '--overlay', 'prod', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[single-point-of-failure]');
    expect(run.stderr).toContain('StatefulSet assistant-prod/postgres');
    expect(run.stderr).toContain('nothing was written');
    expect(readTree(out).size).toBe(0);
  });
});
