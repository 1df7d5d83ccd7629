/**
 * npm run diff [-- --overlay NAME ...] [--overlays DIR] [--out DIR] [--summary]
 * What a synth would change in DIR: objects added / changed / removed per folder, with the
 * changed fields and a unified YAML diff. Writes nothing.
 * Exit codes: 0 current, 1 stale, 2 unusable input.
 */
import { diffStack, formatDiff } from '../lib/diff';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../lib/shared/exit-codes';
import { parseStackArgs, runCli, STACK_USAGE } from './cli';

const USAGE = `usage: npm run diff -- [--overlay NAME]... [--overlays DIR] [--out DIR] [--summary]

${STACK_USAGE}
  --summary        list objects and changed fields only, no YAML diff

With no --overlay, argocd/ is compared too.
exit codes: 0 current, 1 stale (run npm run synth), 2 unusable input`;

runCli(() => {
  const { args, code } = parseStackArgs(process.argv.slice(2), { summary: { type: 'boolean', default: false } }, USAGE);
  if (!args) return code;
  const result = diffStack({ overlaysDir: args.overlaysDir, outDir: args.outDir, only: args.only, overrides: args.overrides });
  console.log(formatDiff(result, { patches: !args.flags.summary }));
  return result.stale ? EXIT_FINDINGS : EXIT_CLEAN;
});
