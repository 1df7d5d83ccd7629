/**
 * Backups that leave the cluster, end to end: the backup CronJobs as test/fixtures/s3-backups/staging.yaml
 * renders them (every store to S3) run their containers, in pod order, against real servers —
 * PostgreSQL, Redis, the Qdrant API stand-in — and a real S3-compatible server on loopback
 * (s3rver) with Debian's aws CLI, the client the upload image (amazon/aws-cli) runs. Each store's
 * backup is uploaded, listed, pruned by its retention, downloaded with s3-download.sh (for
 * Postgres: by the rendered restore verification) and restored, and the restored data is checked.
 *
 * Old objects are honest ones: the scripts date a backup by the UTC timestamp its backup script
 * puts in the name (when it was taken), so a backup taken 40 days ago is an object named like one.
 *
 * Needs aws (awscli), PostgreSQL, redis-server and curl: skipped with a message locally when
 * missing, a failure on CI (.ci/run installs them).
 */
import { execFile, spawn, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installScripts, renderedBackups, type JobStep } from './support/backup-jobs';
import { ownedDir, runAs, SERVER_USER, startPostgres, type LocalPostgres } from './support/postgres';
import { startQdrantStandIn, type QdrantStandIn } from './support/qdrant-standin';
import { S3RVER_CREDENTIALS, startS3, type LocalS3 } from './support/s3';
import { requireTools, TOOLS_PATH } from './support/tools';

const TOOLS = ['aws', 'initdb', 'pg_ctl', 'pg_dump', 'pg_restore', 'psql', 'createdb', 'redis-server', 'redis-cli', 'curl'];
const ready = requireTools('the object-store suite (test/object-store.test.ts)', TOOLS, 'apt-get install awscli postgresql redis-server curl');

