/**
 * The overlay model: the single source of truth for
 *  - the TypeScript types of a stack (`Static<typeof StackSchema>`),
 *  - the JSON Schema ajv validates every overlay file against (and that editors use,
 *    published as `schema/overlay.schema.json` by `npm run gen:schema`),
 *  - the key reference in `docs/overlay-reference.md` (generated from the descriptions below).
 *
 * `default` values here are applied by ajv (`useDefaults`) to the merged overlay, so a
 * default is written down exactly once.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** A string enum rendered as JSON Schema `enum` (one clear error instead of one per `anyOf` branch). */
const StringEnum = <T extends string[]>(values: [...T], description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, description });

/** A map with validated keys (`propertyNames`), typed as a plain record. */
const MapOf = <V extends TSchema>(key: TSchema, value: V, description: string) =>
  Type.Unsafe<Record<string, Static<V>>>({ type: 'object', propertyNames: key, additionalProperties: value, description });

// ---------------------------------------------------------------- scalar formats
// Format names are registered with ajv in `lib/model/formats.ts`, which also holds the
// human explanation printed when a value does not match.

const Name = (description: string) => Type.String({ format: 'dns-label', description });
const Cpu = (description: string, examples: string[] = ['250m', '0.5', '2']) =>
  Type.String({ format: 'cpu-quantity', description, examples });
const Memory = (description: string, examples: string[] = ['256Mi', '1Gi']) =>
  Type.String({ format: 'memory-quantity', description, examples });
const Duration = (description: string, dflt?: string) =>
  Type.String({ format: 'duration', description, ...(dflt ? { default: dflt } : {}) });
const Port = (description: string) => Type.Integer({ minimum: 1, maximum: 65535, description });

// ---------------------------------------------------------------- building blocks

export const ResourcesSchema = Type.Object(
  {
    cpu: Cpu('CPU request per container.'),
    memory: Memory('Memory request per container.'),
    memoryLimit: Type.Optional(Memory('Memory limit. Defaults to the memory request (Guaranteed memory, no overcommit).')),
    cpuLimit: Type.Optional(
      Cpu('CPU limit. Unset by default: CPU limits cause throttling; requests already drive scheduling.'),
    ),
  },
  { additionalProperties: false, description: 'Requests and limits of the main container.' },
);

export const ProbeSchema = Type.Object(
  {
    path: Type.Optional(
      Type.String({ pattern: '^/', description: 'HTTP GET path on the service\'s `http` port (e.g. `/health`).' }),
    ),
    command: Type.Optional(
      Type.Array(Type.String(), { minItems: 1, description: 'Exec probe command (for services without HTTP).' }),
    ),
    port: Type.Optional(Name('Port name to probe (TCP when no path is given). Default: `http`.')),
    period: Duration('How often to probe.', '10s'),
    timeout: Duration('Probe timeout.', '3s'),
    failureThreshold: Type.Integer({ minimum: 1, default: 3, description: 'Failures before the probe gives up.' }),
  },
  { additionalProperties: false, description: 'One probe: exactly one of `path`, `command` or `port`.' },
);

export const HealthSchema = Type.Object(
  {
    startup: Type.Optional(ProbeSchema),
    liveness: Type.Optional(ProbeSchema),
    readiness: Type.Optional(ProbeSchema),
  },
  { additionalProperties: false, description: 'Health probes of the main container.' },
);

export const StorageSchema = Type.Object(
  {
    size: Memory('Size of the volume claimed per replica.', ['10Gi']),
    mountPath: Type.String({ pattern: '^/', description: 'Where the volume is mounted in the container.' }),
    storageClass: Type.Optional(Type.String({ description: 'StorageClass name. Default: the cluster default.' })),
  },
  { additionalProperties: false, required: ['size', 'mountPath'], description: 'Persistent volume of a store (one claim per replica).' },
);

export const ShutdownSchema = Type.Object(
  {
    preStopSleep: Duration(
      'Pause before the container gets SIGTERM (`web` only), so load balancers stop sending traffic first.',
      '5s',
    ),
    gracePeriod: Duration('Time from SIGTERM to SIGKILL: how long the app may take to drain in-flight work.', '30s'),
  },
  {
    additionalProperties: false,
    default: { preStopSleep: '5s', gracePeriod: '30s' },
    description: 'Graceful shutdown.',
  },
);

