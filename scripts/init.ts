/**
 * cdk8s-stack init [--dir overlays] [--name NAME]
 * Writes a starter stack (base, dev, prod) that renders and passes the gate as it is, with
 * the editor-schema comment pointing at the installed schema. Never overwrites a file.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FORMATS } from '../lib/model/formats';
import { SCHEMA_VERSION } from '../lib/model/schema';
import { EXIT_CLEAN } from '../lib/shared/exit-codes';
import { parseCli, runCli, UsageError } from './cli';

const USAGE = `usage: cdk8s-stack init [--dir DIR] [--name NAME]

  --dir DIR     where to write base.yaml, dev.yaml and prod.yaml (default: overlays)
  --name NAME   the stack's name, a DNS label (default: app)`;

const SCHEMA = join(import.meta.dirname, '..', 'schema', 'overlay.schema.json');

const base = (name: string) => `stack:
  name: ${name}
  namespace: ${name}

services:
  web:
    type: web
    image: nginxinc/nginx-unprivileged:1.27.3 # your image, with a tag
    ports: { http: 8080 }
    resources: { cpu: 100m, memory: 128Mi }
    health:
      liveness: { path: / }
      readiness: { path: / }
    dependsOn: [redis]

  redis:
    type: store
    image: redis:7.4.1
    ports: { redis: 6379 }
    resources: { cpu: 100m, memory: 128Mi }
    storage: { size: 1Gi, mountPath: /data }
    runAsUser: 999
    health:
      liveness: { port: redis }
      readiness: { command: [redis-cli, ping] }
    backup:
      target: { pvc: { size: 2Gi } }
`;

const environment = (name: string, env: string, replicas: number) => `stack:
  namespace: ${name}-${env}

services:
  web:
    replicas: ${replicas}
`;

runCli(() => {
  const { values } = parseCli(process.argv.slice(2), { dir: { type: 'string', default: 'overlays' }, name: { type: 'string', default: 'app' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return EXIT_CLEAN;
  }
  const { dir, name } = values as { dir: string; name: string };
  if (!FORMATS['dns-label'].check(name) || name.length > 40) throw new UsageError(`--name: \`${name}\` is not a DNS label of at most 40 characters\n\n${USAGE}`);
  const files = { 'base.yaml': base(name), 'dev.yaml': environment(name, 'dev', 1), 'prod.yaml': environment(name, 'prod', 2) };
  const existing = Object.keys(files).filter((file) => existsSync(join(dir, file)));
  if (existing.length) throw new UsageError(`${dir}/ already has ${existing.join(', ')}; init never overwrites — pick another --dir`);
  mkdirSync(dir, { recursive: true });
  const header = `# yaml-language-server: $schema=${relative(dir, SCHEMA)}\nschemaVersion: ${SCHEMA_VERSION}\n`;
  for (const [file, body] of Object.entries(files)) writeFileSync(join(dir, file), `${header}${body}`);
  console.log(`wrote ${Object.keys(files).map((f) => join(dir, f)).join(', ')}\nnext: cdk8s-stack synth && cdk8s-stack check`);
  return EXIT_CLEAN;
});
