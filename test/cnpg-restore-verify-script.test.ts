/**
 * ops/scripts/cnpg-restore-verify.sh against a fake kubectl (a shell script that records its
 * calls and answers like the API server and psql would): it waits for Ready, checks the
 * restored database, prints the achieved RTO and RPO, fails past the RTO or on a failed check,
 * and deletes the throwaway Cluster on every exit. (A real CloudNativePG restore needs a
 * Kubernetes cluster with the operator; the barman path against S3 is proven elsewhere.)
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRIPTS_DIR } from '../lib/operations/backup/scripts';

const FAKE_KUBECTL = `#!/bin/sh
echo "$*" >> "$FAKE_DIR/calls"
case "$1" in
  create) exit 0 ;;
  delete) exit 0 ;;
  get)
    n=$(cat "$FAKE_DIR/gets" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$FAKE_DIR/gets"
    case "$*" in *Ready*) [ "$n" -ge "\${READY_AFTER:-1}" ] && printf True ;; *phase*) printf 'Setting up primary' ;; esac
    exit 0 ;;
  exec)
    case "$*" in
      *pg_tables*) echo "\${FAKE_TABLES:-3}" ;;
      *"LIMIT 1"*) echo "\${FAKE_ROWS:-1}" ;;
      *pg_last_xact_replay_timestamp*) echo 42 ;;
      *) echo t ;;
    esac ;;
esac
`;

function run(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cnpg-verify-'));
  const kubectl = join(dir, 'kubectl');
  writeFileSync(kubectl, FAKE_KUBECTL);
  chmodSync(kubectl, 0o755);
  const result = spawnSync('sh', [join(SCRIPTS_DIR, 'cnpg-restore-verify.sh')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      KUBECTL: kubectl,
      FAKE_DIR: dir,
      VERIFY_CLUSTER: 'db-restore-verify',
      CLUSTER_MANIFEST: '/opt/ops/restore-verify-cluster.yaml',
      RTO_SECONDS: '30',
      POLL_SECONDS: '1',
      ...env,
    },
  });
  const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
  return { status: result.status, out: `${result.stdout}${result.stderr}`, calls };
}

describe('cnpg-restore-verify.sh', () => {
  it('restores, checks, prints the achieved RTO and RPO, and deletes the throwaway cluster', () => {
    const r = run({ VERIFY_TABLES: 'public.users', VERIFY_QUERY: 'SELECT true' });
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/achieved RTO [0-9]+s \(objective 30s\); achieved RPO 42s/);
    expect(r.out).toContain('table public.users has rows');
    expect(r.calls[1]).toBe('create -f /opt/ops/restore-verify-cluster.yaml');
    expect(r.calls.at(-1)).toMatch(/^delete cluster.postgresql.cnpg.io db-restore-verify --ignore-not-found/);
    expect(r.calls.filter((c) => c.startsWith('exec'))[0]).toMatch(/^exec db-restore-verify-1 -c postgres -- psql .* -d app /);
  });

  it('fails when the cluster is not Ready within the RTO, and still deletes it', () => {
    const r = run({ RTO_SECONDS: '2', READY_AFTER: '1000' });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/FAILED: not Ready after [0-9]+s \(RTO 2s; phase: Setting up primary\)/);
    expect(r.calls.at(-1)).toMatch(/^delete cluster.postgresql.cnpg.io db-restore-verify/);
  });

  it('fails on a key table without rows, and on an empty database', () => {
    const empty = run({ VERIFY_TABLES: 'public.users', FAKE_ROWS: '0' });
    expect(empty.status).not.toBe(0);
    expect(empty.out).toContain('FAILED: table public.users has no rows');
    expect(empty.calls.at(-1)).toMatch(/^delete /);
    const none = run({ FAKE_TABLES: '0' });
    expect(none.out).toContain('FAILED: the restored database app has no tables');
  });
});
