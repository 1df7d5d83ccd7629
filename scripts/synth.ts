/**
 * npm run synth [-- --overlay NAME ...] [--overlays DIR] [--out DIR] [--quiet]
 * Renders every environment of a stack into DIR/<environment>/, atomically.
 * Exit 0 written; 1 `--check` found policy violations (nothing written); 2 bad input.
 */
import { render } from '../lib/check';
import { formatSummary, GateError, synth } from '../lib/synth';
import { parseCli, runCli } from './cli';

const USAGE = `usage: npm run synth -- [--overlay NAME]... [--overlays DIR] [--out DIR] [--check] [--quiet]

  --overlay NAME   render only this environment (repeatable; default: all)
  --overlays DIR   folder with base.yaml and one file per environment (default: overlays)
  --out DIR        output folder (default: dist)
  --check          run the policy gate on the rendered files first; on a finding write nothing (exit 1)
  --quiet          print nothing on success`;

runCli(() => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      overlay: { type: 'string', multiple: true },
      overlays: { type: 'string', default: 'overlays' },
      out: { type: 'string', default: 'dist' },
      quiet: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length) {
    process.stderr.write(`unexpected argument: ${positionals[0]}\n\n${USAGE}\n`);
    return 2;
  }
  const only = (values.overlay ?? []).flatMap((o) => o.split(',')).filter(Boolean);
  const outDir = values.out!.replace(/\/+$/, '') || '.';
  try {
    const result = synth({ overlaysDir: values.overlays!, outDir, only, check: values.check });
    if (!values.quiet) console.log(formatSummary(result, outDir));
    return 0;
  } catch (err) {
    if (!(err instanceof GateError)) throw err;
    process.stderr.write(`${render(err.report, 'text')}\n${err.message}; nothing was written.\n`);
    return 1;
  }
});
