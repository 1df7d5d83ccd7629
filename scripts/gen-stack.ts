/**
 * npm run gen:stack -- --services N --out DIR
 * Writes a synthetic stack of N services (base.yaml + dev/staging/prod) for trying and
 * measuring synth at scale. Deterministic: the same N gives the same files.
 */
import { writeSyntheticStack } from '../lib/synthetic-stack';
import { EXIT_CLEAN } from '../lib/shared/exit-codes';
import { parseCli, runCli, UsageError } from './cli';

const USAGE = 'usage: npm run gen:stack -- --services N --out DIR';

runCli(() => {
  const { values } = parseCli(process.argv.slice(2), { services: { type: 'string' }, out: { type: 'string' } }, USAGE);
  const count = Number(values.services);
  if (!Number.isInteger(count) || count < 1 || !values.out) throw new UsageError(USAGE);
  writeSyntheticStack(values.out, count);
  console.log(`wrote ${count} services × 3 environments to ${values.out}`);
  return EXIT_CLEAN;
});
