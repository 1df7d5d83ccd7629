import { describe, expect, it } from 'vitest';
import { postgresClients, postgresSettings } from '../../../lib/overlay/rules/postgres';
import { problemsOf, ruleProblems, stackWith } from '../stack';

const S3 = { bucket: 'backups', endpoint: 'https://s3.example.com', secretName: 'backup-s3' };
const CNPG = (postgres: Record<string, unknown> = {}, backup: unknown = { target: { s3: S3 } }) => ({
  image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
  postgres: { operator: 'cloudnative-pg', ...postgres },
  backup,
});

describe('postgresSettings', () => {
  it('accepts CloudNativePG with an object store, and a StatefulSet Postgres without settings', () => {
    expect(problemsOf(postgresSettings, 'store', CNPG({ instances: 3, synchronous: true, pooler: {} }))).toStrictEqual([]);
    expect(problemsOf(postgresSettings, 'store', { image: 'postgres:16.4' })).toStrictEqual([]);
  });

  it('belongs to Postgres stores only', () => {
    expect(problemsOf(postgresSettings, 'worker', { postgres: { instances: 2 } })).toStrictEqual([
      'services.worker.postgres: only a `store` has `postgres` settings; this is a `worker`',
    ]);
    expect(problemsOf(postgresSettings, 'store', { image: 'redis:7.4.1', postgres: { instances: 2 } })).toStrictEqual([
      'services.store.postgres: `redis:7.4.1` is not a Postgres image; `postgres` settings apply to Postgres stores only',
    ]);
  });

  it('refuses a pooler without the operator', () => {
    expect(problemsOf(postgresSettings, 'store', { image: 'postgres:16.4', postgres: { pooler: {} } })).toStrictEqual([
      'services.store.postgres.pooler: a pooler needs `postgres.operator: cloudnative-pg` (the operator runs PgBouncer); set the operator or remove `pooler`',
    ]);
  });

  it('refuses quorum synchronous replication with fewer than 3 instances', () => {
    expect(problemsOf(postgresSettings, 'store', CNPG({ instances: 2, synchronous: true }))).toStrictEqual([
      'services.store.postgres.synchronous: quorum synchronous replication needs 3 or more instances (this has 2): with one standby, losing it stops every commit; raise `instances` to 3 or set `synchronous: false`',
    ]);
  });

  it('refuses an RPO below a minute', () => {
    expect(problemsOf(postgresSettings, 'store', CNPG({ rpo: '30s' }))).toStrictEqual([
      'services.store.postgres.rpo: an RPO of 30s is below 1m: WAL archiving (archive_timeout) cannot do better; use 1m or more',
    ]);
  });

  it('needs an object store for point-in-time recovery, and says which key to add', () => {
    expect(problemsOf(postgresSettings, 'store', CNPG({}, { target: { pvc: { size: '10Gi' } } }))).toStrictEqual([
      'services.store.backup.target: point-in-time recovery needs an object store: add `s3` (bucket, endpoint, secretName) to `backup.target`',
    ]);
    expect(problemsOf(postgresSettings, 'store', CNPG({}, null))).toStrictEqual([
      'services.store.postgres.operator: CloudNativePG archives WAL for point-in-time recovery: add `backup.target.s3` (bucket, endpoint, secretName)',
    ]);
  });

  it('leaves the pod count to `instances`', () => {
    expect(problemsOf(postgresSettings, 'store', { ...CNPG(), replicas: 2 })).toStrictEqual([
      'services.store.replicas: CloudNativePG runs `postgres.instances` pods; remove `replicas`',
    ]);
  });
});

describe('postgresClients', () => {
  const stack = (web: Record<string, unknown>) => stackWith({ store: CNPG(), web: { dependsOn: ['store'], ...web } });

  it('accepts a client that leaves the connection to the operator', () => {
    expect(ruleProblems(postgresClients, stack({}), 'web')).toStrictEqual([]);
  });

  it('refuses a DATABASE_URL of its own', () => {
    expect(ruleProblems(postgresClients, stack({ externalSecretEnv: { DATABASE_URL: { key: 'shop/db' } } }), 'web')).toStrictEqual([
      'services.web.externalSecretEnv.DATABASE_URL: DATABASE_URL comes from the operator\'s Secret `store-app` (the service depends on the CloudNativePG store `store`); remove it here (`DATABASE_URL: null` in an environment file)',
    ]);
  });
});
