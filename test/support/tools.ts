/**
 * Real components the end-to-end suites need (awscli, PostgreSQL, barman-cli-cloud …).
 * A suite whose tools are missing is skipped with a message on a developer's machine, and
 * FAILS on CI (`CI` set, as every CI service sets it): `.ci/run` installs them, so a missing
 * tool there is a broken CI, never a reason to pass.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';

/** Debian keeps the PostgreSQL server binaries (initdb, pg_ctl) off PATH. */
export const POSTGRES_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => existsSync(d));

/**
 * PATH for the tools: Debian's binaries first (`aws` on PATH may be a pyenv shim of another
 * awscli), then the PostgreSQL server binaries, then the caller's PATH.
 */
export const TOOLS_PATH = ['/usr/bin', ...(POSTGRES_BIN ? [POSTGRES_BIN] : []), process.env.PATH ?? ''].join(delimiter);

/** The tools of `names` that are not on TOOLS_PATH. */
export function missingTools(names: readonly string[]): string[] {
  return names.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { env: { PATH: TOOLS_PATH } }).status !== 0);
}

/**
 * `true` when the suite can run. Missing tools: a warning and `false` locally; an error on CI.
 * Use as `describe.skipIf(!requireTools('the object-store suite', ['aws'], 'apt-get install awscli'))(…)`.
 */
export function requireTools(suite: string, names: readonly string[], install: string): boolean {
  const missing = missingTools(names);
  if (!missing.length) return true;
  const message = `${suite} needs ${missing.join(', ')}, which are not installed (${install}; .ci/run installs them)`;
  if (process.env.CI) throw new Error(`${message}: on CI this suite must run, not be skipped`);
  console.warn(`${message}: the suite was not run`);
  return false;
}
