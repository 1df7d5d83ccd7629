/**
 * `services.<store>.sentinel`: Redis made highly available by Redis Sentinel — N data pods
 * (one primary, the others replicas) and a separate set of Sentinel pods that watch the
 * primary and promote a replica when it fails. Absent: one Redis server (dev).
 * Self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static } from '@sinclair/typebox';

/** The port Sentinel listens on (the Redis default). */
export const SENTINEL_PORT = 26379;

export const RedisSentinelSchema = Type.Object(
  {
    replicas: Type.Integer({ minimum: 1, maximum: 9, default: 3, description: 'Data pods, the primary included (pod 0 starts as primary; after a failover Sentinel decides).' }),
    sentinels: Type.Integer({ minimum: 1, maximum: 9, default: 3, description: 'Sentinel pods (StatefulSet `<store>-sentinel`). At least 3, so that losing one node still leaves a majority to authorise a failover.' }),
    quorum: Type.Integer({ minimum: 1, maximum: 9, default: 2, description: 'Sentinels that must agree the primary is down before a failover starts (at most `sentinels`).' }),
    masterName: Type.String({ pattern: '^[A-Za-z0-9_-]{1,63}$', default: 'mymaster', description: 'Name the Sentinels monitor the primary under; clients ask for it (`REDIS_MASTER_NAME`).' }),
    downAfter: Type.String({ format: 'duration', default: '5s', description: 'How long the primary may not answer before a Sentinel flags it down (`down-after-milliseconds`).' }),
    failoverTimeout: Type.String({ format: 'duration', default: '1m', description: 'Sentinel `failover-timeout`: how long a failover may take before another Sentinel retries it.' }),
    image: Type.Optional(Type.String({ format: 'image-ref', description: 'Image of the Sentinel pods. Default: the store\'s image (`redis-server --sentinel`).' })),
  },
  {
    additionalProperties: false,
    description:
      'Redis with Sentinel (Redis stores only): a StatefulSet `<store>` of `replicas` data pods and a StatefulSet `<store>-sentinel` of ' +
      '`sentinels` pods. Services that `dependsOn` the store get `REDIS_SENTINELS`, `REDIS_MASTER_NAME`, `CELERY_BROKER_URL` and ' +
      '`CELERY_RESULT_BACKEND` (`sentinel://` URLs). Absent: a single Redis server.',
  },
);

export type RedisSentinel = Static<typeof RedisSentinelSchema>;
