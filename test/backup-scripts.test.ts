/**
 * The backup scripts of ops/scripts/, end to end against a real PostgreSQL server: a throwaway
 * cluster (initdb / pg_ctl in a temp dir, as a non-root user) is seeded, dumped with the
 * command the rendered CronJob runs, pruned with dumps of several ages, and the latest dump is
 * restore-verified — which must fail on an empty or corrupt dump and on a key table without rows.
 * Skipped, with a message, where the PostgreSQL binaries are not installed.
 */
import { execFile, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOverlays } from '../lib/overlay';
import { renderOverlay } from '../lib/render/render';
import { DEFAULT_STACK, ROOT } from './helpers';
import { startQdrantStandIn, type QdrantStandIn } from './support/qdrant-standin';

const TOOLS = ['initdb', 'pg_ctl', 'pg_dump', 'pg_restore', 'psql', 'createdb'];
const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
if (missing.length) console.warn(`PostgreSQL binaries not found (${missing.join(', ')}): the backup script suite was not run; \`.ci/run\` installs them (apt-get install postgresql)`);

/** initdb refuses to run as root: run everything as `nobody` when we are root. */
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const own = (path: string) => {
  if ('uid' in asUser) chownSync(path, asUser.uid!, asUser.gid!);
};

function sh(command: string[], env: Record<string, string>, cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command[0]!, command.slice(1), {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: cwd, LANG: 'C', ...env },
    ...asUser,
  });
}

