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
import { SERVICE_KINDS, SERVICE_TYPES } from './service-kinds';
import { AlertThresholdsSchema, BackupSchema, SloSchema } from './operations-schema';
import { DashboardsSchema, GrafanaUrlSchema, UptimeSchema } from './observability-schema';
import { AlertingSchema, ServiceAlertsSchema } from './alerting-schema';
import { ExtraMetadataSchema, ExtraObjectsSchema, JobLimitsSchema, PatchesSchema, ServicePodSchema, HelperImagesSchema, StackPodSchema } from './escape-hatches-schema';
import { SERVICE_CRONJOB_DEFAULTS } from './job-defaults';
import { PostgresSchema } from './postgres-schema';
import { QdrantDistributedSchema } from './qdrant-schema';
import { RedisSentinelSchema } from './redis-schema';
import { KedaSchema, KedaStackSchema } from './keda-schema';
import { MigrationsSchema } from './migrations-schema';
import { ScalingRules, SCALE_DOWN_DEFAULTS, SCALE_UP_DEFAULTS } from './scaling-rules-schema';
import { ReleaseSchema } from './release-schema';
import { EdgeSchema, RouteSchema } from './edge-schema';
import { FilesSchema } from './files-schema';

/** A string enum rendered as JSON Schema `enum` (one clear error instead of one per `anyOf` branch). */
const StringEnum = <T extends string[]>(values: [...T], description: string, dflt?: T[number]) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, description, ...(dflt ? { default: dflt } : {}) });

/** A map with validated keys (`propertyNames`), typed as a plain record. */
const MapOf = <V extends TSchema>(key: TSchema, value: V, description: string, extra: Record<string, unknown> = {}) =>
  Type.Unsafe<Record<string, Static<V>>>({ type: 'object', propertyNames: key, additionalProperties: value, description, ...extra });

// ---------------------------------------------------------------- scalar formats
// Format names are registered with ajv in `lib/model/formats.ts`, which also holds the
// human explanation printed when a value does not match.

const Name = (description: string) => Type.String({ format: 'dns-label', description });
/** CPU as Kubernetes takes it: a string (`250m`, `0.5`) or a plain number of cores (`cpu: 2`). */
const Cpu = (description: string, examples: string[] = ['250m', '0.5', '2']) =>
  Type.Unsafe<string | number>({ type: ['string', 'number'], format: 'cpu-quantity', exclusiveMinimum: 0, multipleOf: 0.001, description, examples });
const Memory = (description: string, examples: string[] = ['256Mi', '1Gi']) =>
  Type.String({ format: 'memory-quantity', description, examples });
const Duration = (description: string, dflt?: string) =>
  Type.String({ format: 'duration', description, ...(dflt ? { default: dflt } : {}) });
/** A sane upper bound for replica counts (the API takes int32; nobody runs more pods of one service). */
const MAX_REPLICAS = 10_000;
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

const CpuMemory = (description: string) =>
  Type.Object(
    { cpu: Type.Optional(Cpu('CPU.')), memory: Type.Optional(Memory('Memory.')) },
    { additionalProperties: false, description },
  );

export const CustomMetricSchema = Type.Object(
  {
    type: StringEnum(['pods', 'external'], '`pods`: a per-pod metric from the custom metrics API; `external`: e.g. a queue length.'),
    metric: Type.String({ minLength: 1, description: 'Metric name, e.g. `celery_queue_length`.' }),
    selector: Type.Optional(MapOf(Type.String({ format: 'label-key' }), Type.String({ format: 'label-value' }), 'Label selector of the metric series.')),
    averageValue: Type.Unsafe<string | number>({
      type: ['string', 'number'],
      format: 'positive-quantity',
      exclusiveMinimum: 0,
      description: 'Target value per pod, e.g. `20` queued tasks per worker (a number or a quantity like `500m`).',
    }),
  },
  { additionalProperties: false, description: 'A custom metric the HPA scales on.' },
);

