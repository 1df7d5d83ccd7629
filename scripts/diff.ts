/**
 * npm run diff [-- --overlay NAME ...] [--overlays DIR] [--out DIR] [--summary]
 * What a synth would change in DIR: objects added / changed / removed per folder, with the
 * changed fields and a unified YAML diff. Writes nothing.
 * Exit codes: 0 current, 1 stale, 2 unusable input.
 */
import { diffStack, formatDiff } from '../lib/diff';
import { parseCli, runCli } from './cli';

const USAGE = `usage: npm run diff -- [--overlay NAME]... [--overlays DIR] [--out DIR] [--summary]

  --overlay NAME   compare only this environment (repeatable; default: all, and argocd/)
  --overlays DIR   folder with base.yaml and one file per environment (default: overlays)
  --out DIR        the rendered output to compare with (default: dist)
  --summary        list objects and changed fields only, no YAML diff

exit codes: 0 current, 1 stale (run npm run synth), 2 unusable input`;

runCli(() => {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      overlay: { type: 'string', multiple: true },
      overlays: { type: 'string', default: 'overlays' },
      out: { type: 'string', default: 'dist' },
      summary: { type: 'boolean', default: false },
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
  const result = diffStack({ overlaysDir: values.overlays!, outDir, only });
  console.log(formatDiff(result, { patches: !values.summary }));
  return result.stale ? 1 : 0;
});
