/**
 * Bad overlays: one clear line per problem (file:line:col: key.path: what is wrong),
 * all problems at once, exit 2, no stack trace, and the output folder untouched.
 * Rules over the merged stack run on the test stack with overrides built in code (each rule
 * also has tests of its own in test/overlay/rules/); where a problem is placed (file, line,
 * environments) is checked end to end on bad stacks kept under test/fixtures/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverlays, OverlayError } from '../lib/overlay';
import { readTree } from '../lib/render/write';
import { DEFAULT_STACK, FIXTURE_STACK, ROOT, appendTo, replaceIn, runScript, scratchDir, scratchFixture, scratchProject } from './helpers';
import { fixtureStackWith, stackProblems } from './overlay/stack';

/** A valid worker to add under any name. */
const SMALL_WORKER = { type: 'worker', image: 'busybox:1.36', resources: { cpu: '10m', memory: '16Mi' }, health: { liveness: { command: ['/bin/true'] } } };
const ENVOY = 'envoyproxy/envoy:v1.31.0';

/** A stack of bad overlays kept under test/fixtures/, read as it is. */
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', name);

function problemsOf(dir: string, only: string[] = []): string[] {
  try {
    loadOverlays(dir, only);
  } catch (err) {
    if (err instanceof OverlayError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected the overlays to be rejected');
}

describe('overlay validation', () => {
  it('the default overlays and the test stack are valid', () => {
    expect(loadOverlays(DEFAULT_STACK).map((o) => o.environment)).toStrictEqual(['dev', 'prod', 'staging']);
    expect(loadOverlays(FIXTURE_STACK).map((o) => o.environment)).toStrictEqual(['dev', 'prod', 'staging']);
  });

  it('names an unknown key with its line and suggests the closest one', () => {
    // GIVEN a typo in an environment file
    const dir = scratchFixture();
    replaceIn(dir, 'dev.yaml', '    replicas: 2', '    replicaz: 2');
    // THEN
    expect(problemsOf(dir)).toStrictEqual([
      `${dir}/dev.yaml:6:5: services.api.replicaz: unknown key \`replicaz\` — did you mean \`replicas\`?`,
    ]);
  });

  it('reports every problem at once, one line each, in file order', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', [
      '  beat:',
      '    replicas: two',
      '    resources: { cpu: 1.5cores, memory: 1GB }',
      '    shutdown: { gracePeriod: 30 seconds }',
      '  redis:',
      '    type: stor',
      '',
    ].join('\n'));
    expect(problemsOf(dir)).toStrictEqual([
      `${dir}/dev.yaml:10:5: services.beat.replicas: expected an integer, got string "two"`,
      `${dir}/dev.yaml:11:18: services.beat.resources.cpu: "1.5cores" is not a CPU quantity: millicores like \`250m\` or cores like \`0.5\` or \`2\``,
      `${dir}/dev.yaml:11:33: services.beat.resources.memory: "1GB" is not a memory quantity like \`256Mi\` or \`1Gi\` (binary suffixes Ki, Mi, Gi, Ti)`,
      `${dir}/dev.yaml:12:17: services.beat.shutdown.gracePeriod: "30 seconds" is not a duration like \`30s\`, \`5m\`, \`1h\` or \`1h30m\``,
      `${dir}/dev.yaml:14:5: services.redis.type: "stor" is not one of web, worker, singleton, store, external, cronjob — did you mean \`store\`?`,
    ]);
  });

  it('takes CPU as a number of cores, as Kubernetes does, but memory only with a unit', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  beat:\n    resources: { cpu: 0.7, memory: 512 }\n  redis:\n    resources: { cpu: 1.0005 }\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      `${dir}/dev.yaml:10:28: services.beat.resources.memory: expected a string, got number 512 (e.g. \`256Mi\`, \`1Gi\`)`,
      `${dir}/dev.yaml:12:18: services.redis.resources.cpu: 1.0005 is finer than Kubernetes allows: use at most 3 decimals (1m)`,
    ]);
    replaceIn(dir, 'dev.yaml', 'memory: 512 }', 'memory: 512Mi }');
    replaceIn(dir, 'dev.yaml', 'cpu: 1.0005', 'cpu: 2');
    const [dev] = loadOverlays(dir, ['dev']);
    expect(dev.stack.services.beat.resources).toStrictEqual({ cpu: 0.7, memory: '512Mi' });
    expect(dev.stack.services.redis.resources!.cpu).toBe(2);
  });

  it('rejects a time zone in the wrong case, which Kubernetes cannot load', () => {
    const dir = scratchFixture();
    appendTo(dir, 'prod.yaml', '  cleanup:\n    type: cronjob\n    image: ghcr.io/acme/shop-api:2.0.1\n    resources: { cpu: 100m, memory: 128Mi }\n    schedule: "0 3 * * *"\n    timeZone: europe/berlin\n');
    expect(problemsOf(dir)).toStrictEqual([expect.stringMatching(/prod\.yaml:14:5: services\.cleanup\.timeZone: "europe\/berlin" is not an IANA time zone/)]);
  });

  it('rejects a bad cron expression and time zone', () => {
    const dir = scratchFixture();
    appendTo(dir, 'prod.yaml', [
      '  cleanup:',
      '    type: cronjob',
      '    image: ghcr.io/acme/shop-api:2.0.1',
      '    resources: { cpu: 100m, memory: 128Mi }',
      '    schedule: "0 25 * * *"',
      '    timeZone: Mars/Olympus',
      '',
    ].join('\n'));
    expect(problemsOf(dir)).toStrictEqual([
      expect.stringMatching(/prod\.yaml:13:5: services\.cleanup\.schedule: "0 25 \* \* \*" is not a 5-field cron schedule/),
      expect.stringMatching(/prod\.yaml:14:5: services\.cleanup\.timeZone: "Mars\/Olympus" is not an IANA time zone/),
    ]);
  });

  it('names a dependency on a service that does not exist, with a suggestion, once for all environments', () => {
    // GIVEN the test stack whose base has `beat` depend on `rediss`
    const dir = fixture('unknown-dependency');
    // THEN the problem is placed in the base, once, naming every environment it breaks
    expect(problemsOf(dir)).toStrictEqual([
      `${dir}/base.yaml:36:17: services.beat.dependsOn[0]: \`rediss\` is not a service of this stack — did you mean \`redis\`? (when merged into dev, prod, staging)`,
    ]);
  });

  it('names a dependency on a service disabled in that environment', () => {
    // GIVEN prod.yaml switching off `redis`; THEN each problem points at the dependency, in the base
    const dir = fixture('disabled-dependency');
    expect(problemsOf(dir, ['prod'])).toStrictEqual([
      expect.stringMatching(/base\.yaml:17:17: services\.api\.dependsOn\[0\]: `redis` is disabled in this environment/),
      expect.stringMatching(/base\.yaml:26:17: services\.worker\.dependsOn\[0\]: `redis` is disabled/),
      expect.stringMatching(/base\.yaml:36:17: services\.beat\.dependsOn\[0\]: `redis` is disabled/),
    ]);
  });

  it('rejects duplicate keys (two services with one name) and YAML syntax errors with line and column', () => {
    const dir = scratchFixture();
    appendTo(dir, 'staging.yaml', '  api:\n    replicas: 4\n');
    replaceIn(dir, 'prod.yaml', 'replicas: 3', 'replicas: [3');
    expect(problemsOf(dir)).toStrictEqual([
      expect.stringMatching(/prod\.yaml:\d+:\d+: YAML syntax error: /),
      `${dir}/staging.yaml:7:3: duplicate key \`api\` (first at line 5): each key may appear once in a map — keep one`,
    ]);
  });

  it('rejects a missing required key after merging, pointing at the map that lacks it', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  extra:\n    resources: { cpu: 100m, memory: 64Mi }\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([`${dir}/dev.yaml:9:3: services.extra: no service \`extra\` in base.yaml (a service new in this environment needs a \`type\`)`]);
  });

  it('enforces what each service type needs', () => {
    // GIVEN a store without storage (base.yaml) and a singleton with two replicas (dev.yaml); THEN in file order
    const dir = fixture('store-without-storage');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      expect.stringMatching(/base\.yaml:39:5: services\.redis\.type: a `store` needs `storage`/),
      expect.stringMatching(/dev\.yaml:10:5: services\.beat\.replicas: a `singleton` runs exactly one replica; remove `replicas: 2`/),
    ]);
  });

  it('rejects a service name too long for the object names derived from it', () => {
    const long = 'a-really-long-service-name-that-goes-on-and-on';
    const stack = fixtureStackWith('dev', { [long]: SMALL_WORKER });
    expect(stackProblems(stack, 'dev')).toStrictEqual([
      `services.${long}: service name is ${long.length} characters; at most 40 leave room for the suffixes of derived object names — shorten it`,
    ]);
  });

  it('rejects an empty string where a value is needed', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  beat:\n    secretEnv: { API_TOKEN: { secret: beat-secrets, key: "" } }\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([`${dir}/dev.yaml:10:53: services.beat.secretEnv.API_TOKEN.key: must not be empty`]);
  });

  it('null removes a key set in the base', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  beat:\n    args: null\n');
    const [dev] = loadOverlays(dir, ['dev']);
    expect(dev.stack.services.beat.args).toBeUndefined();
    expect(dev.stack.services.beat.command).toStrictEqual(['scheduler']);
  });

  it('rejects a null on a key the schema does not know', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  beat:\n    argz: null\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      `${dir}/dev.yaml:10:5: services.beat.argz: unknown key \`argz\` — did you mean \`args\`?`,
    ]);
  });

  it('names an unknown overlay and lists the ones that exist', () => {
    const dir = scratchFixture();
    expect(problemsOf(dir, ['prd'])).toStrictEqual([`${dir}: unknown overlay \`prd\` — did you mean \`prod\`?; overlays in ${dir}: dev, prod, staging`]);
  });
});