export const AutoscalingSchema = Type.Object(
  {
    minReplicas: Type.Integer({ minimum: 1, maximum: MAX_REPLICAS, description: 'Lower bound.' }),
    maxReplicas: Type.Integer({ minimum: 1, maximum: MAX_REPLICAS, description: 'Upper bound.' }),
    // Utilisation is relative to requests, so above 100 % is valid (pods may burst past requests).
    cpu: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Target average CPU utilisation, % of requests. With no `cpu`, `memory` or `custom`: 70.' })),
    memory: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Target average memory utilisation, % of requests. With no `cpu`, `memory` or `custom`: 80.' })),
    custom: Type.Optional(Type.Array(CustomMetricSchema, { description: 'Custom Pods/External metrics (e.g. queue depth).' })),
    scaleUp: Type.Optional(ScalingRules(...SCALE_UP_DEFAULTS)),
    scaleDown: Type.Optional(ScalingRules(...SCALE_DOWN_DEFAULTS)),
  },
  { additionalProperties: false, required: ['minReplicas', 'maxReplicas'], description: 'HorizontalPodAutoscaler (autoscaling/v2). The Deployment then has no `replicas`: the HPA owns it.' },
);

export const VpaSchema = Type.Object(
  {
    mode: StringEnum(['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate'], '`Off`: recommendations only. Others let the VPA set requests.', 'Off'),
    controlledResources: Type.Optional(
      Type.Array(StringEnum(['cpu', 'memory'], 'Resource.'), {
        uniqueItems: true,
        minItems: 1,
        description: 'Resources the VPA may set. Default: those no HPA of the service scales on (both when there is none).',
      }),
    ),
    minAllowed: Type.Optional(CpuMemory('Lowest requests the VPA may set.')),
    maxAllowed: Type.Optional(CpuMemory('Highest requests the VPA may set.')),
  },
  { additionalProperties: false, required: ['mode'], description: 'VerticalPodAutoscaler. Never updates a resource an HPA of the same service scales on.' },
);

export const IngressSchema = Type.Object(
  {
    host: Type.String({ format: 'hostname', description: 'Public host name.' }),
    path: Type.String({ pattern: '^/', default: '/', description: 'Path prefix routed to the service.' }),
    tlsSecret: Type.Optional(Type.String({ format: 'dns-label', description: 'Secret holding the TLS certificate. Default: `<service>-tls` (issued by cert-manager when `stack.ingress.clusterIssuer` is set).' })),
    port: Type.String({ format: 'port-name', default: 'http', description: 'Service port the ingress routes to.' }),
  },
  { additionalProperties: false, required: ['host'], description: 'Public HTTPS endpoint (TLS always on): an Ingress, or an HTTPRoute when `stack.edge.mode` is `gateway` (gateway settings in `route`).' },
);

const SecretKeyRef = Type.Object(
  {
    secret: Type.String({ format: 'dns-label', description: 'Name of an existing Secret.' }),
    key: Type.String({ minLength: 1, description: 'Key inside it.' }),
  },
  { additionalProperties: false, required: ['secret', 'key'] },
);

const ExternalRef = Type.Object(
  {
    key: Type.String({ minLength: 1, description: 'Key in the external secret store (e.g. a Vault path).' }),
    property: Type.Optional(Type.String({ description: 'Property inside that key.' })),
  },
  { additionalProperties: false, required: ['key'] },
);

