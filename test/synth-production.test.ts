/**
 * `stack.tier: production`: synth runs the gate, with the single-point-of-failure check, on
 * that environment and writes nothing when it fails; `services.<name>.waive` waives per object.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOutputs, synthVerified } from '../lib/synth';
import { GateError, gateFor } from '../scripts/synth-gate';
import { readTree } from '../lib/render/write';
import { appendTo, replaceIn, runScript, S3_BACKUPS_STACK, scratchDir, scratchFixture } from './helpers';

const SPOF = 'single-point-of-failure';
const REASON = 'a cache that the apps rebuild';

/**
 * The small test stack with prod marked production: its redis (one pod) waived, as the overlay
 * rules demand, and its api cut to one replica, which only the gate can judge; `waiveApi` waives
 * that too. The product's behaviour, whatever the shipped overlays hold.
 */
function productionFixture(waiveApi = false): string {
  const dir = scratchFixture();
  replaceIn(dir, 'prod.yaml', 'stack:\n', 'stack:\n  tier: production\n');
  replaceIn(dir, 'prod.yaml', '    autoscaling: { minReplicas: 3, maxReplicas: 10 }\n', `    autoscaling: null\n    replicas: 1\n${waiveApi ? `    waive: { ${SPOF}: "${REASON}" }\n` : ''}`);
  appendTo(dir, 'prod.yaml', `  redis:\n    waive: { ${SPOF}: "${REASON}" }\n`);
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
  it('GIVEN an overlay with stack.tier: production WHEN rendered THEN that folder (and only it) is marked production', () => {
    const outputs = renderOutputs({ overlaysDir: productionFixture() }).folders;
    expect(outputs.filter((o) => o.production).map((o) => o.folder)).toStrictEqual(['prod']);
  });

  it('GIVEN a production environment with a single-replica service WHEN synthesised THEN the gate names it and nothing is written', async () => {
    const error = await gateError(productionFixture(), ['prod']);
    const findings = error.report.findings.filter((f) => f.check === SPOF && !f.waived);
    expect(findings.map((f) => f.object)).toStrictEqual(['Deployment shop-prod/api']);
    expect(findings[0]!.message).toContain('it runs 1 replica');
    expect(findings[0]!.hint).toMatch(/services\.api\.waive\.single-point-of-failure/);
    expect(error.report.findings.filter((f) => !f.waived)).toHaveLength(1);
  });

  it('GIVEN the prod stores as they were before the data tier (one pod each) WHEN gated for production THEN all three are named', async () => {
    // test/fixtures/s3-backups keeps the earlier prod: Postgres, Redis and Qdrant as single-pod StatefulSets.
    const { folders } = renderOutputs({ overlaysDir: S3_BACKUPS_STACK, only: ['prod'] });
    const { checkOutputs } = await import('../scripts/synth-gate');
    const report = await checkOutputs(scratchDir(), folders, true);
    const findings = report.findings.filter((f) => f.check === SPOF && !f.waived);
    expect(findings.map((f) => f.object).sort()).toStrictEqual([
      'StatefulSet assistant-prod/postgres',
      'StatefulSet assistant-prod/qdrant',
      'StatefulSet assistant-prod/redis',
    ]);
  });

  it('GIVEN the workloads waived with a reason WHEN synthesised THEN it passes, the findings listed as waived with the reason', async () => {
    const outDir = scratchDir();
    const seen: string[] = [];
    await synthVerified({ overlaysDir: productionFixture(true), outDir, only: ['prod'] }, async (dir, outputs) => {
      const { checkOutputs } = await import('../scripts/synth-gate');
      const report = await checkOutputs(dir, outputs, true);
      seen.push(...report.findings.map((f) => `${f.object} ${f.check} ${f.waived?.reason}`));
    });
    expect(seen.sort()).toStrictEqual([`Deployment shop-prod/api ${SPOF} ${REASON}`, `StatefulSet shop-prod/redis ${SPOF} ${REASON}`]);
    expect(readTree(outDir).get('prod/shop-prod/statefulset-redis.yaml')).toContain(`cdk8s-stack.dev/waive.single-point-of-failure: ${REASON}`);
  });

  it('GIVEN a production store asked for as one pod without a waiver WHEN synthesised THEN the overlay is refused at its key (exit 2)', () => {
    const dir = scratchFixture();
    replaceIn(dir, 'prod.yaml', 'stack:\n', 'stack:\n  tier: production\n');
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', dir, '--overlay', 'prod', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/base\.yaml:\d+:\d+: services\.redis\.type: in a production environment \(`stack\.tier: production`\) `redis` runs as one pod/);
    expect(readTree(out).size).toBe(0);
  });

  it('GIVEN a standard environment with single-replica stores WHEN synthesised without --check THEN the gate does not run', async () => {
    const outDir = scratchDir();
    await expect(synthVerified({ overlaysDir: productionFixture(), outDir, only: ['dev'] }, gateFor(false))).resolves.toBeDefined();
    expect(readTree(outDir).size).toBeGreaterThan(10);
  });

  it('GIVEN the synth command on the production environment WHEN run THEN it exits 1, prints the finding and writes nothing', () => {
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', productionFixture(), '--overlay', 'prod', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[single-point-of-failure]');
    expect(run.stderr).toContain('Deployment shop-prod/api');
    // mapped back to the overlay key that produced the object, in the file that declares it
    expect(run.stderr).toMatch(/Where these objects come from in the overlays:\n {2}\S+\/prod\/shop-prod\/deployment-api\.yaml ← \S+\/prod\.yaml:\d+:\d+ \(services\.api\)\n/);
    expect(run.stderr).toContain('nothing was written');
    expect(readTree(out).size).toBe(0);
  });
});
