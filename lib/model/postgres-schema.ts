/**
 * `services.<store>.postgres`: how a Postgres `store` runs. Without `operator` (or with
 * `operator: statefulset`) it is today's StatefulSet with pg_dump backups; with
 * `operator: cloudnative-pg` the CloudNativePG operator runs it (lib/patterns/cloudnative-pg.ts):
 * replicas, WAL archiving to the store's `backup.target.s3` (point-in-time recovery),
 * a PgBouncer pooler and a restore verification that measures the RTO.
 * Self-contained: schema.ts hooks it in with one line.
 */
import { Type, type Static } from '@sinclair/typebox';

const Duration = (description: string, dflt: string) => Type.String({ format: 'duration', description, default: dflt });

export const PostgresRoleSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', description: 'Role name.' }),
    login: Type.Boolean({ default: true, description: 'The role may log in.' }),
    inRoles: Type.Optional(Type.Array(Type.String(), { uniqueItems: true, description: 'Roles it is a member of (e.g. `pg_read_all_data`).' })),
    passwordSecret: Type.Optional(
      Type.String({
        format: 'dns-label',
        description: 'Secret of type `kubernetes.io/basic-auth` (keys `username`, `password`) holding its password: referenced, never rendered.',
      }),
    ),
    connectionLimit: Type.Optional(Type.Integer({ minimum: -1, description: 'Connections the role may hold; -1: no limit.' })),
  },
  { additionalProperties: false, required: ['name'], description: 'A role the operator keeps in the database (managed role).' },
);

export const PoolerSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Set to `false` to leave the pooler out.' }),
    instances: Type.Integer({ minimum: 1, maximum: 20, default: 2, description: 'PgBouncer pods.' }),
    poolMode: Type.Unsafe<'transaction' | 'session'>({
      type: 'string',
      enum: ['transaction', 'session'],
      default: 'transaction',
      description: '`transaction`: a server connection per transaction (clients must not rely on session state).',
    }),
    maxClientConnections: Type.Integer({ minimum: 1, default: 1000, description: 'PgBouncer `max_client_conn`.' }),
    defaultPoolSize: Type.Integer({ minimum: 1, default: 20, description: 'PgBouncer `default_pool_size`: server connections per database and user.' }),
  },
  {
    additionalProperties: false,
    description: 'PgBouncer `Pooler` `<store>-pooler-rw` in front of the primary; clients that `dependsOn` the store connect through it.',
  },
);

export const PostgresSchema = Type.Object(
  {
    operator: Type.Optional(
      Type.Unsafe<'statefulset' | 'cloudnative-pg'>({
        type: 'string',
        enum: ['statefulset', 'cloudnative-pg'],
        description: '`cloudnative-pg`: a CloudNativePG `Cluster` (operator, replicas, PITR). Absent or `statefulset`: a plain StatefulSet.',
      }),
    ),
    operatorNamespace: Type.String({ format: 'dns-label', default: 'cnpg-system', description: 'Namespace the CloudNativePG operator runs in (allowed in by the network policies).' }),
    apiServerCidr: Type.String({
      format: 'cidr',
      default: '0.0.0.0/0',
      description: 'Where the Kubernetes API server is (ports 443 and 6443): the instances, the pooler and the restore verification talk to it. Narrow it to the control plane\'s addresses where you can.',
    }),
    instances: Type.Integer({ minimum: 1, maximum: 9, default: 1, description: 'Postgres pods: one primary, the rest streaming standbys (staging 2, prod 3).' }),
    synchronous: Type.Optional(
      Type.Boolean({
        description:
          'Quorum synchronous replication (`method: any`, `dataDurability: required`): a commit returns once a quorum of standbys has it. Default: on with 3 or more instances; needs 3.',
      }),
    ),
    walStorage: Type.Optional(
      Type.Object(
        {
          size: Type.String({ format: 'memory-quantity', description: 'Size of the WAL volume per instance.', examples: ['20Gi'] }),
          storageClass: Type.Optional(Type.String({ description: 'StorageClass name. Default: the cluster default.' })),
        },
        { additionalProperties: false, required: ['size'], description: 'A separate volume for the WAL (pg_wal): a full data volume cannot stop archiving.' },
      ),
    ),
    imageName: Type.Optional(
      Type.String({ format: 'image-ref', description: 'CloudNativePG operand image. Default: the store\'s `image` (must be a CNPG image, e.g. `ghcr.io/cloudnative-pg/postgresql:16.4`).' }),
    ),
    database: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'app', description: 'Database created at bootstrap (initdb).' }),
    owner: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'app', description: 'Its owner; the operator writes its credentials to the Secret `<store>-app`.' }),
    roles: Type.Optional(Type.Array(PostgresRoleSchema, { description: 'Managed roles (passwords by Secret reference only).' })),
    pooler: Type.Optional(PoolerSchema),
    rpo: Duration(
      'Recovery point objective: the longest a WAL segment waits before it is archived (`archive_timeout`); at most this much committed data can be lost with the whole cluster. At least 1m.',
      '5m',
    ),
    rto: Duration('Recovery time objective: the restore verification fails when a restore takes longer.', '30m'),
  },
  { additionalProperties: false, description: 'Postgres `store` settings: the operator that runs it, replicas, pooling, RPO and RTO.' },
);

export type PostgresSettings = Static<typeof PostgresSchema>;
export type PoolerSettings = Static<typeof PoolerSchema>;
