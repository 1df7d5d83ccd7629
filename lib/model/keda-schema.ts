/**
 * `services.<name>.keda`: queue-depth scaling by KEDA (a ScaledObject, and a TriggerAuthentication
 * for the credentials), instead of an HPA of ours (`autoscaling`). KEDA renders and owns the HPA
 * of the workload, so a service has one or the other, never both (lib/overlay/rules/keda.ts).
 * `stack.keda`: where KEDA runs.
 * Self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ScalingRules, SCALE_DOWN_DEFAULTS, SCALE_UP_DEFAULTS } from './scaling-rules-schema';

/** What KEDA itself defaults to (ScaledObject `pollingInterval`, `cooldownPeriod`), written down once. */
export const KEDA_DEFAULTS = { pollingInterval: '30s', cooldownPeriod: '5m', namespace: 'keda', list: 'celery' } as const;

const SecretKeyRef = (what: string) =>
  Type.Object(
    {
      secret: Type.String({ format: 'dns-label', description: 'Name of an existing Secret.' }),
      key: Type.String({ minLength: 1, description: 'Key inside it.' }),
    },
    { additionalProperties: false, required: ['secret', 'key'], description: `${what}, read by KEDA from a Secret (never a literal).` },
  );

export const KedaQueueSchema = Type.Object(
  {
    store: Type.String({ format: 'dns-label', description: 'The Redis store holding the queue: a service this one `dependsOn`. Under Sentinel (`sentinel:`) KEDA asks the Sentinels for the primary (trigger `redis-sentinel`), else it connects to the store (trigger `redis`).' }),
    list: Type.String({ minLength: 1, default: KEDA_DEFAULTS.list, description: 'The Redis list of the queue (`listName`): Celery keeps queue `<name>` in list `<name>`; its default queue is `celery`.' }),
    length: Type.Integer({ minimum: 1, description: 'Waiting tasks per pod KEDA aims for (`listLength`): 100 waiting tasks with `length: 20` ask for 5 pods.' }),
    activation: Type.Integer({ minimum: 0, default: 0, description: 'From zero pods, KEDA starts the first one only when the list is longer than this (`activationListLength`; default 0: one waiting task wakes it).' }),
    database: Type.Integer({ minimum: 0, maximum: 15, default: 0, description: 'Redis database number of the list (`databaseIndex`).' }),
  },
  { additionalProperties: false, required: ['store', 'length'], description: 'A Redis list trigger on one Celery queue.' },
);

export const KedaScheduleSchema = Type.Object(
  {
    timeZone: Type.String({ format: 'time-zone', description: 'IANA time zone of `start` and `end` (`timezone`), e.g. `Europe/Berlin`.' }),
    start: Type.String({ format: 'cron', description: 'When the floor begins: a 5-field cron schedule, e.g. `0 8 * * 1-5` (08:00 on weekdays).' }),
    end: Type.String({ format: 'cron', description: 'When the floor ends: a 5-field cron schedule, e.g. `0 19 * * 1-5`.' }),
    replicas: Type.Integer({ minimum: 1, description: 'Pods kept at least between `start` and `end` (`desiredReplicas`); the queue triggers may still ask for more.' }),
  },
  { additionalProperties: false, required: ['timeZone', 'start', 'end', 'replicas'], description: 'A schedule-based floor (KEDA `cron` trigger), e.g. business hours.' },
);

export const KedaSchema = Type.Object(
  {
    minReplicas: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Fewest pods (`minReplicaCount`). `0`: scale to zero while every queue is empty (not for a service with an `ingress`).' }),
    maxReplicas: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Most pods (`maxReplicaCount`).' }),
    pollingInterval: Type.String({ format: 'duration', default: KEDA_DEFAULTS.pollingInterval, description: `How often KEDA reads the queues (\`pollingInterval\`; default ${KEDA_DEFAULTS.pollingInterval}, KEDA's).` }),
    cooldownPeriod: Type.String({ format: 'duration', default: KEDA_DEFAULTS.cooldownPeriod, description: `How long every queue must stay empty before KEDA scales to zero (\`cooldownPeriod\`; default ${KEDA_DEFAULTS.cooldownPeriod}, KEDA's). Between 1 and max pods the HPA behaviour (\`scaleDown\`) applies.` }),
    queues: Type.Array(KedaQueueSchema, { minItems: 1, description: 'The Celery queues the service works on; KEDA runs enough pods for the longest.' }),
    schedules: Type.Optional(Type.Array(KedaScheduleSchema, { description: 'Schedule-based floors (e.g. business hours): at least `replicas` pods between `start` and `end`.' })),
    auth: Type.Optional(
      Type.Object(
        {
          username: Type.Optional(SecretKeyRef('Redis ACL user')),
          password: Type.Optional(SecretKeyRef('Redis password')),
          sentinelUsername: Type.Optional(SecretKeyRef('Sentinel ACL user')),
          sentinelPassword: Type.Optional(SecretKeyRef('Sentinel password')),
        },
        {
          additionalProperties: false,
          description: 'Credentials KEDA uses to read the queues, each from a Secret: rendered as a TriggerAuthentication `<service>-keda` (`secretTargetRef`) that every queue trigger references. An empty value means none (KEDA then sends no AUTH).',
        },
      ),
    ),
    scaleUp: Type.Optional(ScalingRules(...SCALE_UP_DEFAULTS)),
    scaleDown: Type.Optional(ScalingRules(...SCALE_DOWN_DEFAULTS)),
  },
  {
    additionalProperties: false,
    required: ['minReplicas', 'maxReplicas', 'queues'],
    description:
      'Queue-depth scaling by KEDA: a ScaledObject `<service>` over the workload (Redis list triggers on the Celery queues, cron floors, ' +
      '`scaleUp`/`scaleDown` passed to the HPA KEDA owns), instead of `autoscaling` (never both). Needs KEDA in the cluster (`stack.keda`). See README, "Autoscaling on queues (KEDA)".',
  },
);

export const KedaStackSchema = Type.Object(
  {
    namespace: Type.String({ format: 'dns-label', default: KEDA_DEFAULTS.namespace, description: `Namespace KEDA's operator runs in (default \`${KEDA_DEFAULTS.namespace}\`, the Helm chart's): the network policies let it reach the Redis stores a \`keda\` queue names.` }),
  },
  { additionalProperties: false, default: { namespace: KEDA_DEFAULTS.namespace }, description: 'Where KEDA runs (used when a service has `keda`).' },
);

export type Keda = Static<typeof KedaSchema>;
export type KedaQueue = Static<typeof KedaQueueSchema>;
export type KedaSchedule = Static<typeof KedaScheduleSchema>;