describe('workload rules that need more than one key', () => {
  const cases: [string, string, Record<string, Record<string, unknown>>, RegExp][] = [
    ['HPA min above max', 'prod', { api: { autoscaling: { minReplicas: 12, maxReplicas: 10 } } }, /services\.api\.autoscaling\.minReplicas: minReplicas \(12\) is greater than maxReplicas \(10\)/],
    ['replicas and an HPA at once', 'staging', { api: { autoscaling: { minReplicas: 2, maxReplicas: 4 }, replicas: 3 } }, /services\.api\.replicas: give either `replicas` or `autoscaling`, not both/],
    ['a PDB that blocks every drain', 'dev', { api: { pdb: { maxUnavailable: 0 } } }, /services\.api\.pdb\.maxUnavailable: maxUnavailable 0 would block every node drain/],
    [
      'a VPA forced onto a resource the HPA scales on',
      'prod',
      { api: { autoscaling: { minReplicas: 3, maxReplicas: 10, cpu: 70 }, vpa: { mode: 'Recreate', controlledResources: ['cpu'], maxAllowed: { cpu: '1' } } } },
      /services\.api\.vpa\.controlledResources: the VPA would update cpu, which the HPA scales on/,
    ],
    ['a literal secret', 'dev', { api: { env: { DB_PASSWORD: 'hunter2' } } }, /services\.api\.env\.DB_PASSWORD: `DB_PASSWORD` looks like a secret/],
    ['a URL with a password', 'dev', { api: { config: { DATABASE_URL: 'postgres://app:hunter2@db:5432/app' } } }, /services\.api\.config\.DATABASE_URL: `DATABASE_URL` holds a URL with a password/],
    ['one variable from two places', 'dev', { api: { secretEnv: { LOG_LEVEL: { secret: 's', key: 'k' } } } }, /services\.api\.secretEnv\.LOG_LEVEL: `LOG_LEVEL` is also set in `config`/],
    ['an ingress on a worker', 'dev', { worker: { ingress: { host: 'worker.example.com' } } }, /services\.worker\.ingress: `ingress` applies only to `web` services, not `worker`/],
    ['external secrets without a store', 'dev', { api: { externalSecretEnv: { TOKEN: { key: 'shop/token' } } } }, /services\.api\.externalSecretEnv: `externalSecretEnv` needs `stack.secretStore`/],
    ['a wait cycle', 'dev', { redis: { dependsOn: ['api'] } }, /services\.\w+\.dependsOn: waiting for dependencies would deadlock: (api → redis → api|redis → api → redis); set `waitForDependencies: false` on one of them/],
    ['a preStop pause longer than the grace period', 'dev', { api: { shutdown: { preStopSleep: '2m' } } }, /services\.api\.shutdown\.preStopSleep: the preStop pause \(2m\) must be shorter than the grace period \(30s\)/],
    ['one port number under two names', 'dev', { api: { ports: { metrics: 8080 } } }, /services\.api\.ports\.metrics: port 8080 is already served as `http`/],
    [
      'an egress exception outside its network',
      'dev',
      { api: { egress: [{ cidr: '10.0.0.0/8', ports: [443], except: ['192.168.0.0/16'] }] } },
      /services\.api\.egress\[0\]\.except\[0\]: 192\.168\.0\.0\/16 is not inside 10\.0\.0\.0\/8/,
    ],
    ['a resizing VPA without a ceiling', 'dev', { worker: { vpa: { mode: 'Recreate' } } }, /services\.worker\.vpa: a VPA in mode `Recreate` needs `maxAllowed` for cpu and memory/],
    ['several Redis pods posing as one store', 'dev', { redis: { replicas: 3 } }, /services\.redis\.replicas: 3 redis pods of a StatefulSet are independent servers, not replicas of one database/],
    ['a sidecar without probes', 'dev', { api: { sidecars: [{ name: 'proxy', image: ENVOY }] } }, /services\.api\.sidecars\[0\]: sidecar `proxy` runs as long as the pod and needs `health\.liveness`/],
    [
      'a sidecar reusing a port name',
      'dev',
      { api: { sidecars: [{ name: 'proxy', image: ENVOY, ports: { http: 9901 }, health: { liveness: { port: 'http' }, readiness: { port: 'http' } } }] } },
      /services\.api\.sidecars\[0\]\.ports\.http: port name `http` is already used in this pod/,
    ],
  ];
  it.each(cases)('rejects %s', (_label, environment, services, expected) => {
    expect(stackProblems(fixtureStackWith(environment, services), environment)).toStrictEqual([expect.stringMatching(expected)]);
  });
});

