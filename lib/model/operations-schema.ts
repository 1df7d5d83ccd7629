/**
 * The operations part of the overlay model: backups of stores (`services.<store>.backup`),
 * service level objectives (`services.<name>.slo`) and alert thresholds (`stack.alerts`).
 * Referenced from lib/model/schema.ts; self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static } from '@sinclair/typebox';
import { JobLimitsSchema } from './escape-hatches-schema';
import { BACKUP_CRONJOB_DEFAULTS } from './job-defaults';

const StringEnum = <T extends string[]>(values: [...T], description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, description });

/** A latency like `500ms`, `2s` or `1.5s` (Prometheus histograms measure seconds). */
export const LATENCY_PATTERN = '^(?:[0-9]+ms|[0-9]+(?:\\.[0-9]+)?s)$';
const Latency = (description: string, dflt?: string) =>
  Type.String({ pattern: LATENCY_PATTERN, description, examples: ['500ms', '2s'], ...(dflt ? { default: dflt } : {}) });
/** A Prometheus duration like `26h`, `8d` or `30m`. */
export const PROM_DURATION_PATTERN = '^(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?$';
const PromDuration = (description: string, dflt: string) =>
  Type.String({ pattern: PROM_DURATION_PATTERN, minLength: 2, description, default: dflt });
const Percent = (description: string, dflt: number) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 100, description, default: dflt });

export const BackupResourcesSchema = Type.Object(
  {
    cpu: Type.Unsafe<string | number>({ type: ['string', 'number'], format: 'cpu-quantity', exclusiveMinimum: 0, multipleOf: 0.001, description: 'CPU request of the backup container (a string like `100m`, or a number of cores).' }),
    memory: Type.String({ format: 'memory-quantity', description: 'Memory request (and limit) of the backup container.' }),
  },
  { additionalProperties: false, required: ['cpu', 'memory'], description: 'Requests of the backup and restore-verification containers.' },
);

export const BackupTargetSchema = Type.Object(
  {
    pvc: Type.Optional(
      Type.Object(
        {
          size: Type.String({ format: 'memory-quantity', description: 'Size of the backup volume claim `<store>-backups`.', examples: ['50Gi'] }),
          storageClass: Type.Optional(Type.String({ description: 'StorageClass name. Default: the cluster default.' })),
        },
        { additionalProperties: false, required: ['size'], description: 'Keep dumps on a PersistentVolumeClaim of their own.' },
      ),
    ),
    s3: Type.Optional(
      Type.Object(
        {
          bucket: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'Bucket name.' }),
          prefix: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._/-]*$', description: 'Key prefix. Default: `<namespace>/<store>`.' })),
          endpoint: Type.String({ pattern: '^https?://[^\\s/]+(?::[0-9]+)?/?$', description: 'S3 endpoint URL, e.g. `https://s3.eu-central-1.amazonaws.com`.' }),
          secretName: Type.String({
            format: 'dns-label',
            description: 'Secret holding `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (referenced, never rendered).',
          }),
          cidr: Type.String({
            format: 'cidr',
            default: '0.0.0.0/0',
            description:
              'Addresses the backup pod may reach on the endpoint\'s port (NetworkPolicy egress). The default, everywhere, excludes the private ' +
              'ranges (10/8, 172.16/12, 192.168/16) and link-local (169.254/16, the cloud metadata endpoint): the internet endpoint, nothing inside. Narrow it where you can.',
          }),
        },
        { additionalProperties: false, required: ['bucket', 'endpoint', 'secretName'], description: 'Upload dumps to S3 (or any S3-compatible store).' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Where dumps go: `pvc`, `s3` or both (at least one).' },
);

export const RestoreVerifySchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run the restore verification (Postgres backups).' }),
    schedule: Type.String({
      format: 'cron',
      default: '0 6 * * 0',
      description:
        'When to restore the latest dump into a scratch database and check it. The default, Sunday 06:00, starts after the latest a 02:00 backup can end (10 min start deadline + 3 h run), so the two never share the ReadWriteOnce backup volume.',
    }),
    tables: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' }), {
        uniqueItems: true,
        description: 'Key tables that must have rows after the restore (e.g. `[public.users]`).',
      }),
    ),
    query: Type.Optional(
      Type.String({ description: 'Extra integrity query run against the restored database; it must return `t` (true).' }),
    ),
  },
  {
    additionalProperties: false,
    default: { enabled: true, schedule: '0 6 * * 0' },
    description:
      'Weekly proof that the latest backup restores (from the `pvc` target, else downloaded from `s3`): it lists and restores without error into a scratch database, ' +
      'at least one table comes back, every `tables` entry has rows and `query` returns true. Fails the Job otherwise.',
  },
);

