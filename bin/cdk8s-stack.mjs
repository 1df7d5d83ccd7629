#!/usr/bin/env node
// The `cdk8s-stack` command: the project's scripts, run from any folder (a GitOps repository that
// holds only `overlays/` and `dist/`). Paths given to the commands are relative to that folder.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const COMMANDS = {
  init: 'write a starter overlays/ folder (base, dev, prod) to edit',
  synth: 'render every environment of overlays/ into dist/',
  check: 'the policy gate over dist/ or any Kubernetes YAML',
  diff: 'what a synth would change in dist/ (exit 1 when stale)',
  verify: 'what CI runs: dist/ current, the gate, promtool and amtool where present',
  pictures: 'draw each REPORT.md traffic chart to traffic.svg (needs chromium and the mermaid package)',
  bench: 'synth speed and memory',
};

const [command, ...args] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || !Object.hasOwn(COMMANDS, command)) {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const list = Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`).join('\n');
  const wrong = command && !['--help', '-h'].includes(command) ? `cdk8s-stack: unknown command \`${command}\`\n\n` : '';
  (wrong ? process.stderr : process.stdout).write(`${wrong}usage: cdk8s-stack <command> [options]   (each command has --help)\n\n${list}\n`);
  process.exit(wrong ? 2 : command ? 0 : 2);
}

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', `${command}.ts`);
register();
// The scripts read their arguments from process.argv, as under `npm run`.
process.argv = [process.argv[0], script, ...args];
await import(pathToFileURL(script).href);