export const ExtraContainerSchema = Type.Object(
  {
    name: Type.String({ format: 'dns-label', description: 'Container name.' }),
    image: Type.Optional(Type.String({ format: 'image-ref', description: 'Image. Default: the service\'s image.' })),
    command: Type.Optional(Type.Array(Type.String())),
    args: Type.Optional(Type.Array(Type.String())),
    ports: Type.Optional(MapOf(Type.String({ format: 'port-name' }), Port('Container port.'), 'Named ports (sidecars only).')),
    resources: Type.Optional(
      Type.Object(
        { cpu: Cpu('CPU request.'), memory: Memory('Memory request and limit.') },
        { additionalProperties: false, required: ['cpu', 'memory'], description: "Default: the service's own resources when the container runs the service's image, else 50m CPU and 64Mi memory." },
      ),
    ),
    health: Type.Optional(HealthSchema),
  },
  { additionalProperties: false, required: ['name'], description: 'An extra container, restricted like the main one. Sidecars need `health` probes (a path or TCP probe defaults to their first port); init containers take none.' },
);

export const EgressSchema = Type.Object(
  {
    cidr: Type.String({ format: 'cidr', description: 'Destination network, e.g. `0.0.0.0/0` for the internet.' }),
    ports: Type.Array(Port('Port.'), { minItems: 1, description: 'TCP ports allowed.' }),
    except: Type.Optional(Type.Array(Type.String({ format: 'cidr' }), { description: 'Networks excluded from `cidr` (e.g. private ranges).' })),
  },
  { additionalProperties: false, required: ['cidr', 'ports'], description: 'Egress to outside the cluster.' },
);

export const MetricsSchema = Type.Object(
  {
    path: Type.String({ pattern: '^/', default: '/metrics', description: 'HTTP path Prometheus scrapes.' }),
    port: Type.String({ format: 'port-name', default: 'http', description: 'Name of the port serving the metrics.' }),
  },
  { additionalProperties: false, description: 'Prometheus metrics the service exposes (scraped from the monitoring namespace).' },
);

