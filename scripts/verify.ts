/**
 * npm run verify [-- --overlay NAME ...] [--overlays DIR] [--out DIR] [--summary]
 * What a repository that renders its stack runs in CI. Synthesises the stack into a scratch
 * folder, then: the committed DIR is current (else the object-level diff, as `npm run diff`), the
 * policy gate passes on the rendered files, `promtool check rules` accepts the rendered
 * PrometheusRules and `amtool check-config` every rendered Alertmanager configuration (each tool
 * skipped, saying so, when it is not installed). Every step runs, so one log shows all there is to fix.
 * Exit codes: 0 all passed, 1 a step failed, 2 unusable input.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../lib/shared/exit-codes';
import { synth } from '../lib/synth';
import { parseStackArgs, runCli, STACK_USAGE } from './cli';
import { amtoolConfigs, freshness, gate, promtoolRules, renderedOutputs, type StepResult } from './verify/steps';

const USAGE = `usage: npm run verify -- [--overlay NAME]... [--overlays DIR] [--out DIR] [--summary]

${STACK_USAGE}
  --summary        on a stale DIR, list objects and changed fields only, no YAML diff

Checks that DIR is what a synth renders now, that it passes the policy gate, and runs promtool
and amtool on the rendered rules and Alertmanager configurations where those tools are installed.
exit codes: 0 all passed, 1 a step failed, 2 unusable input`;

async function verify(overlaysDir: string, outDir: string, only: string[], patches: boolean): Promise<StepResult[]> {
  const rendered = mkdtempSync(join(tmpdir(), 'cdk8s-stack-verify-'));
  try {
    synth({ overlaysDir, outDir: rendered, only, picturesFrom: outDir });
    const outputs = renderedOutputs(rendered);
    return [freshness(outputs, outDir, patches), await gate(outputs, outDir), promtoolRules(rendered), amtoolConfigs(rendered)];
  } finally {
    rmSync(rendered, { recursive: true, force: true });
  }
}

runCli(async () => {
  const { args, code } = parseStackArgs(process.argv.slice(2), { summary: { type: 'boolean', default: false } }, USAGE);
  if (!args) return code;
  const steps = await verify(args.overlaysDir, args.outDir, args.only, !args.flags.summary);
  for (const { step, verdict, detail } of steps) {
    if (detail) console.log(detail.trimEnd());
    console.log(`verify: ${step}: ${verdict}`);
  }
  const failed = steps.filter((s) => !s.ok).map((s) => s.step);
  console.log(failed.length ? `verify: FAILED (${failed.join(', ')})` : 'verify: passed');
  return failed.length ? EXIT_FINDINGS : EXIT_CLEAN;
});
