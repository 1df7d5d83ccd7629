/**
 * Redis with Sentinel, failed over for real: three `redis-server` and three Sentinel processes
 * on 127.0.0.1, started with the start scripts and environment the project RENDERS for a
 * store with `sentinel:` (the ConfigMap `<store>-redis-ha` and the containers of the
 * StatefulSets `<store>` and `<store>-sentinel`). Acknowledged writes (`WAIT 1`) go to the
 * primary, the primary is killed with SIGKILL, and a replica must be promoted and reachable
 * through the Sentinels within FAILOVER_BOUND_MS with every acknowledged key present.
 *
 * How the rendered pods are mapped onto loopback (the only changes to what is rendered):
 *   - the ConfigMap's scripts are written to a temp dir that stands for /opt/redis-ha;
 *   - pod names are expanded (`$(POD_NAME)` → `redis-<i>`), then every stable name is mapped to
 *     127.0.0.1 with a port of its own: `redis-<i>.redis[.<namespace>.svc]:6379` → 127.0.0.1:DATA+i and
 *     `redis-sentinel-<i>.redis-sentinel:26379` → 127.0.0.1:SENTINEL+i (REDIS_PORT and
 *     SENTINEL_PORT follow);
 *   - SENTINEL_CONFIG points into a temp dir (the emptyDir), REDIS_BIND=127.0.0.1, and each data
 *     server runs in a temp dir of its own (the image's WORKDIR /data, where the RDB goes).
 * The store's own args (--maxmemory …) are passed exactly as rendered.
 *
 * Locally, without redis-server / redis-cli, the suite is skipped with a message; on CI
 * (`CI` set) a missing binary fails it (`.ci/run` installs redis-server and redis-sentinel).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers';
import { buildStack, runnable, synthService } from './constructs/stack-builder';

const TOOLS = ['redis-server', 'redis-cli'];
const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const onCi = Boolean(process.env.CI);
if (missing.length && !onCi) {
  console.warn(`Redis binaries not found (${missing.join(', ')}): the Sentinel failover suite was not run; \`.ci/run\` installs them (apt-get install redis-server redis-sentinel)`);
}

/** A replica must be promoted and take writes through the Sentinels within this time of the kill. */
const FAILOVER_BOUND_MS = 15_000;
/** Sentinel's down-after; `SENTINEL_DOWN_AFTER=1s` measures a faster setting (expect an occasional second switch-master). */
const DOWN_AFTER = process.env.SENTINEL_DOWN_AFTER ?? '2s';
const ACKED_KEYS = 500;

