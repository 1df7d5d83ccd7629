/**
 * npm run test:rules — the rendered PrometheusRules against the real promtool:
 * `promtool check rules` on every rule group in dist/, and the `promtool test rules`
 * unit tests in test/rules/*.test.yaml (input series proving the key alerts fire and stay silent).
 * Exit 0 when everything passes, 1 on a failure, 2 when promtool is not installed.
 */
import { join } from 'node:path';
import { PROMTOOL_MISSING, promtoolPath, promtoolSuite } from '../lib/operations/promtool';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE } from '../lib/shared/exit-codes';

const root = join(import.meta.dirname, '..');
if (!promtoolPath()) {
  console.error(`${PROMTOOL_MISSING} (apt-get install prometheus)`);
  process.exit(EXIT_UNUSABLE);
}
const runs = promtoolSuite({ distDir: join(root, 'dist'), testsDir: join(root, 'test', 'rules') });
let failed = 0;
for (const r of runs) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.command}`);
  if (!r.ok || process.argv.includes('--verbose')) console.log(r.output.replace(/^/gm, '     '));
  if (!r.ok) failed++;
}
console.log(`test:rules: ${runs.length - failed}/${runs.length} promtool runs passed`);
process.exit(failed ? EXIT_FINDINGS : EXIT_CLEAN);