describe('whole-stack rules', () => {
  it('rejects two environments rendering into one namespace', () => {
    const dir = scratchFixture();
    replaceIn(dir, 'staging.yaml', 'namespace: shop-staging', 'namespace: shop-prod');
    expect(problemsOf(dir)).toStrictEqual([
      `${dir}/staging.yaml:2:3: stack.namespace: environments \`prod\` and \`staging\` both render into namespace \`shop-prod\`; give each its own`,
    ]);
  });

  it('rejects a stack and environment name too long for the instance label', () => {
    const stack = fixtureStackWith('staging', {}, { name: 'shop-platform-for-research-and-development-of-many-things' });
    expect(stackProblems(stack, 'staging')).toStrictEqual([
      expect.stringMatching(/stack\.name: with environment `staging` the instance label `shop-platform-for-research-and-development-of-many-things-staging` is 65 characters/),
    ]);
  });

  it('rejects a service name taken by a generated object', () => {
    const stack = fixtureStackWith('dev', { dns: { ...SMALL_WORKER, image: 'coredns/coredns:1.11.3' } });
    expect(stackProblems(stack, 'dev')).toStrictEqual(['services.dns: `dns` is taken by a generated object (the NetworkPolicy `allow-dns`); choose another service name']);
  });

  it('takes service and config names that are also JavaScript property names', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  constructor:\n    type: worker\n    image: busybox:1.36\n    resources: { cpu: 10m, memory: 16Mi }\n    health: { liveness: { command: [/bin/true] } }\n    config: { toString: x, constructor: y }\n');
    const [dev] = loadOverlays(dir, ['dev']);
    expect(Object.keys(dev.stack.services)).toContain('constructor');
    expect(dev.stack.services['constructor' as string].config).toStrictEqual({ toString: 'x', constructor: 'y' });
  });

  it('rejects __proto__ keys and reports unresolved aliases with the file', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  beat:\n    config: { __proto__: x }\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([`${dir}/dev.yaml:10:15: services.beat.config.__proto__: the key \`__proto__\` is not allowed`]);
    const other = scratchFixture();
    appendTo(other, 'dev.yaml', '  beat:\n    resources: *nope\n');
    expect(problemsOf(other, ['dev'])).toStrictEqual([
      `${other}/dev.yaml:10:16: \`*nope\` is an alias, but no anchor \`&nope\` is defined above it: define the anchor first, or quote the value if \`*\` is meant literally`,
    ]);
  });

  it('supports YAML merge keys for shared defaults', () => {
    const dir = scratchFixture();
    appendTo(dir, 'dev.yaml', '  beat:\n    resources: &small { cpu: 20m, memory: 32Mi }\n  redis:\n    resources: { <<: *small, memory: 64Mi }\n');
    const [dev] = loadOverlays(dir, ['dev']);
    expect(dev.stack.services.redis.resources).toStrictEqual({ cpu: '20m', memory: '64Mi' });
  });
});

