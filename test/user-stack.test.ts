/**
 * Your stack: the only tests that read overlays/ and dist/. They assume nothing about which
 * services or environments it has: the committed dist/ is what a synth renders now, and what synth
 * writes passes the policy gate (`npm run verify` runs the same checks, plus promtool and amtool).
 * Every other test renders fixtures under test/, so editing overlays/ never fails them.
 */
import { describe, expect, it } from 'vitest';
import { diffStack, formatDiff } from '../lib/diff';
import { renderOutputs } from '../lib/synth';
import { checkOutputs } from '../scripts/synth-gate';
import { USER_DIST, USER_OVERLAYS } from './helpers';

describe('your stack (overlays/ → dist/)', () => {
  it('the committed dist/ is what a synth renders now (re-run `npm run synth` after changing overlays or code)', () => {
    const result = diffStack({ overlaysDir: USER_OVERLAYS, outDir: USER_DIST });
    expect(result.stale, formatDiff(result, { patches: false })).toBe(false);
  });

  it('what synth writes passes the policy gate', async () => {
    const report = await checkOutputs(USER_DIST, renderOutputs({ overlaysDir: USER_OVERLAYS }).folders);
    const errors = report.findings.filter((f) => f.severity === 'error' && !f.waived);
    expect(errors.map((f) => `${f.file}:${f.line}: ${f.object} [${f.check}] ${f.message}`)).toStrictEqual([]);
    expect(report.passed).toBe(true);
  });
});