/** The main container of a rendered CronJob (the one that dumps, for backups). */
function container(name: string, cronJob: string) {
  const overlay = loadOverlays(DEFAULT_STACK, ['dev'])[0]!;
  const objects = renderOverlay(overlay).map((f) => f.object as any);
  const job = objects.find((o) => o.kind === 'CronJob' && o.metadata.name === cronJob);
  const pod = job.spec.jobTemplate.spec.template.spec;
  const scripts = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${name}-backup-scripts`);
  const c = pod.containers[0];
  const env = Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value as string]));
  return { command: c.command as string[], env, scripts: scripts.data as Record<string, string> };
}

describe.skipIf(missing.length > 0)('backup scripts against a real PostgreSQL', () => {
  const root = mkdtempSync(join(tmpdir(), 'cdk8s-stack-pg-'));
  const data = join(root, 'data');
  const socket = join(root, 'sock');
  const opsDir = join(root, 'opt-ops');
  const port = String(55000 + Math.floor(Math.random() * 5000));
  const backup = container('postgres', 'postgres-backup');
  const verify = container('postgres', 'postgres-restore-verify');
  /** The rendered command with the ConfigMap mounted where the test keeps it. */
  const rendered = (command: string[]) => command.map((part) => part.replaceAll('/opt/ops', opsDir));
  const server = { PGHOST: socket, PGPORT: port, PGUSER: 'postgres' };
  const psql = (db: string, sql: string) => sh(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-d', db, '-c', sql], server, root);
  const dir = (name: string) => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    own(path);
    return path;
  };
  const runBackup = (backupDir: string, extra: Record<string, string> = {}) =>
    sh(rendered(backup.command), { ...backup.env, ...server, BACKUP_DIR: backupDir, ...extra }, root);
  const runVerify = (backupDir: string, extra: Record<string, string> = {}) =>
    sh(rendered(verify.command), { ...verify.env, BACKUP_DIR: backupDir, SCRATCH_DIR: dir('scratch'), ...extra }, root);
  const dumps = (d: string) => readdirSync(d).filter((f) => f.endsWith('.dump')).sort();

  beforeAll(() => {
    own(root);
    mkdirSync(opsDir);
    for (const [file, content] of Object.entries(backup.scripts)) writeFileSync(join(opsDir, file), content, { mode: 0o555 });
    dir('sock');
    const init = sh(['initdb', '-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8'], {}, root);
    expect(init.status, init.stderr).toBe(0);
    const start = sh(['pg_ctl', '-D', data, '-l', join(root, 'server.log'), '-w', '-o', `-c listen_addresses='' -k ${socket} -p ${port} -c fsync=off`, 'start'], {}, root);
    expect(start.status, start.stderr + start.stdout).toBe(0);
    const seed = psql('postgres', 'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL); INSERT INTO users (email) SELECT \'user\' || g || \'@example.com\' FROM generate_series(1, 500) g; CREATE TABLE audit (id int);');
    expect(seed.status, seed.stderr).toBe(0);
  }, 60_000);

  afterAll(() => {
    sh(['pg_ctl', '-D', data, '-m', 'immediate', 'stop'], {}, root);
    rmSync(root, { recursive: true, force: true });
  });

  it('dumps the database with the command the CronJob runs (pg_dump -Fc), and the dump lists', () => {
    const out = dir('backups');
    const run = runBackup(out);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/pg-backup: ok .*postgres-postgres-\d{8}T\d{6}Z\.dump/);
    expect(run.stdout).toMatch(/prune-backups: ok, deleted 0, kept 1/);
    const [file] = dumps(out);
    const list = sh(['pg_restore', '--list', join(out, file!)], {}, root);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/TABLE DATA public users/);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toStrictEqual([]); // no partial files left
  });

  it('fails, leaving no dump behind, when the database cannot be reached', () => {
    const out = dir('unreachable');
    const run = runBackup(out, { PGPORT: '1' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/pg-backup: FAILED/);
    expect(readdirSync(out)).toStrictEqual([]);
  });

  it('prunes dumps older than the retention, keeping the recent ones and always the newest', () => {
    const out = dir('prune');
    const day = 86_400_000;
    const now = Date.now();
    for (const [name, age] of [['a-40d.dump', 40], ['b-31d.dump', 31], ['c-29d.dump', 29], ['d-1d.dump', 1], ['notes.txt', 90]] as const) {
      writeFileSync(join(out, name), 'x');
      utimesSync(join(out, name), (now - age * day) / 1000, (now - age * day) / 1000);
    }
    const run = sh(['sh', join(opsDir, 'prune-backups.sh')], { BACKUP_DIR: out, RETENTION_DAYS: '30', BACKUP_PATTERN: '*.dump' }, root);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toStrictEqual(['c-29d.dump', 'd-1d.dump', 'notes.txt']);
    expect(run.stdout).toMatch(/deleted 2, kept 2/);

    const stale = dir('prune-stale');
    for (const [name, age] of [['old-60d.dump', 60], ['old-45d.dump', 45]] as const) {
      writeFileSync(join(stale, name), 'x');
      utimesSync(join(stale, name), (now - age * day) / 1000, (now - age * day) / 1000);
    }
    const again = sh(['sh', join(opsDir, 'prune-backups.sh')], { BACKUP_DIR: stale, RETENTION_DAYS: '30' }, root);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(stale)).toStrictEqual(['old-45d.dump']); // the newest stays, however old
  });

  it('restore-verifies the latest dump into a scratch server: tables, rows and the integrity query', () => {
    const out = dir('backups');
    const run = runVerify(out, { VERIFY_TABLES: 'public.users', VERIFY_QUERY: 'SELECT count(*) = 500 FROM users' });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/table public\.users has rows/);
    expect(run.stdout).toMatch(/integrity query returned t/);
    expect(run.stdout).toMatch(/pg-restore-verify: ok/);
  }, 60_000);

  it('fails loudly on an empty dump, a corrupt dump, an empty key table, a false query, or no dump at all', () => {
    const empty = dir('empty');
    writeFileSync(join(empty, 'x.dump'), '');
    own(join(empty, 'x.dump'));
    expect(runVerify(empty).stderr).toMatch(/FAILED: .*x\.dump is empty/);

    const corrupt = dir('corrupt');
    writeFileSync(join(corrupt, 'x.dump'), 'PGDMP this is not a dump at all'.repeat(10));
    const bad = runVerify(corrupt);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/FAILED: .*does not list with pg_restore/);

    const out = dir('backups');
    const noRows = runVerify(out, { VERIFY_TABLES: 'public.users public.audit' });
    expect(noRows.status).not.toBe(0);
    expect(noRows.stderr).toMatch(/FAILED: table public\.audit has no rows/);

    const falseQuery = runVerify(out, { VERIFY_QUERY: 'SELECT count(*) > 1000 FROM users' });
    expect(falseQuery.status).not.toBe(0);
    expect(falseQuery.stderr).toMatch(/FAILED: the integrity query returned 'f', not t/);

    const none = runVerify(dir('none'));
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/FAILED: no backup matching \*\.dump/);
    expect(dumps(out)).toHaveLength(1);
  }, 120_000);
});

describe('backup scripts without a database', () => {
  const scripts = join(ROOT, 'ops', 'scripts');
  const run = (script: string, env: Record<string, string>) =>
    spawnSync('sh', [join(scripts, script)], { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });

  it('prune keeps the newest snapshot of every collection, not just the newest file', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk8s-stack-prune-'));
    const now = Date.now();
    for (const [name, age] of [
      ['docs-20261101T020000Z.snapshot', 22],
      ['docs-20261103T020000Z.snapshot', 20],
      ['chunks-20261102T020000Z.snapshot', 21],
      ['chunks-20261120T020000Z.snapshot', 3],
    ] as const) {
      writeFileSync(join(out, name), 'x');
      utimesSync(join(out, name), (now - age * 86_400_000) / 1000, (now - age * 86_400_000) / 1000);
    }
    const result = run('prune-backups.sh', { BACKUP_DIR: out, RETENTION_DAYS: '14', BACKUP_PATTERN: '*.snapshot' });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toStrictEqual(['chunks-20261120T020000Z.snapshot', 'docs-20261103T020000Z.snapshot']);
    expect(result.stdout).toContain('keeping');
    expect(result.stdout).toMatch(/deleted 2, kept 2/);
  });

  const curl = spawnSync('sh', ['-c', 'command -v curl']).status === 0;
  it.skipIf(!curl)('the Qdrant snapshot fails loudly when Qdrant cannot be reached', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk8s-stack-qdrant-'));
    const result = run('qdrant-snapshot.sh', { BACKUP_DIR: out, QDRANT_URL: 'http://127.0.0.1:1' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/qdrant-snapshot: FAILED: cannot list collections at http:\/\/127\.0\.0\.1:1/);
    expect(readdirSync(out)).toStrictEqual([]);
  });
});

const redis = spawnSync('sh', ['-c', 'command -v redis-server && command -v redis-cli']).status === 0;
if (!redis) console.warn('redis-server not found: the Redis backup suite was not run; `.ci/run` installs it (apt-get install redis-server)');

describe.skipIf(!redis)('the Redis backup against a real Redis server', () => {
  const root = mkdtempSync(join(tmpdir(), 'cdk8s-stack-redis-'));
  const port = String(50000 + Math.floor(Math.random() * 5000));
  const backup = container('redis', 'redis-backup');
  const ops = join(root, 'opt-ops');
  const servers: ReturnType<typeof spawn>[] = [];
  const cli = (p: string, ...args: string[]) => spawnSync('redis-cli', ['-p', p, ...args], { encoding: 'utf8' });
  const startServer = async (p: string, dir: string, dbfilename = 'dump.rdb') => {
    servers.push(spawn('redis-server', ['--port', p, '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', dbfilename, '--save', ''], { stdio: 'ignore' }));
    for (let i = 0; i < 100 && cli(p, 'PING').stdout.trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(cli(p, 'PING').stdout.trim()).toBe('PONG');
  };

  beforeAll(async () => {
    mkdirSync(ops);
    for (const [file, content] of Object.entries(backup.scripts)) writeFileSync(join(ops, file), content, { mode: 0o555 });
    await startServer(port, root);
    for (let i = 0; i < 200; i++) cli(port, 'SET', `celery-task-meta-${i}`, `{"status":"SUCCESS","n":${i}}`);
  }, 30_000);

  afterAll(() => {
    for (const server of servers) server.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('snapshots with the command the CronJob runs, and the snapshot restores into a fresh server', async () => {
    const out = join(root, 'backups');
    const command = backup.command.map((part) => part.replaceAll('/opt/ops', ops));
    const run = spawnSync(command[0]!, command.slice(1), {
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, ...backup.env, REDIS_HOST: '127.0.0.1', REDIS_PORT: port, BACKUP_DIR: out },
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const [file] = readdirSync(out).filter((f) => /^redis-\d{8}T\d{6}Z\.rdb$/.test(f));
    expect(file).toBeDefined();
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toStrictEqual([]); // no partial files left
    // Restore: a second server started on the snapshot has every key back.
    const restorePort = String(Number(port) + 1);
    await startServer(restorePort, out, file!);
    expect(cli(restorePort, 'DBSIZE').stdout.trim()).toBe('200');
    expect(cli(restorePort, 'GET', 'celery-task-meta-7').stdout.trim()).toBe('{"status":"SUCCESS","n":7}');
  });

  it('fails, leaving nothing behind, when Redis cannot be reached', () => {
    const out = join(root, 'unreachable');
    const command = backup.command.map((part) => part.replaceAll('/opt/ops', ops));
    const run = spawnSync(command[0]!, command.slice(1), {
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, ...backup.env, REDIS_HOST: '127.0.0.1', REDIS_PORT: '1', BACKUP_DIR: out },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/redis-backup: FAILED/);
    expect(readdirSync(out).filter((f) => f.endsWith('.rdb') || f.startsWith('.'))).toStrictEqual([]);
  });
});

describe.skipIf(spawnSync('sh', ['-c', 'command -v curl']).status !== 0)('the Qdrant snapshot against a stand-in of the Qdrant HTTP API', () => {
  let qdrant: QdrantStandIn;
  let url = '';

  beforeAll(async () => {
    qdrant = await startQdrantStandIn(['docs', 'chunks']);
    url = qdrant.url;
  });

  afterAll(() => qdrant.close());

  it('downloads a snapshot of every collection and deletes it on the server', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk8s-stack-qdrant-ok-'));
    // Asynchronous: the stand-in server answers on this process's event loop.
    const { stdout } = await promisify(execFile)('sh', [join(ROOT, 'ops', 'scripts', 'qdrant-snapshot.sh')], {
      env: { PATH: process.env.PATH!, BACKUP_DIR: out, QDRANT_URL: url },
    });
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^chunks-\d{8}T\d{6}Z\.snapshot$/);
    expect(files[1]).toMatch(/^docs-\d{8}T\d{6}Z\.snapshot$/);
    expect(readFileSync(join(out, files[1]!), 'utf8')).toBe('snapshot of docs');
    expect(qdrant.deleted.sort()).toStrictEqual(['chunks-2026-11-23-02-30-00.snapshot', 'docs-2026-11-23-02-30-00.snapshot']);
    expect(stdout).toMatch(/qdrant-snapshot: ok, 2 collection\(s\)/);
  });

  it('snapshots every peer of a distributed Qdrant (QDRANT_PEERS), one file per collection and peer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk8s-stack-qdrant-peers-'));
    const port = new URL(url).port;
    // Two peers: the stand-in under two host names (each snapshot is named after its peer's host).
    const peers = `http://127.0.0.1:${port},http://localhost:${port}`;
    const { stdout } = await promisify(execFile)('sh', [join(ROOT, 'ops', 'scripts', 'qdrant-snapshot.sh')], {
      env: { PATH: process.env.PATH!, BACKUP_DIR: out, QDRANT_PEERS: peers },
    });
    const files = readdirSync(out).sort();
    expect(files.map((f) => f.replace(/\d{8}T\d{6}Z/, 'T'))).toStrictEqual([
      'chunks-127-T.snapshot', 'chunks-localhost-T.snapshot', 'docs-127-T.snapshot', 'docs-localhost-T.snapshot',
    ]);
    expect(stdout).toMatch(/qdrant-snapshot: ok, 4 collection snapshot\(s\) on 2 peer\(s\)/);
  });
});