describe('Sentinel and distributed settings', () => {
  it('points at the file, line and column of each bad value', () => {
    const dir = scratchFixture();
    appendTo(dir, 'prod.yaml', '  redis:\n    sentinel: { sentinels: 2, quorum: 3 }\n');
    expect(problemsOf(dir, ['prod'])).toStrictEqual([
      expect.stringMatching(/prod\.yaml:10:17: services\.redis\.sentinel\.sentinels: 2 Sentinel\(s\) cannot outvote a lost one/),
      expect.stringMatching(/prod\.yaml:10:31: services\.redis\.sentinel\.quorum: quorum 3 is more than the 2 Sentinels/),
    ]);
  });

  it('rejects `distributed` on a store that is not Qdrant', () => {
    const dir = scratchFixture();
    appendTo(dir, 'prod.yaml', '  redis:\n    distributed: { nodes: 3 }\n');
    expect(problemsOf(dir, ['prod'])).toStrictEqual([
      expect.stringMatching(/prod\.yaml:10:5: services\.redis\.distributed: `distributed` applies only to a Qdrant `store`/),
    ]);
  });
});

describe('npm run synth with bad input', () => {
  it('exits 2 with one line per problem, no stack trace, and leaves the output folder as it was', () => {
    // GIVEN a rendered output folder
    const dir = scratchFixture();
    const out = scratchDir();
    expect(runScript('synth', ['--overlays', dir, '--out', out, '--quiet']).code).toBe(0);
    const before = readTree(out);
    // WHEN an overlay gets a typo and synth runs again
    replaceIn(dir, 'dev.yaml', '    replicas: 2', '    replicaz: 2');
    const run = runScript('synth', ['--overlays', dir, '--out', out]);
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${dir}/dev.yaml:6:5: services.api.replicaz: unknown key \`replicaz\` — did you mean \`replicas\`?\n1 problem(s); nothing was written.\n`);
    expect(readTree(out)).toStrictEqual(before);
  });

  it('exits 2 on an unknown overlay name and an unknown flag', () => {
    const unknown = runScript('synth', ['--overlay', 'qa', '--out', scratchDir()], scratchProject());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown overlay `qa`; overlays in overlays: dev, prod, staging');
    const flag = runScript('synth', ['--overlayz', 'dev']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--overlayz'");
    expect(flag.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an empty --overlay (an unset variable), instead of rendering everything', () => {
    const run = runScript('synth', ['--overlay=', '--out', scratchDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--overlay needs an environment name');
  });

  it('exits 2 on a missing overlays folder', () => {
    const run = runScript('synth', ['--overlays', '/nonexistent/overlays', '--out', scratchDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/overlays: overlays folder not found');
  });
});

describe('bad KEDA and migration settings', () => {
  /** The test stack's dev worker on KEDA (its `replicas: 1` replaced), with `extra` lines appended to dev.yaml. */
  const kedaWorker = (keda: string, extra = '') => {
    const dir = scratchFixture();
    replaceIn(dir, 'dev.yaml', '  worker:\n    replicas: 1', `  worker:\n    keda:\n${keda}`);
    if (extra) appendTo(dir, 'dev.yaml', extra);
    return dir;
  };
  const QUEUE = '      minReplicas: 0\n      maxReplicas: 3\n      queues: [{ store: redis, length: 20 }]\n';
  const CACHE = '  cache:\n    type: store\n    image: redis:7.4.1\n    ports: { redis: 6379 }\n    resources: { cpu: 100m, memory: 128Mi }\n    storage: { size: 1Gi, mountPath: /data }\n    runAsUser: 999\n    health: { liveness: { port: redis }, readiness: { command: [redis-cli, ping] } }\n';

  it('rejects a queue on a Redis the worker does not depend on', () => {
    const dir = kedaWorker('      minReplicas: 0\n      maxReplicas: 3\n      queues: [{ store: cache, length: 20 }]\n', CACHE);
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      `${dir}/dev.yaml:11:18: services.worker.keda.queues[0].store: \`cache\` is not among this service's \`dependsOn\`: KEDA reads the queue on a Redis the service works with, and its network policies are drawn from \`dependsOn\`. Add \`cache\` to \`dependsOn\`, or name one of \`redis\``,
    ]);
  });

  it('rejects an HPA and KEDA on the same service', () => {
    const dir = kedaWorker(QUEUE, '    autoscaling: { minReplicas: 1, maxReplicas: 3 }\n');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      expect.stringMatching(new RegExp(`^${dir}/dev\\.yaml:8:5: services\\.worker\\.keda: give either \`autoscaling\` \\(an HPA of ours\\) or \`keda\``)),
    ]);
  });

  it('rejects scale to zero on a web service with an ingress', () => {
    const dir = scratchFixture();
    replaceIn(dir, 'dev.yaml', '  api:\n    replicas: 2', `  api:\n    ingress: { host: shop.example.com }\n    keda:\n${QUEUE}`);
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      expect.stringMatching(new RegExp(`^${dir}/dev\\.yaml:8:7: services\\.api\\.keda\\.minReplicas: a service with an \`ingress\` cannot scale to zero: .* Use \`minReplicas: 1\` or more, or remove \`ingress\`$`)),
    ]);
  });

  it('rejects a migration on a service with no database dependency', () => {
    const dir = scratchFixture();
    replaceIn(dir, 'dev.yaml', '  api:\n    replicas: 2', '  api:\n    replicas: 2\n    migrations: { command: [alembic, upgrade, head] }');
    expect(problemsOf(dir, ['dev'])).toStrictEqual([
      `${dir}/dev.yaml:7:5: services.api.migrations: this service depends on no database (\`dependsOn\`: \`redis\`): a migration has nothing to migrate, and its network policy would let it reach none; add a Postgres \`store\` or an \`external\` database (a \`postgres\` port) and put it in \`dependsOn\`, or remove \`migrations\``,
    ]);
  });

  it('rejects a cron floor with an unknown time zone and a schedule that is not cron', () => {
    const dir = kedaWorker(`${QUEUE}      schedules: [{ timeZone: Europe/Berlln, start: "0 8 * * 1-5", end: "at 19:00", replicas: 2 }]\n`);
    const problems = problemsOf(dir, ['dev']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${dir}/dev\\.yaml:\\d+:\\d+: services\\.worker\\.keda\\.schedules\\[0\\]\\.timeZone: .*Europe/Berlln`));
    expect(problems[1]).toMatch(new RegExp(`^${dir}/dev\\.yaml:\\d+:\\d+: services\\.worker\\.keda\\.schedules\\[0\\]\\.end: .*at 19:00`));
  });

  it('synth exits 2 on a bad KEDA setting and writes nothing', () => {
    const dir = kedaWorker('      minReplicas: 0\n      maxReplicas: 3\n      queues: [{ store: cache, length: 20 }]\n', CACHE);
    const out = scratchDir();
    const run = runScript('synth', ['--overlays', dir, '--out', out, '--overlay', 'dev']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir}/dev.yaml:11:18: services.worker.keda.queues[0].store: \`cache\` is not among this service's \`dependsOn\``);
    expect(run.stderr).toContain('nothing was written');
    expect(run.stderr).not.toMatch(/\bat \S+\.ts:\d+/);
    expect(readTree(out).size).toBe(0);
  });
});
