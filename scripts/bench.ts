/**
 * npm run bench — synth speed and memory, each run a cold process (what `npm run synth`
 * does, minus npm's own start-up):
 *   - the default stack (all overlays),
 *   - generated stacks of 100 / 300 / 600 services × 3 overlays (npm run gen:stack).
 *   - the policy gate on 10,000 generated objects (parse + every check, in process).
 * Prints the median wall time and peak RSS per size, and how they compare to the targets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCheck } from '../lib/check/synthetic';
import { EXIT_CLEAN } from '../lib/shared/exit-codes';
import { writeSyntheticStack } from '../lib/synthetic-stack';
import { parseCli, runCli } from './cli';

const USAGE = 'usage: npm run bench -- [--runs N] [--sizes 100,300,600]';
const TIME = '/usr/bin/time';

interface Sample {
  readonly seconds: number;
  readonly peakMb?: number;
}

/** Output folders of the runs; removed at the end, so no run pays for deleting another's files. */
const outputs: string[] = [];

function synthOnce(overlaysDir: string): Sample {
  const outDir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-bench-'));
  outputs.push(outDir);
  // Start every run with the page cache flushed: otherwise a run pays for the previous one's writes.
  spawnSync('sync');
  const args = ['--import', 'tsx', 'scripts/synth.ts', '--overlays', overlaysDir, '--out', outDir, '--quiet'];
  // GNU time reports the child's peak RSS; without it we still measure wall time.
  const withTime = existsSync(TIME);
  const started = performance.now();
  const run = withTime
    ? spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`synth of ${overlaysDir} failed:\n${run.stderr}`);
  const kb = withTime ? Number(run.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, peakMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

runCli(() => {
  const { values } = parseCli(
    process.argv.slice(2),
    { runs: { type: 'string', default: '5' }, sizes: { type: 'string', default: '100,300,600' } },
    USAGE,
  );
  const runs = Math.max(1, Number(values.runs));
  const sizes = values.sizes!.split(',').map(Number);
  const rows: { label: string; seconds: number; peakMb?: number; target?: string; ok?: boolean }[] = [];
  const measure = (label: string, dir: string) => {
    synthOnce(dir); // warm the file system cache and tsx's transform cache
    const samples = Array.from({ length: runs }, () => synthOnce(dir));
    const peaks = samples.map((s) => s.peakMb).filter((m): m is number => m !== undefined);
    return { label, seconds: median(samples.map((s) => s.seconds)), peakMb: peaks.length ? Math.max(...peaks) : undefined };
  };

  const def = measure('default stack (3 overlays)', 'overlays');
  rows.push({ ...def, target: '≤ 1.0 s', ok: def.seconds <= 1.0 });
  const scratch = mkdtempSync(join(tmpdir(), 'cdk8s-stack-bench-stacks-'));
  const bySize = new Map<number, number>();
  for (const size of sizes) {
    const dir = join(scratch, String(size));
    writeSyntheticStack(dir, size);
    const row = measure(`${size} services × 3 overlays`, dir);
    bySize.set(size, row.seconds);
    const big = size === 600;
    rows.push({ ...row, ...(big ? { target: '≤ 5 s, ≤ 600 MB', ok: row.seconds <= 5 && (row.peakMb ?? 0) <= 600 } : {}) });
  }
  rmSync(scratch, { recursive: true, force: true });
  for (const dir of outputs) rmSync(dir, { recursive: true, force: true });

  console.log(`synth, cold process, median of ${runs} runs (${process.platform}, node ${process.version})`);
  console.log(`${'stack'.padEnd(28)} ${'median'.padStart(8)} ${'peak RSS'.padStart(9)}  target`);
  for (const r of rows) {
    const rss = r.peakMb === undefined ? 'n/a' : `${Math.round(r.peakMb)} MB`;
    const verdict = r.target ? `${r.target} ${r.ok ? 'ok' : 'MISSED'}` : '';
    console.log(`${r.label.padEnd(28)} ${`${r.seconds.toFixed(2)} s`.padStart(8)} ${rss.padStart(9)}  ${verdict}`);
  }
  const gate = Array.from({ length: runs }, () => measureCheck(10_000));
  const gateMs = median(gate.map((g) => g.totalMs));
  const gateOk = gateMs <= 2000 && gate.every((g) => g.findings === 0);
  console.log(
    `${`gate: ${gate[0].objects} objects`.padEnd(28)} ${`${(gateMs / 1000).toFixed(2)} s`.padStart(8)} ${''.padStart(9)}  ≤ 2.0 s ${gateOk ? 'ok' : 'MISSED'}` +
      ` (parse ${median(gate.map((g) => g.parseMs)).toFixed(0)} ms, check ${median(gate.map((g) => g.checkMs)).toFixed(0)} ms)`,
  );
  if (bySize.has(300) && bySize.has(600)) {
    const ratio = bySize.get(600)! / bySize.get(300)!;
    console.log(`growth t(600)/t(300) = ${ratio.toFixed(2)}  target ≤ 2.3 ${ratio <= 2.3 ? 'ok' : 'MISSED'}`);
  }
  return EXIT_CLEAN;
});