export const ServiceSchema = Type.Object(
  {
    type: StringEnum(
      ['web', 'worker', 'singleton', 'store', 'cronjob'],
      '`web`: Deployment + Service. `worker`: Deployment, no Service. `singleton`: exactly one replica, ' +
        'never two at once (Recreate). `store`: StatefulSet + headless Service. `cronjob`: a scheduled job.',
    ),
    enabled: Type.Optional(Type.Boolean({ default: true, description: 'Set to `false` to leave the service out of an environment.' })),
    image: Type.String({
      format: 'image-ref',
      description: 'Container image with a tag or digest (never `latest`), e.g. `ghcr.io/acme/api:1.4.2`.',
    }),
    command: Type.Optional(Type.Array(Type.String(), { description: 'Overrides the image entrypoint.' })),
    args: Type.Optional(Type.Array(Type.String(), { description: 'Arguments to the entrypoint.' })),
    ports: Type.Optional(
      MapOf(
        Type.String({ format: 'port-name' }),
        Port('Container port.'),
        'Named ports the container serves, e.g. `{ http: 8000 }`. Names are IANA_SVC_NAMEs (≤ 15 chars).',
      ),
    ),
    replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Pod count. Default: 1.' })),
    resources: ResourcesSchema,
    env: Type.Optional(
      MapOf(
        Type.String({ format: 'env-name' }),
        Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'] }),
        'Plain environment variables. Never secrets: reference those instead.',
      ),
    ),
    config: Type.Optional(
      MapOf(
        Type.String({ format: 'env-name' }),
        Type.String(),
        'Configuration rendered into a ConfigMap and loaded as environment variables; pods roll when it changes.',
      ),
    ),
    dependsOn: Type.Optional(
      Type.Array(Name('Name of another service in this stack.'), {
        uniqueItems: true,
        description: 'Services this one talks to.',
      }),
    ),
    health: Type.Optional(HealthSchema),
    schedule: Type.Optional(Type.String({ format: 'cron', description: 'Cron schedule (`cronjob` only), 5 fields.' })),
    timeZone: Type.Optional(
      Type.String({ format: 'time-zone', description: 'IANA time zone of the schedule (`cronjob` only). Default: `Etc/UTC`.' }),
    ),
    storage: Type.Optional(StorageSchema),
    runAsUser: Type.Optional(Type.Integer({
      minimum: 1,
      default: 10001,
      description: 'Numeric user (and group) the containers run as; never 0. Match the image\'s user for stores.',
    })),
    writablePaths: Type.Optional(
      Type.Array(Type.String({ pattern: '^/' }), {
        uniqueItems: true,
        description: 'Paths that get a scratch emptyDir (the root filesystem is read-only; `/tmp` is always writable).',
      }),
    ),
    shutdown: Type.Optional(ShutdownSchema),
  },
  { additionalProperties: false, required: ['type', 'image', 'resources'], description: 'One service of the stack.' },
);

export const StackMetaSchema = Type.Object(
  {
    name: Name('Name of the stack; the `app.kubernetes.io/part-of` label of every object.'),
    namespace: Name('Namespace every object of this environment is rendered into.'),
    labels: Type.Optional(
      MapOf(Type.String({ format: 'label-key' }), Type.String({ format: 'label-value' }), 'Extra labels added to every object.'),
    ),
  },
  { additionalProperties: false, required: ['name', 'namespace'], description: 'What the stack is and where it goes.' },
);

export const StackSchema = Type.Object(
  {
    stack: StackMetaSchema,
    services: MapOf(Name('Service name: a DNS label, used in every object name.'), ServiceSchema, 'The services of the stack, by name.'),
  },
  {
    $id: 'https://cdk8s-stack.dev/schema/overlay.schema.json',
    title: 'cdk8s-stack overlay',
    description:
      'An overlay file of cdk8s-stack: `overlays/base.yaml` or one environment file. Environment files override the base: maps merge, lists replace, `null` removes.',
    additionalProperties: false,
    required: ['stack', 'services'],
  },
);

export type Stack = Static<typeof StackSchema>;
export type Service = Static<typeof ServiceSchema>;
/** A service after validation: ajv has filled in every schema default. */
export type ResolvedService = Service & Required<Pick<Service, 'enabled' | 'runAsUser' | 'shutdown'>>;
export type ServiceType = Service['type'];
export type Probe = Static<typeof ProbeSchema>;
export type Resources = Static<typeof ResourcesSchema>;
export type AnySchema = TSchema;