export const ServiceSchema = Type.Object(
  {
    type: StringEnum(SERVICE_TYPES, SERVICE_TYPES.map((type) => `\`${type}\`: ${SERVICE_KINDS[type].summary}`).join(' ')),
    enabled: Type.Optional(Type.Boolean({ default: true, description: 'Set to `false` to leave the service out of an environment.' })),
    image: Type.Optional(Type.String({
      format: 'image-ref',
      description: 'Container image with a tag or digest (never `latest`), e.g. `ghcr.io/acme/api:1.4.2`.',
    })),
    command: Type.Optional(Type.Array(Type.String(), { description: 'Overrides the image entrypoint.' })),
    args: Type.Optional(Type.Array(Type.String(), { description: 'Arguments to the entrypoint.' })),
    ports: Type.Optional(
      MapOf(
        Type.String({ format: 'port-name' }),
        Port('Container port.'),
        'Named ports the container serves, e.g. `{ http: 8000 }`. Names are IANA_SVC_NAMEs (≤ 15 chars).',
      ),
    ),
    replicas: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_REPLICAS, description: 'Pod count. Default: 1.' })),
    resources: Type.Optional(ResourcesSchema),
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
    metrics: Type.Optional(MetricsSchema),
    slo: Type.Optional(SloSchema),
    alerts: Type.Optional(ServiceAlertsSchema),
    backup: Type.Optional(BackupSchema),
    postgres: Type.Optional(PostgresSchema),
    autoscaling: Type.Optional(AutoscalingSchema),
    keda: Type.Optional(KedaSchema),
    migrations: Type.Optional(MigrationsSchema),
    vpa: Type.Optional(VpaSchema),
    release: Type.Optional(ReleaseSchema),
    pdb: Type.Optional(
      Type.Object(
        { maxUnavailable: Type.Unsafe<number | string>({ type: ['integer', 'string'], description: 'Pods or % that may be down during a drain; never 0.' }) },
        { additionalProperties: false, required: ['maxUnavailable'], description: 'PodDisruptionBudget. Default: `maxUnavailable: 1` when the service can run 2 or more pods.' },
      ),
    ),
    ingress: Type.Optional(IngressSchema),
    route: Type.Optional(RouteSchema),
    secretEnv: Type.Optional(
      MapOf(Type.String({ format: 'env-name' }), SecretKeyRef, 'Environment variables read from an existing Secret (the value never appears in Git).'),
    ),
    externalSecretEnv: Type.Optional(
      MapOf(Type.String({ format: 'env-name' }), ExternalRef, 'Environment variables from the external secret store (`stack.secretStore`), via an ExternalSecret.'),
    ),
    files: Type.Optional(FilesSchema),
    waitForDependencies: Type.Optional(
      Type.Boolean({ default: true, description: 'Add an init container that waits until every dependency with ports accepts connections.' }),
    ),
    initContainers: Type.Optional(Type.Array(ExtraContainerSchema, { description: 'Init containers run in order before the app (migrations, config validation).' })),
    sidecars: Type.Optional(Type.Array(ExtraContainerSchema, { description: 'Extra containers running beside the app.' })),
    egress: Type.Optional(Type.Array(EgressSchema, { description: 'Allowed egress outside the cluster (e.g. HTTPS to an LLM API).' })),
    host: Type.Optional(Type.String({ format: 'hostname', description: '`external` only: the host name of the managed service.' })),
    cidr: Type.Optional(Type.String({ format: 'cidr', description: '`external` only: the network clients may reach it on.' })),
    schedule: Type.Optional(Type.String({ format: 'cron', description: 'Cron schedule (`cronjob` only), 5 fields.' })),
    timeZone: Type.Optional(
      Type.String({ format: 'time-zone', description: 'IANA time zone of the schedule (`cronjob` only). Default: `Etc/UTC`.' }),
    ),
    storage: Type.Optional(StorageSchema),
    sentinel: Type.Optional(RedisSentinelSchema),
    distributed: Type.Optional(QdrantDistributedSchema),
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
    // Escape hatches (lib/model/escape-hatches-schema.ts).
    metadata: Type.Optional(ExtraMetadataSchema),
    pod: Type.Optional(ServicePodSchema),
    job: Type.Optional(JobLimitsSchema(SERVICE_CRONJOB_DEFAULTS, 'the CronJob (`cronjob` only)')),
    waive: Type.Optional(
      MapOf(
        Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'A check id of the policy gate (`npm run check -- --list-checks`).' }),
        Type.String({ pattern: '\\S', description: 'Why this service may break the rule.' }),
        'Waives policy-gate checks on this service\'s workload, each with a reason, e.g. `{ single-point-of-failure: "HA lands with the data-tier issue" }`: rendered as the `cdk8s-stack.dev/waive.<check-id>` annotation, so the finding is still listed (waived) with the reason.',
      ),
    ),
  },
  { additionalProperties: false, required: ['type'], description: 'One service of the stack. `image` and `resources` are required for every type but `external`.' },
);

export const SyncWindowSchema = Type.Object(
  {
    kind: StringEnum(['allow', 'deny'], '`allow`: syncs only inside the window. `deny`: no syncs inside the window.'),
    schedule: Type.String({ format: 'cron', description: 'When the window opens: a 5-field cron schedule, e.g. `0 22 * * *`.' }),
    duration: Type.String({ format: 'duration', description: 'How long the window stays open, e.g. `1h`.' }),
    manualSync: Type.Boolean({ default: false, description: 'Whether a person may still sync by hand while syncs are denied.' }),
    timeZone: Type.Optional(Type.String({ format: 'time-zone', description: 'IANA time zone of the schedule. Default: UTC.' })),
  },
  {
    additionalProperties: false,
    required: ['kind', 'schedule', 'duration'],
    description: 'One ArgoCD sync window: `kind` (`allow`|`deny`), `schedule` (5-field cron), `duration` (`1h`), `manualSync` (default `false`), `timeZone` (IANA, default UTC).',
  },
);

