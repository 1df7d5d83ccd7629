/**
 * A throwaway PostgreSQL server for the end-to-end suites: initdb / pg_ctl in a scratch
 * directory, listening on a Unix socket there and on 127.0.0.1:<port>, run as the `postgres`
 * user when the tests run as root (initdb refuses root; Debian's postgresql package creates the
 * user), else as the current user.
 *
 *   const pg = startPostgres(root, { port: 55432, conf: ['wal_level = replica'] });
 *   pg.psql('SELECT 1');
 *   pg.stop();
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_PATH } from './tools';

/** uid/gid the servers and their tools run as: `postgres` (else `nobody`) under root, the current user otherwise. */
export const SERVER_USER: { uid?: number; gid?: number } = (() => {
  if (process.getuid?.() !== 0) return {};
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', [name], { encoding: 'utf8' });
    const m = /uid=(\d+).*gid=(\d+)/.exec(id.stdout);
    if (id.status === 0 && m) return { uid: Number(m[1]), gid: Number(m[2]) };
  }
  return { uid: 65534, gid: 65534 };
})();

/** Makes `path` the server user's (a no-op when not root). */
export function own(path: string): void {
  if (SERVER_USER.uid !== undefined) chownSync(path, SERVER_USER.uid, SERVER_USER.gid!);
}

/** A directory the server user owns. */
export function ownedDir(path: string): string {
  mkdirSync(path, { recursive: true });
  own(path);
  return path;
}

/** Runs `command` as the server user with a clean environment (TOOLS_PATH, LANG=C, HOME=cwd) plus `env`. */
export function runAs(command: readonly string[], env: Readonly<Record<string, string>>, cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command[0]!, command.slice(1), {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { PATH: TOOLS_PATH, HOME: cwd, LANG: 'C', ...env },
    ...SERVER_USER,
  });
}

export interface LocalPostgres {
  readonly data: string;
  readonly socket: string;
  readonly port: number;
  /** libpq environment reaching it as the superuser `postgres`. */
  readonly env: Readonly<Record<string, string>>;
  /** psql -At with ON_ERROR_STOP; throws with psql's stderr on failure, returns stdout trimmed. */
  psql(sql: string, database?: string): string;
  /** pg_ctl stop (fast), ignoring a server that is not running. */
  stop(): void;
}

export interface PostgresOptions {
  readonly port: number;
  /** Extra postgresql.conf lines. */
  readonly conf?: readonly string[];
  /** Name of the data directory under `root`. @default 'data' */
  readonly name?: string;
}

/** initdb + start; `root` must exist and is handed to the server user. */
export function startPostgres(root: string, options: PostgresOptions): LocalPostgres {
  own(root);
  const name = options.name ?? 'data';
  const data = join(root, name);
  const socket = ownedDir(join(root, `${name}-sock`));
  const init = runAs(['initdb', '-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync'], {}, root);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);
  appendFileSync(
    join(data, 'postgresql.conf'),
    [`listen_addresses = '127.0.0.1'`, `port = ${options.port}`, `unix_socket_directories = '${socket}'`, 'fsync = off', ...(options.conf ?? [])].join('\n') + '\n',
  );
  return attachPostgres(root, data, socket, options.port, true);
}

/** A LocalPostgres over an existing data directory (a restored one); `start` runs pg_ctl start. */
export function attachPostgres(root: string, data: string, socket: string, port: number, start: boolean): LocalPostgres {
  const env = { PGHOST: socket, PGPORT: String(port), PGUSER: 'postgres' };
  if (start) {
    const run = runAs(['pg_ctl', '-D', data, '-l', `${data}.log`, '-w', '-t', '120', 'start'], {}, root);
    if (run.status !== 0) throw new Error(`pg_ctl start failed: ${run.stderr}${run.stdout}`);
  }
  return {
    data,
    socket,
    port,
    env,
    psql(sql, database = 'postgres') {
      const r = runAs(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-d', database, '-c', sql], env, root);
      if (r.status !== 0) throw new Error(`psql failed (${sql}): ${r.stderr}`);
      return r.stdout.trim();
    },
    stop() {
      runAs(['pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop'], {}, root);
    },
  };
}
