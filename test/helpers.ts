import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synth } from '../lib/synth';

export const ROOT = join(import.meta.dirname, '..');

/** The small test stack (test/fixtures/stack): its lines never move when the default overlays change. */
export const FIXTURE_STACK = join(ROOT, 'test', 'fixtures', 'stack');

/**
 * The default stack as shipped, frozen (test/fixtures/default-stack): the product's tests render this,
 * never the user's `overlays/`, so editing `overlays/` never fails `npm test`.
 */
export const DEFAULT_STACK = join(ROOT, 'test', 'fixtures', 'default-stack');

/** The default stack with every staging and prod store backed up to S3 by its dump engine (test/fixtures/s3-backups). */
export const S3_BACKUPS_STACK = join(ROOT, 'test', 'fixtures', 's3-backups');

/** The user's own stack and output: only test/user-stack.test.ts reads them. */
export const USER_OVERLAYS = join(ROOT, 'overlays');
export const USER_DIST = join(ROOT, 'dist');

/** A scratch copy of a stack (default: the frozen default stack), to edit freely. */
export function scratchOverlays(from = DEFAULT_STACK): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-stack-overlays-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** A scratch working folder whose `overlays/` is a copy of the frozen default stack: commands run there with their defaults. */
export function scratchProject(): string {
  const dir = scratchDir('cdk8s-stack-project-');
  cpSync(DEFAULT_STACK, join(dir, 'overlays'), { recursive: true });
  return dir;
}

export function scratchDir(prefix = 'cdk8s-stack-out-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Synthesises a stack (default: the frozen default stack) into a scratch folder and returns that folder. */
export function renderedStack(overlaysDir = DEFAULT_STACK): string {
  const outDir = scratchDir();
  synth({ overlaysDir, outDir });
  return outDir;
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
  // tsx resolved from here, not from `cwd`, so scripts also run in a scratch folder without node_modules.
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'scripts', `${script}.ts`), ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch copy of the small test stack, to edit freely. */
export const scratchFixture = () => scratchOverlays(FIXTURE_STACK);
