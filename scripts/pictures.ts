/**
 * npm run pictures [-- --out DIR] [--overlay NAME ...]
 * Draws each environment's traffic chart (REPORT.md) to DIR/<environment>/traffic.svg with headless
 * Chromium and Mermaid, for reviewers whose GitOps tool shows images but not Mermaid. Run it after
 * a synth that changed a chart (synth drops pictures that no longer match their chart).
 * Exit codes: 0 drawn, 1 a picture has overlapping or clipped labels, 2 unusable input (no Chromium).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../lib/shared/exit-codes';
import { chartSource, pictureFile, pictureShows, renderCharts, TRAFFIC_PICTURE_FILE } from '../lib/render/traffic-picture';
import { parseCli, runCli, UsageError } from './cli';

const USAGE = `usage: npm run pictures -- [--out DIR] [--overlay NAME]...

  --out DIR        the rendered output folder (default: dist)
  --overlay NAME   only this environment (repeatable; default: every folder with a REPORT.md chart)

Draws DIR/<environment>/traffic.svg from the traffic chart in REPORT.md (headless Chromium: Debian's
chromium, or the binary CHROMIUM names). Pictures that already show their chart are left alone.
exit codes: 0 drawn, 1 labels overlap or are clipped, 2 unusable input`;

runCli(() => {
  const { values } = parseCli(process.argv.slice(2), {
    out: { type: 'string', default: 'dist' },
    overlay: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h', default: false },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return EXIT_CLEAN;
  }
  const outDir = values.out!;
  if (!existsSync(outDir)) throw new UsageError(`${outDir}: no such folder; run npm run synth first`);
  const wanted = values.overlay?.flatMap((o) => o.split(','));
  const charts = new Map<string, string>();
  for (const folder of readdirSync(outDir).sort()) {
    const report = join(outDir, folder, 'REPORT.md');
    if (!statSync(join(outDir, folder)).isDirectory() || !existsSync(report) || (wanted && !wanted.includes(folder))) continue;
    const chart = chartSource(readFileSync(report, 'utf8'));
    const picture = join(outDir, folder, TRAFFIC_PICTURE_FILE);
    if (chart === undefined) continue;
    if (existsSync(picture) && pictureShows(readFileSync(picture, 'utf8'), chart)) console.log(`  ${picture}  unchanged`);
    else charts.set(folder, chart);
  }
  for (const name of wanted ?? []) if (!existsSync(join(outDir, name, 'REPORT.md'))) throw new UsageError(`--overlay ${name}: ${outDir}/${name}/REPORT.md does not exist; run npm run synth first`);
  if (charts.size === 0) return EXIT_CLEAN;
  let unreadable = 0;
  for (const [folder, picture] of renderCharts(charts)) {
    const path = join(outDir, folder, TRAFFIC_PICTURE_FILE);
    writeFileSync(path, pictureFile(charts.get(folder)!, picture.svg));
    const problems = [...picture.overlaps.map((o) => `labels overlap: ${o}`), ...picture.clipped.map((c) => `label clipped: "${c}"`)];
    console.log(`  ${path}  drawn${problems.length ? `, ${problems.length} problem(s)` : ''}`);
    for (const problem of problems) console.log(`    ${problem}`);
    if (problems.length) unreadable += 1;
  }
  return unreadable ? EXIT_FINDINGS : EXIT_CLEAN;
});