/** The store as the test renders it: three data pods, three Sentinels, quorum 2. */
function rendered() {
  const stack = buildStack({
    redis: {
      type: 'store',
      image: 'redis:7.4.1',
      args: ['--maxmemory', '64mb', '--maxmemory-policy', 'noeviction'],
      ports: { redis: 6379 },
      resources: { cpu: '100m', memory: '128Mi' },
      storage: { size: '1Gi', mountPath: '/data' },
      health: { liveness: { port: 'redis' }, readiness: { command: ['redis-cli', 'ping'] } },
      sentinel: { replicas: 3, sentinels: 3, quorum: 2, downAfter: DOWN_AFTER, failoverTimeout: '10s' },
    },
    worker: runnable('worker', { dependsOn: ['redis'] }),
  });
  const { manifests } = synthService(stack, 'redis');
  const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
  const container = (name: string) => {
    const c = find('StatefulSet', name).spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value as string]));
    return { command: c.command as string[], args: (c.args ?? []) as string[], env };
  };
  return { scripts: find('ConfigMap', 'redis-redis-ha').data as Record<string, string>, data: container('redis'), sentinel: container('redis-sentinel') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A base port P with P…P+2 and P+10…P+12 free on 127.0.0.1 (other suites and agents share the machine). */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 1000) * 12;
    const ports = [0, 1, 2, 10, 11, 12].map((i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free ports for the Sentinel test');
}

describe.skipIf(missing.length > 0 && !onCi)('Redis Sentinel failover with the rendered scripts', () => {
  const root = mkdtempSync(join(tmpdir(), 'cdk8s-stack-sentinel-'));
  /** Six ports below the ephemeral range (where outgoing connections take theirs), checked free in beforeAll. */
  let base = 0;
  const dataPort = (i: number) => base + i;
  const sentinelPort = (i: number) => base + 10 + i;
  const processes: ChildProcess[] = [];
  const logs: string[][] = [];
  let render: ReturnType<typeof rendered>;
  const opt = join(root, 'opt-redis-ha');

  /** The documented mapping of stable names to loopback ports. */
  const toLoopback = (value: string) =>
    value
      .replace(/redis-sentinel-(\d+)\.redis-sentinel:26379/g, (_, i) => `127.0.0.1:${sentinelPort(Number(i))}`)
      // Data pods announce namespace-qualified names (`redis-<i>.redis.<namespace>.svc`).
      .replace(/redis-(\d+)\.redis(?:\.[a-z0-9-]+\.svc)?:6379/g, (_, i) => `127.0.0.1:${dataPort(Number(i))}`)
      .replace(/^redis(-sentinel)?-\d+\.redis(-sentinel)?(?:\.[a-z0-9-]+\.svc)?$/, '127.0.0.1');
  const podEnv = (env: Record<string, string>, pod: string) =>
    Object.fromEntries(Object.entries(env).map(([k, v]) => [k, toLoopback(v.replaceAll('$(POD_NAME)', pod))]));
  const command = (c: string[]) => c.map((part) => part.replaceAll('/opt/redis-ha', opt));
  const cli = (port: number, ...args: string[]) =>
    spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 }).stdout?.trim() ?? '';

  function start(c: { command: string[]; args: string[] }, env: Record<string, string>, cwd: string): ChildProcess {
    mkdirSync(cwd, { recursive: true });
    const [cmd, ...rest] = command(c.command);
    const child = spawn(cmd!, [...rest, ...c.args], { cwd, env: { PATH: process.env.PATH!, HOME: root, ...env, REDIS_BIND: '127.0.0.1' } });
    const log: string[] = [];
    child.stdout!.on('data', (d) => log.push(String(d)));
    child.stderr!.on('data', (d) => log.push(String(d)));
    processes.push(child);
    logs.push(log);
    return child;
  }
  const startData = (i: number) =>
    start(render.data, { ...podEnv(render.data.env, `redis-${i}`), REDIS_PORT: String(dataPort(i)) }, join(root, `data-${i}`));
  const startSentinel = (i: number) =>
    start(
      render.sentinel,
      { ...podEnv(render.sentinel.env, `redis-sentinel-${i}`), SENTINEL_PORT: String(sentinelPort(i)), SENTINEL_CONFIG: join(root, `sentinel-${i}`, 'sentinel.conf') },
      join(root, `sentinel-${i}`),
    );
  async function until(what: string, test: () => boolean, ms: number): Promise<number> {
    const t0 = Date.now();
    while (!test()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${logs.map((l) => l.join('')).join('\n---\n')}`);
      await sleep(50);
    }
    return Date.now() - t0;
  }
  const masterAddr = (sentinel: number) => cli(sentinelPort(sentinel), 'SENTINEL', 'get-master-addr-by-name', 'mymaster').split('\n').join(':');
  const role = (port: number) => /role:(\w+)/.exec(cli(port, 'INFO', 'replication'))?.[1];

  it('has the Redis binaries (CI installs them)', () => {
    expect(missing, 'install redis-server (apt-get install redis-server redis-sentinel)').toStrictEqual([]);
  });

  beforeAll(async () => {
    base = await freeBase();
    render = rendered();
    mkdirSync(opt);
    for (const [file, content] of Object.entries(render.scripts)) writeFileSync(join(opt, file), content, { mode: 0o555 });
    for (let i = 0; i < 3; i++) {
      startData(i);
      await until(`data server ${i}`, () => cli(dataPort(i), 'PING') === 'PONG', 10_000);
    }
    for (let i = 0; i < 3; i++) startSentinel(i);
    const ready = () =>
      [0, 1, 2].every((s) => {
        const replicas = cli(sentinelPort(s), 'SENTINEL', 'replicas', 'mymaster');
        const sentinels = cli(sentinelPort(s), 'SENTINEL', 'sentinels', 'mymaster');
        return (replicas.match(/^flags\n(slave)$/gm) ?? []).length === 2 && (sentinels.match(/^flags\nsentinel$/gm) ?? []).length === 2;
      });
    const ms = await until('three Sentinels that see two replicas and each other', ready, 40_000);
    await until('both replicas in sync', () => (cli(dataPort(0), 'INFO', 'replication').match(/state=online/g) ?? []).length === 2, 20_000);
    console.log(`sentinel: topology ready ${ms} ms after the Sentinels started`);
  }, 90_000);

  afterAll(() => {
    for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('starts pod 0 as primary and the others as its replicas, as the Sentinels report', () => {
    expect(role(dataPort(0))).toBe('master');
    expect(role(dataPort(1))).toBe('slave');
    expect(role(dataPort(2))).toBe('slave');
    expect(masterAddr(0)).toBe(`127.0.0.1:${dataPort(0)}`);
    expect(cli(sentinelPort(0), 'SENTINEL', 'ckquorum', 'mymaster')).toMatch(/^OK 3 usable Sentinels/);
  });

  it('promotes a replica within the bound after kill -9 of the primary, keeping every acknowledged write', async () => {
    // Acknowledged writes: SET, then WAIT until one replica has it.
    const input = Array.from({ length: ACKED_KEYS }, (_, i) => `SET ack:${i} v${i}\nWAIT 1 1000\n`).join('');
    const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(dataPort(0))], { input, encoding: 'utf8' }).stdout.trim().split('\n');
    const acked = Array.from({ length: ACKED_KEYS }, (_, i) => i).filter((i) => out[2 * i] === 'OK' && Number(out[2 * i + 1]) >= 1);
    expect(acked.length).toBe(ACKED_KEYS);

    const old = `127.0.0.1:${dataPort(0)}`;
    const t0 = Date.now();
    processes[0]!.kill('SIGKILL');
    let named = 0;
    let writable = 0;
    let primary = '';
    while (Date.now() - t0 < FAILOVER_BOUND_MS) {
      const addr = masterAddr(1);
      if (addr && addr !== old) {
        named ||= Date.now() - t0;
        // A second switch-master may follow (down-after close to the ping period): follow it.
        if (cli(Number(addr.split(':')[1]), 'SET', 'failover-probe', String(Date.now())) === 'OK') {
          writable = Date.now() - t0;
          primary = addr;
          break;
        }
      }
      await sleep(25);
    }
    console.log(`sentinel: failover with down-after ${DOWN_AFTER}: primary named after ${named} ms, writable after ${writable} ms`);
    expect(primary, `no replica took writes within ${FAILOVER_BOUND_MS} ms`).not.toBe('');
    expect(writable).toBeLessThanOrEqual(FAILOVER_BOUND_MS);
    // Every Sentinel agrees (after a possible second switch, on the final primary).
    await until('the Sentinels to agree on the primary', () => [1, 2].every((s) => masterAddr(s) === masterAddr(1)), 15_000);
    const finalPort = Number(masterAddr(1).split(':')[1]);
    const values = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(finalPort)], {
      input: acked.map((i) => `GET ack:${i}\n`).join(''),
      encoding: 'utf8',
    }).stdout.trim().split('\n');
    const lost = acked.filter((i, n) => values[n] !== `v${i}`);
    expect(lost).toStrictEqual([]);
  }, 60_000);

  it('restarts the old primary as a replica of the new one: it asks the Sentinels first', async () => {
    const primary = masterAddr(1);
    startData(0);
    await until('the old primary back', () => cli(dataPort(0), 'PING') === 'PONG', 10_000);
    await until('its start log', () => logs.at(-1)!.join('').includes('starting'), 5_000);
    const log = logs.at(-1)!.join('');
    expect(log).toContain(`the Sentinels name ${primary} as the primary`);
    expect(log).toContain(`starting 127.0.0.1:${dataPort(0)} as replica of ${primary}`);
    await until('the old primary to replicate', () => /master_link_status:up/.test(cli(dataPort(0), 'INFO', 'replication')), 20_000);
    expect(cli(dataPort(0), 'GET', 'ack:7')).toBe('v7');
  }, 40_000);

  it('backs up from the primary the Sentinels name (redis-backup.sh)', () => {
    const out = join(root, 'backups');
    const run = spawnSync('sh', [join(ROOT, 'ops', 'scripts', 'redis-backup.sh')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH!,
        BACKUP_DIR: out,
        REDIS_HOST: '127.0.0.1',
        REDIS_PORT: '1', // a host that does not answer: only the Sentinels' answer can make this work
        REDIS_MASTER_NAME: render.data.env.REDIS_MASTER_NAME!,
        REDIS_SENTINELS: toLoopback(render.data.env.REDIS_SENTINELS!),
      },
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain(`the Sentinels name ${masterAddr(1)} as the primary`);
    expect(readdirSync(out).filter((f) => /^redis-\d{8}T\d{6}Z\.rdb$/.test(f))).toHaveLength(1);
  });
});