export const GitOpsSchema = Type.Object(
  {
    repoURL: Type.String({
      pattern: '^(https://|ssh://|git@)\\S+$',
      description: 'Git repository ArgoCD syncs from (where `dist/` is committed); the only source the AppProject allows.',
    }),
    targetRevision: Type.String({ minLength: 1, default: 'main', description: 'Branch, tag or commit ArgoCD tracks.' }),
    path: Type.String({
      pattern: '^[^/].*[^/]$|^[^/]$',
      default: 'dist',
      description: 'Where the rendered output sits in that repository; each Application syncs `<path>/<environment>`.',
    }),
    destination: Type.Object(
      { server: Type.String({ pattern: '^https://\\S+$', default: 'https://kubernetes.default.svc', description: 'API server URL of the target cluster.' }) },
      { additionalProperties: false, default: { server: 'https://kubernetes.default.svc' }, description: 'The cluster each Application deploys to.' },
    ),
    project: Type.Optional(Name('ArgoCD AppProject name. Default: the stack name (`stack.name`); never ArgoCD\'s unrestricted `default`.')),
    argocdNamespace: Type.String({ format: 'dns-label', default: 'argocd', description: 'Namespace ArgoCD runs in (where the AppProject and Applications go).' }),
    sync: Type.Object(
      {
        automated: Type.Boolean({ default: true, description: 'Sync automatically when the repository changes. `false`: a person syncs (prod).' }),
        prune: Type.Boolean({ default: true, description: 'Automated sync deletes objects removed from the repository.' }),
        selfHeal: Type.Boolean({ default: true, description: 'Automated sync reverts changes made in the cluster by hand.' }),
        windows: Type.Optional(Type.Array(SyncWindowSchema, {
          description:
            'Sync windows of this environment\'s Application (rendered into the AppProject). Each item: `kind` (`allow`|`deny`), ' +
            '`schedule` (5-field cron), `duration` (`1h`), `manualSync` (default `false`), `timeZone` (IANA, default UTC).',
        })),
      },
      {
        additionalProperties: false,
        default: { automated: true, prune: true, selfHeal: true },
        description: 'Sync policy of this environment; set it in an environment file to override the base (prod: `automated: false`).',
      },
    ),
  },
  {
    additionalProperties: false,
    required: ['repoURL'],
    description: 'GitOps delivery: renders an ArgoCD AppProject and one Application per environment into `dist/argocd/`.',
  },
);

