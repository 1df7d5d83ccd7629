import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** The small test stack (test/fixtures/stack): its lines never move when the default overlays change. */
export const FIXTURE_STACK = join(ROOT, 'test', 'fixtures', 'stack');

/** A scratch copy of the default overlays, to edit freely. */
export function scratchOverlays(from = join(ROOT, 'overlays')): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-overlays-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

export function scratchDir(prefix = 'cdk8s-stack-out-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Appends YAML to an overlay file (a tired engineer's edit). */
export function appendTo(dir: string, file: string, yaml: string): void {
  writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8') + yaml);
}

export function replaceIn(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
}

/** Runs one of the package scripts the way `npm run` does, from the repository root. */
export function runScript(script: string, args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', `${script}.ts`), ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch copy of the small test stack, to edit freely. */
export const scratchFixture = () => scratchOverlays(FIXTURE_STACK);