export const BackupSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Set to `false` to switch the backup off in one environment.' }),
    engine: Type.Optional(
      StringEnum(['postgres', 'qdrant', 'redis'], 'What the store is. Default: guessed from the image name (`postgres`, `qdrant`, `redis`).'),
    ),
    schedule: Type.String({ format: 'cron', default: '0 2 * * *', description: 'When the backup runs.' }),
    timeZone: Type.String({ format: 'time-zone', default: 'Etc/UTC', description: 'IANA time zone of `schedule` (set it explicitly, e.g. `Europe/Berlin`).' }),
    retentionDays: Type.Integer({ minimum: 1, default: 30, description: 'Dumps older than this are pruned (the newest is always kept).' }),
    maxAge: PromDuration('Alert `BackupStale` when the last successful backup is older than this.', '26h'),
    target: BackupTargetSchema,
    image: Type.Optional(
      Type.String({
        format: 'image-ref',
        description: 'Image of the backup container. Default: the store\'s image (Postgres, Redis: same tools as the server); `curlimages/curl` for Qdrant.',
      }),
    ),
    database: Type.String({ default: 'postgres', description: 'Postgres: the database to dump.' }),
    user: Type.String({ default: 'postgres', description: 'Postgres: the user the dump connects as.' }),
    passwordSecret: Type.Optional(
      Type.Object(
        {
          name: Type.String({ format: 'dns-label', description: 'Secret name.' }),
          key: Type.String({ default: 'password', description: 'Key of the password in the Secret.' }),
        },
        { additionalProperties: false, required: ['name'], description: 'Postgres: Secret holding the password (`PGPASSWORD`), referenced, never rendered.' },
      ),
    ),
    resources: Type.Optional(BackupResourcesSchema),
    job: Type.Optional(JobLimitsSchema(BACKUP_CRONJOB_DEFAULTS, 'the backup and restore-verification CronJobs (the default restore-verification schedule counts on the default deadlines)')),
    restoreVerify: Type.Optional(RestoreVerifySchema),
  },
  {
    additionalProperties: false,
    required: ['target'],
    description:
      'Scheduled backups of a `store`: Postgres `pg_dump -Fc`, Qdrant collection snapshots, Redis RDB copies, ' +
      'to a volume and/or S3, pruned after `retentionDays`, with a stale-backup alert.',
  },
);

export const SloSchema = Type.Object(
  {
    availability: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 100,
      default: 99.9,
      description: 'Availability objective in percent: the share of requests that must not fail with a 5xx.',
    }),
    latencyP99: Latency('Latency objective: 99 % of requests faster than this. Must be a bucket bound (`le`) of the duration histogram.', '500ms'),
    window: Type.String({ pattern: '^[0-9]+d$', default: '30d', description: 'SLO window (documentation and budget dashboards).' }),
  },
  {
    additionalProperties: false,
    description:
      'Service level objectives (needs `metrics`): recording rules for the error ratios and multi-window multi-burn-rate ' +
      'alerts (1h/5m at 14.4× and 6h/30m at 6× page; 1d/2h at 3× and 3d/6h at 1× open a ticket).',
  },
);

export const AlertThresholdsSchema = Type.Object(
  {
    runbookBaseUrl: Type.String({
      default: 'https://github.com/acme/cdk8s-stack/blob/main/docs/runbooks',
      description: 'Base of every `runbook_url`: `<runbookBaseUrl>/<Alert>.md` (the runbooks ship in `docs/runbooks/`).',
    }),
    errorRateWarning: Percent('Warn when more than this percent of requests fail with a 5xx (5 m).', 1),
    errorRateCritical: Percent('Page when more than this percent of requests fail with a 5xx (5 m).', 5),
    latencyP99Warning: Latency('Warn when the p99 request latency is above this (5 m).', '2s'),
    latencyP99Critical: Latency('Page when the p99 request latency is above this (5 m).', '5s'),
    cpuPercent: Percent('Warn when a container uses more than this percent of its CPU request (limit when set).', 80),
    memoryPercent: Percent('Warn when a container uses more than this percent of its memory limit.', 85),
    restartsPerHour: Type.Integer({ minimum: 1, default: 3, description: 'A container restarting more often than this in an hour is crash looping.' }),
    restoreVerifyMaxAge: PromDuration('Alert `RestoreVerificationStale` when the last successful restore verification is older than this.', '8d'),
    metrics: Type.Object(
      {
        requests: Type.String({ pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', default: 'http_requests_total', description: 'Counter of HTTP requests.' }),
        statusLabel: Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', default: 'status', description: 'Label of `requests` holding the HTTP status code.' }),
        duration: Type.String({
          pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$',
          default: 'http_request_duration_seconds',
          description: 'Histogram of request durations in seconds (without `_bucket`).',
        }),
        databaseUp: Type.String({ pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', default: 'pg_up', description: 'Gauge that is 0 when the database exporter cannot connect.' }),
        databaseConnectionErrors: Type.String({
          pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$',
          default: 'db_connection_errors_total',
          description: 'Counter of failed database connections, exposed by the applications.',
        }),
      },
      {
        additionalProperties: false,
        default: {},
        description: 'Names of the metrics the rules read (change them when your instrumentation differs).',
      },
    ),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Alert thresholds and runbook links of the PrometheusRules; override per environment.',
  },
);

export type Backup = Static<typeof BackupSchema>;
export type Slo = Static<typeof SloSchema>;
export type AlertThresholds = Static<typeof AlertThresholdsSchema>;
export type RestoreVerify = Static<typeof RestoreVerifySchema>;