export const StackMetaSchema = Type.Object(
  {
    name: Name('Name of the stack; the `app.kubernetes.io/part-of` label of every object.'),
    namespace: Name('Namespace every object of this environment is rendered into.'),
    cluster: Type.Optional(Type.String({
      format: 'dns-label',
      description: 'Name of the cluster this environment runs in (e.g. `prod-eu`), for people and for a warning: when environments name different clusters but every ArgoCD Application deploys to the in-cluster API server, synth warns that `stack.gitops.destination.server` was probably not set. Not rendered.',
    })),
    tier: Type.Optional(StringEnum(
      ['standard', 'production'],
      '`production`: synth runs the whole policy gate on this environment, with the production checks (no workload that serves traffic or stores data may be a single point of failure), and writes nothing when it fails. `standard`: no such requirement (dev, staging).',
      'standard',
    )),
    labels: Type.Optional(
      MapOf(Type.String({ format: 'label-key' }), Type.String({ format: 'label-value' }), 'Extra labels added to every object.'),
    ),
    ingress: Type.Optional(
      Type.Object(
        {
          className: Type.String({ default: 'nginx', description: 'IngressClass name.' }),
          controllerNamespace: Type.String({ format: 'dns-label', default: 'ingress-nginx', description: 'Namespace of the ingress controller (allowed in by the network policies).' }),
          clusterIssuer: Type.Optional(Type.String({ description: 'cert-manager ClusterIssuer that issues the TLS certificates.' })),
        },
        { additionalProperties: false, default: { className: 'nginx', controllerNamespace: 'ingress-nginx' }, description: 'Ingress controller settings (`stack.edge.mode: ingress`, or no `stack.edge`).' },
      ),
    ),
    edge: Type.Optional(EdgeSchema),
    secretStore: Type.Optional(
      Type.Object(
        {
          name: Type.String({ format: 'dns-label', description: 'Name of the (Cluster)SecretStore of the External Secrets Operator.' }),
          kind: StringEnum(['ClusterSecretStore', 'SecretStore'], 'Kind of the store.', 'ClusterSecretStore'),
          refreshInterval: Duration('How often secrets are re-read.', '1h'),
        },
        { additionalProperties: false, required: ['name'], description: 'Where `externalSecretEnv` values come from.' },
      ),
    ),
    monitoring: Type.Optional(
      Type.Object(
        {
          namespace: Type.String({ format: 'dns-label', default: 'monitoring', description: 'Namespace where Prometheus runs (allowed to scrape).' }),
          prometheusSelector: Type.Optional(
            MapOf(
              Type.String({ format: 'label-key' }),
              Type.String({ format: 'label-value' }),
              'Labels the Prometheus Operator selects ServiceMonitors and PrometheusRules by.',
              { default: { release: 'prometheus' } },
            ),
          ),
          prometheusUrl: Type.Optional(Type.String({
            pattern: '^https?://[^\\s/]+(?::[0-9]+)?/?$',
            description:
              'Prometheus HTTP API the release analyses (Argo Rollouts `AnalysisTemplate`s) query. Default: ' +
              '`http://prometheus-operated.<namespace>.svc:9090`, the Service the Prometheus Operator of kube-prometheus-stack creates for every Prometheus.',
          })),
          grafanaUrl: Type.Optional(GrafanaUrlSchema),
          dashboards: Type.Optional(DashboardsSchema),
          uptime: Type.Optional(UptimeSchema),
        },
        { additionalProperties: false, default: { namespace: 'monitoring', prometheusSelector: { release: 'prometheus' } }, description: 'Where monitoring runs.' },
      ),
    ),
    alerts: Type.Optional(AlertThresholdsSchema),
    keda: Type.Optional(KedaStackSchema),
    alerting: Type.Optional(AlertingSchema),
    gitops: Type.Optional(GitOpsSchema),
    // Escape hatches (lib/model/escape-hatches-schema.ts), for every service.
    metadata: Type.Optional(ExtraMetadataSchema),
    pod: Type.Optional(StackPodSchema),
    helperImages: Type.Optional(HelperImagesSchema),
  },
  { additionalProperties: false, required: ['name', 'namespace'], description: 'What the stack is and where it goes.' },
);

/** The overlay schema this cdk8s-stack reads; raised on every incompatible change (CHANGELOG.md says how to upgrade). */
export const SCHEMA_VERSION = 1;

export const StackSchema = Type.Object(
  {
    schemaVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: `The overlay schema this file is written for (\`${SCHEMA_VERSION}\`). A file for another version gets a message saying what to upgrade.`,
      }),
    ),
    stack: StackMetaSchema,
    services: MapOf(Name('Service name: a DNS label, used in every object name.'), ServiceSchema, 'The services of the stack, by name.'),
    // Escape hatch (lib/model/escape-hatches-schema.ts).
    extraObjects: Type.Optional(ExtraObjectsSchema),
    patches: Type.Optional(PatchesSchema),
    images: Type.Optional(
      MapOf(
        Type.String({ format: 'image-name' }),
        Type.String({ format: 'image-version', description: 'Tag or digest.' }),
        'Release versions by image name: every container (service, init container, sidecar) of that image gets this tag or ' +
          'digest. Set it per environment, or from CI without editing overlays: `--set images."ghcr.io/acme/api"=1.5.0`.',
        { examples: [{ 'ghcr.io/acme/api': '1.5.0' }] },
      ),
    ),
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
export type Probe = Static<typeof ProbeSchema>;
export type Resources = Static<typeof ResourcesSchema>;