const DAY = 86_400_000;
/** The UTC timestamp the backup scripts put in a name, `days` ago. */
const stampAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(!ready)('backups to a real S3-compatible server, as staging renders them', () => {
  const jobs = ready ? renderedBackups('staging') : {};
  const root = ownedDir(mkdtempSync(join(tmpdir(), 'cdk8s-stack-object-store-'))); // the servers and jobs run as SERVER_USER
  const base = 50000 + Math.floor(Math.random() * 5000);
  let s3: LocalS3;
  let pg: LocalPostgres;
  let qdrant: QdrantStandIn;
  const redisServers: ChildProcess[] = [];
  const timings: string[] = [];

  /** The upload container of a store's backup: where its objects go. */
  const upload = (store: string) => jobs[store]!.backup.find((s) => s.name === 's3-upload')!;
  const bucket = () => upload('postgres').env.S3_BUCKET!;
  /** What the Secrets referenced by the jobs hold here. */
  const secrets: Record<string, string> = {
    'backup-s3/AWS_ACCESS_KEY_ID': S3RVER_CREDENTIALS.AWS_ACCESS_KEY_ID,
    'backup-s3/AWS_SECRET_ACCESS_KEY': S3RVER_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    'postgres-credentials/password': 'unused: the test server trusts local connections',
  };

  /** One container's environment: its literal values, its Secrets resolved, the local S3 endpoint and `env` on top. */
  function stepEnv(step: JobStep, env: Record<string, string>): Record<string, string> {
    const fromSecrets = Object.fromEntries(
      Object.entries(step.secretEnv).map(([name, ref]) => {
        if (!(ref in secrets)) throw new Error(`${step.name}: unexpected Secret reference ${ref}`);
        return [name, secrets[ref]!];
      }),
    );
    const local = 'S3_ENDPOINT' in step.env ? { ...s3.env, S3_ENDPOINT: s3.endpoint } : {};
    return { ...step.env, ...fromSecrets, ...local, PATH: TOOLS_PATH, HOME: root, ...env };
  }

  /** Runs the containers of a store's backup job (or `steps` of it) in pod order, stopping at the first failure. */
  function runBackup(store: string, env: Record<string, string>, steps = jobs[store]!.backup): SpawnSyncReturns<string>[] {
    const rendered = installScripts(jobs[store]!.scripts, join(root, `ops-${store}`));
    const runs: SpawnSyncReturns<string>[] = [];
    for (const step of steps) {
      const run = runAs(rendered(step.command), stepEnv(step, env), root);
      runs.push(run);
      if (run.status !== 0) break;
    }
    return runs;
  }

  /** A script of the store's ConfigMap with the upload container's environment (the S3 target), as a restore runs it. */
  function s3Script(store: string, script: string, env: Record<string, string>): SpawnSyncReturns<string> {
    const rendered = installScripts(jobs[store]!.scripts, join(root, `ops-${store}`));
    return runAs(rendered(['sh', `/opt/ops/${script}`]), stepEnv(upload(store), env), root);
  }

  const aws = (...args: string[]) => runAs(['aws', '--endpoint-url', s3.endpoint, ...args], { ...s3.env, HOME: root }, root);
  /** Keys under `prefix/`, sorted. */
  function keys(prefix: string): string[] {
    const list = aws('s3api', 'list-objects-v2', '--bucket', bucket(), '--prefix', `${prefix}/`, '--query', 'Contents[].Key', '--output', 'json');
    expect(list.status, list.stderr).toBe(0);
    return ((JSON.parse(list.stdout || 'null') as string[] | null) ?? []).map((k) => k.slice(prefix.length + 1)).sort();
  }
  /** Uploads files named `names` (content: their name) under `prefix/` in one call. */
  function seed(prefix: string, names: string[]) {
    const dir = ownedDir(join(root, `seed-${prefix.replace(/\//g, '-')}-${names.length}`));
    for (const name of names) {
      ownedDir(join(dir, name, '..'));
      writeFileSync(join(dir, name), name);
    }
    const copy = aws('s3', 'cp', '--recursive', '--only-show-errors', dir, `s3://${bucket()}/${prefix}/`);
    expect(copy.status, copy.stderr).toBe(0);
  }
  const ok = (runs: SpawnSyncReturns<string>[]) => {
    for (const run of runs) expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
    return runs.map((r) => r.stdout).join('');
  };
  const timed = <T>(label: string, f: () => T): T => {
    const t0 = performance.now();
    const result = f();
    timings.push(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return result;
  };

  async function startRedis(port: number, dir: string, dbfilename = 'dump.rdb') {
    redisServers.push(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', dbfilename, '--save', ''], { stdio: 'ignore' }));
    const cli = (...args: string[]) => runAs(['redis-cli', '-p', String(port), ...args], {}, root);
    for (let i = 0; i < 100 && cli('PING').stdout.trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(cli('PING').stdout.trim()).toBe('PONG');
    return cli;
  }

  beforeAll(async () => {
    s3 = await startS3([bucket()]);
    pg = startPostgres(ownedDir(join(root, 'pg')), { port: base });
    qdrant = await startQdrantStandIn(['docs', 'chunks']);
  }, 120_000);

  afterAll(async () => {
    if (timings.length) console.info(`object-store suite timings:\n  ${timings.join('\n  ')}`);
    pg?.stop();
    for (const server of redisServers) server.kill('SIGKILL');
    await qdrant?.close();
    await s3?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('staging sends every store to s3://assistant-backups/staging/<store>/ with the upload image, credentials by Secret reference', () => {
    expect(Object.keys(jobs).sort()).toStrictEqual(['postgres', 'qdrant', 'redis']);
    for (const store of ['postgres', 'qdrant', 'redis']) {
      const step = upload(store);
      expect(step.image).toMatch(/^amazon\/aws-cli:/);
      expect(step.env).toMatchObject({ S3_BUCKET: 'assistant-backups', S3_PREFIX: `staging/${store}`, S3_ENDPOINT: 'https://s3.eu-central-1.amazonaws.com', AWS_DEFAULT_REGION: 'eu-central-1' });
      expect(step.secretEnv).toStrictEqual({ AWS_ACCESS_KEY_ID: 'backup-s3/AWS_ACCESS_KEY_ID', AWS_SECRET_ACCESS_KEY: 'backup-s3/AWS_SECRET_ACCESS_KEY' });
      expect(jobs[store]!.backup.at(-1)!.name, 'the upload is the last container: the Job succeeds only when it did').toBe('s3-upload');
    }
  });

  it('postgres: the dump goes up, is listed, and the rendered restore verification downloads it and restores its rows; old dumps are pruned, the newest of every database kept', () => {
    pg.psql("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL); INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 500) g;");
    const server = { PGHOST: pg.socket, PGPORT: String(pg.port) };
    const run1 = ownedDir(join(root, 'pg-emptydir-1')); // staging: no volume, an emptyDir per run
    const first = ok(timed('postgres: dump + upload', () => runBackup('postgres', { ...server, BACKUP_DIR: run1 })));
    expect(first).toMatch(/s3-upload: ok s3:\/\/assistant-backups\/staging\/postgres\/postgres-postgres-\d{8}T\d{6}Z\.dump \(\d+ bytes\)/);
    const [dump] = readdirSync(run1).filter((f) => f.endsWith('.dump'));
    expect(keys('staging/postgres')).toStrictEqual([dump]);

    // The weekly verification as rendered: s3-download (init container), then pg-restore-verify.
    const verifyDir = ownedDir(join(root, 'pg-verify'));
    const verifySteps = jobs.postgres!.restoreVerify!;
    expect(verifySteps.map((s) => s.name)).toStrictEqual(['s3-download', 'restore-verify']);
    const verify = ok(
      timed('postgres: restore verification (download + restore + check)', () =>
        runBackup('postgres', { BACKUP_DIR: verifyDir, SCRATCH_DIR: ownedDir(join(root, 'pg-scratch')), VERIFY_TABLES: 'public.users', VERIFY_QUERY: "SELECT count(*) = 500 AND bool_and(email LIKE 'user%@example.com') FROM users" }, verifySteps),
      ),
    );
    expect(readdirSync(verifyDir)).toStrictEqual([dump]);
    expect(sha256(join(verifyDir, dump!))).toBe(sha256(join(run1, dump!))); // byte-identical
    expect(verify).toMatch(/integrity query returned t/);
    expect(verify).toMatch(/pg-restore-verify: ok/);

    // Retention 30 days: dumps taken 40 and 90 days ago go, 29 days ago stays; a database that is
    // no longer dumped keeps its newest dump however old; other files and sub-folders are not this job's.
    const retention = Number(upload('postgres').env.RETENTION_DAYS);
    expect(retention).toBe(30);
    const seeded = {
      gone: [`postgres-postgres-${stampAgo(40)}.dump`, `postgres-olddb-${stampAgo(90)}.dump`],
      kept: [`postgres-postgres-${stampAgo(29)}.dump`, `postgres-olddb-${stampAgo(60)}.dump`, 'notes.txt', `archive/postgres-postgres-${stampAgo(100)}.dump`],
    };
    seed('staging/postgres', [...seeded.gone, ...seeded.kept]);
    const run2 = ownedDir(join(root, 'pg-emptydir-2'));
    const second = ok(timed('postgres: dump + upload + prune', () => runBackup('postgres', { ...server, BACKUP_DIR: run2 })));
    expect(second).toMatch(/deleted postgres-postgres-\d{8}T\d{6}Z\.dump \(older than 30 days\)/);
    expect(second).toMatch(/keeping postgres-olddb-\d{8}T\d{6}Z\.dump: it is the newest backup of its group \(postgres-olddb\)/);
    expect(second).toMatch(/s3-upload: ok, uploaded 1, deleted 2, kept 4 in s3:\/\/assistant-backups\/staging\/postgres\//);
    const [newer] = readdirSync(run2).filter((f) => f.endsWith('.dump'));
    expect(keys('staging/postgres')).toStrictEqual([dump!, newer!, ...seeded.kept].sort());
  }, 300_000);

  it('redis: the RDB snapshot goes up and restores into a fresh server with every key; a week-old one is pruned', async () => {
    const cli = await startRedis(base + 1, ownedDir(join(root, 'redis-data')));
    for (let i = 0; i < 200; i++) cli('SET', `celery-task-meta-${i}`, `{"status":"SUCCESS","n":${i}}`);
    const old = `redis-${stampAgo(8)}.rdb`; // retention 7 days
    seed('staging/redis', [old]);
    const scratch = ownedDir(join(root, 'redis-emptydir')); // staging: no volume, an emptyDir per run
    const out = ok(timed('redis: snapshot + upload + prune', () => runBackup('redis', { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(base + 1), BACKUP_DIR: scratch })));
    expect(out).toMatch(/uploaded 1, deleted 1, kept 1/);
    const [rdb] = readdirSync(scratch).filter((f) => f.endsWith('.rdb'));
    expect(keys('staging/redis')).toStrictEqual([rdb]);

    const restore = ownedDir(join(root, 'redis-restore'));
    const down = timed('redis: download', () => s3Script('redis', 's3-download.sh', { BACKUP_DIR: restore }));
    expect(down.status, down.stderr).toBe(0);
    const restored = await startRedis(base + 2, restore, rdb);
    expect(restored('DBSIZE').stdout.trim()).toBe('200');
    expect(restored('GET', 'celery-task-meta-7').stdout.trim()).toBe('{"status":"SUCCESS","n":7}');
  }, 300_000);

  it('qdrant: a snapshot of EVERY collection goes up, and each restores through the snapshot upload API', async () => {
    const scratch = ownedDir(join(root, 'qdrant-emptydir'));
    const [snapshot, ...rest] = jobs.qdrant!.backup;
    const rendered = installScripts(jobs.qdrant!.scripts, join(root, 'ops-qdrant'));
    // The stand-in answers on this process's event loop: the snapshot step runs asynchronously.
    const t0 = performance.now();
    await promisify(execFile)(rendered(snapshot!.command)[0]!, rendered(snapshot!.command).slice(1), {
      env: stepEnv(snapshot!, { QDRANT_URL: qdrant.url, BACKUP_DIR: scratch }),
      ...SERVER_USER,
    });
    timings.push(`qdrant: snapshot: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(rest.map((s) => s.name)).toStrictEqual(['s3-upload']);
    const out = ok(timed('qdrant: upload', () => runBackup('qdrant', { BACKUP_DIR: scratch }, rest)));
    expect(out).toMatch(/uploaded 2, deleted 0, kept 2/);
    const uploaded = keys('staging/qdrant');
    expect(uploaded).toHaveLength(2);
    expect(uploaded[0]).toMatch(/^chunks-\d{8}T\d{6}Z\.snapshot$/);
    expect(uploaded[1]).toMatch(/^docs-\d{8}T\d{6}Z\.snapshot$/);

    const restore = ownedDir(join(root, 'qdrant-restore'));
    const down = timed('qdrant: download', () => s3Script('qdrant', 's3-download.sh', { BACKUP_DIR: restore }));
    expect(down.status, down.stderr).toBe(0);
    expect(readdirSync(restore).sort()).toStrictEqual(uploaded);
    for (const file of uploaded) {
      const collection = file.replace(/-\d{8}T\d{6}Z\.snapshot$/, '');
      // The README's restore command.
      await promisify(execFile)('curl', ['-fsS', '-X', 'POST', `${qdrant.url}/collections/${collection}/snapshots/upload?priority=snapshot`, '-F', `snapshot=@${join(restore, file)}`]);
      expect(qdrant.restored.get(collection)?.toString()).toContain(`snapshot of ${collection}`);
    }
  }, 300_000);

  it('fails the job loudly when the object store refuses the credentials, and a restore from an empty prefix', () => {
    const scratch = ownedDir(join(root, 'refused'));
    writeFileSync(join(scratch, `redis-${stampAgo(0)}.rdb`), 'x');
    const refused = s3Script('redis', 's3-upload.sh', { BACKUP_DIR: scratch, AWS_ACCESS_KEY_ID: 'WRONG' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/s3-upload: FAILED: cannot list s3:\/\/assistant-backups\/staging\/redis\//);
    const empty = s3Script('redis', 's3-download.sh', { BACKUP_DIR: ownedDir(join(root, 'nothing')), S3_PREFIX: 'staging/nothing' });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toMatch(/s3-download: FAILED: no backup matching \*\.rdb in s3:\/\/assistant-backups\/staging\/nothing\//);
  }, 120_000);
});
