/**
 * npm run test:rules — the product's alert rules against the real promtool: renders the frozen
 * default stack (test/fixtures/default-stack, which the unit tests are written for) to a temp
 * folder, runs `promtool check rules` on every rule group, and the `promtool test rules`
 * unit tests in test/rules/*.test.yaml (input series proving the key alerts fire and stay silent).
 * Your own stack's rules are checked by `npm run verify`.
 * Exit 0 when everything passes, 1 on a failure, 2 when promtool is not installed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMTOOL_MISSING, promtoolPath, promtoolSuite } from '../lib/operations/promtool';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE } from '../lib/shared/exit-codes';
import { synth } from '../lib/synth';

const root = join(import.meta.dirname, '..');
if (!promtoolPath()) {
  console.error(`${PROMTOOL_MISSING} (apt-get install prometheus)`);
  process.exit(EXIT_UNUSABLE);
}
const distDir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-rules-out-'));
synth({ overlaysDir: join(root, 'test', 'fixtures', 'default-stack'), outDir: distDir });
const runs = promtoolSuite({ distDir, testsDir: join(root, 'test', 'rules') });
let failed = 0;
for (const r of runs) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.command}`);
  if (!r.ok || process.argv.includes('--verbose')) console.log(r.output.replace(/^/gm, '     '));
  if (!r.ok) failed++;
}
console.log(`test:rules: ${runs.length - failed}/${runs.length} promtool runs passed`);
process.exit(failed ? EXIT_FINDINGS : EXIT_CLEAN);
