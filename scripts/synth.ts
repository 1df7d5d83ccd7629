/**
 * npm run synth [-- --overlay NAME ...] [--overlays DIR] [--out DIR] [-f FILE ...] [--set KEY=VALUE ...] [--check] [--quiet] [--explain KEY]
 * Renders every environment of a stack into DIR/<environment>/, atomically.
 * Exit 0 written; 1 the policy gate found violations (nothing written): with `--check` in any
 * folder, always in a production one (`stack.tier: production`); 2 bad input.
 */
import { explainKey } from '../lib/overlay/explain';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../lib/shared/exit-codes';
import { formatSummary, synthVerified } from '../lib/synth';
import { parseStackArgs, runCli, STACK_USAGE } from './cli';
import { GateError, gateFor } from './synth-gate';

const USAGE = `usage: npm run synth -- [--overlay NAME]... [--overlays DIR] [--out DIR] [-f FILE]... [--set KEY=VALUE]... [--check] [--quiet] [--explain KEY]

${STACK_USAGE}
  --check          run the policy gate on every rendered folder first; on a finding write nothing (exit 1).
                   Folders of overlays with stack.tier: production are always checked, with the
                   production checks (single-point-of-failure).
  --quiet          print nothing on success
  --explain KEY    write nothing; show which layer sets KEY in each environment (e.g. services.api.replicas)`;

runCli(async () => {
  const { args, code } = parseStackArgs(
    process.argv.slice(2),
    { quiet: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, explain: { type: 'string' } },
    USAGE,
  );
  if (!args) return code;
  if (args.flags.explain !== undefined) {
    console.log(explainKey(args.overlaysDir, args.only, args.overrides, args.flags.explain));
    return EXIT_CLEAN;
  }
  try {
    const options = { overlaysDir: args.overlaysDir, outDir: args.outDir, only: args.only, overrides: args.overrides };
    // Production overlays (stack.tier: production) always pass the gate; --check sends every folder.
    const result = await synthVerified(options, gateFor(args.flags.check));
    if (!args.flags.quiet) console.log(formatSummary(result, args.outDir));
    for (const warning of result.warnings) process.stderr.write(`${warning}\n`);
    return EXIT_CLEAN;
  } catch (err) {
    if (!(err instanceof GateError)) throw err;
    const { render } = await import('../lib/check');
    const origins = err.originLines();
    process.stderr.write(`${render(err.report, 'text')}\n${origins.length ? `${origins.join('\n')}\n` : ''}${err.message}; nothing was written.\n`);
    return EXIT_FINDINGS;
  }
});
