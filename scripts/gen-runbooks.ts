/**
 * npm run gen:runbooks — writes docs/runbooks/<Alert>.md from lib/operations/runbooks.ts.
 * A test fails when they are stale or when a rendered alert has no runbook.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runbookFiles } from '../lib/operations/runbooks';

const root = join(import.meta.dirname, '..');
for (const [file, content] of runbookFiles()) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
  console.log(`wrote ${file}`);
}
