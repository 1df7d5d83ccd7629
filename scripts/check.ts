/**
 * npm run check [-- PATH...] [--format text|json|sarif|junit] [--output FILE] [--list-checks]
 * The policy gate; see lib/check/cli.ts for the contract and exit codes.
 */

import { EXIT_CLEAN, EXIT_UNUSABLE } from '../lib/shared/exit-codes';

// A closed pipe (`npm run check | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
});

try {
  // Imported here, not at the top, so that even a module that fails to load ends as one line, not a stack trace.
  const { runCheckCli } = await import('../lib/check/cli');
  process.exitCode = runCheckCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
} catch (error) {
  // Only a bug in the gate gets here; still one line, never a stack trace.
  process.stderr.write(`check: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exitCode = EXIT_UNUSABLE;
}
