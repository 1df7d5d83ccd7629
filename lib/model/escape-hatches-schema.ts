/**
 * The escape hatches of the overlay model: what a platform team adds to the objects we render
 * without forking the project. Extra labels and annotations per object (`metadata`), pod
 * scheduling settings (`pod`), the images the stack adds itself (`stack.helperImages`) and the limits
 * of the jobs it renders (`job`, `backup.job`). Referenced from lib/model/schema.ts and
 * lib/model/operations-schema.ts; self-contained (no import from either).
 */
import { Type, type Static, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import { durationText } from './duration';
import type { CronJobDefaults } from './job-defaults';
import { PRIORITY_VALUES } from './service-facts';
import { HELPER_IMAGES, type HelperImageRole } from './helper-images';

const StringEnum = <T extends string[]>(values: [...T], description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, description });

const MapOf = <V extends TSchema>(key: TSchema, value: V, description: string, examples?: unknown[]) =>
  Type.Unsafe<Record<string, Static<V>>>({
    type: 'object', propertyNames: key, additionalProperties: value, description, ...(examples ? { examples } : {}),
  });

const LabelKey = Type.String({ format: 'label-key' });
const LabelValue = Type.String({ format: 'label-value' });

// ---------------------------------------------------------------- metadata

const ObjectMetadataSchema = (object: string, examples: { labels?: unknown; annotations?: unknown } = {}) =>
  Type.Object(
    {
      labels: Type.Optional(MapOf(LabelKey, LabelValue, `Labels added to the ${object}. Never the selector labels \`app.kubernetes.io/name\` or \`app.kubernetes.io/instance\`, nor the other \`app.kubernetes.io/*\` labels the stack sets.`, examples.labels ? [examples.labels] : undefined)),
      annotations: Type.Optional(MapOf(Type.String({ format: 'annotation-key' }), Type.String(), `Annotations added to the ${object}.`, examples.annotations ? [examples.annotations] : undefined)),
    },
    { additionalProperties: false, description: `Extra labels and annotations of the ${object}.` },
  );

export const ExtraMetadataSchema = Type.Object(
  {
    workload: Type.Optional(ObjectMetadataSchema('Deployment, StatefulSet or CronJob', { annotations: { 'reloader.stakater.com/auto': 'true' } })),
    pod: Type.Optional(ObjectMetadataSchema('pod template', { labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } })),
    service: Type.Optional(ObjectMetadataSchema('Service', { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } })),
    serviceAccount: Type.Optional(ObjectMetadataSchema('ServiceAccount', {
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-api' },
    })),
    ingress: Type.Optional(ObjectMetadataSchema('Ingress', { annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '10m' } })),
  },
  {
    additionalProperties: false,
    description:
      'Extra labels and annotations per rendered object: `workload`, `pod`, `service`, `serviceAccount`, `ingress`, each `{ labels, annotations }`. ' +
      'Under `stack.metadata` they apply to every service; a service\'s own `metadata` merges over them (its value wins for the same key). ' +
      'IRSA: `serviceAccount.annotations: { eks.amazonaws.com/role-arn: … }`; GKE Workload Identity: `{ iam.gke.io/gcp-service-account: … }`.',
  },
);

export type ExtraMetadata = Static<typeof ExtraMetadataSchema>;
export type ObjectMetadata = NonNullable<ExtraMetadata['pod']>;
/** The objects `metadata` can add to. */
export type MetadataTarget = keyof ExtraMetadata;

// ---------------------------------------------------------------- pod scheduling

const Weight = Type.Integer({ minimum: 1, maximum: 100, description: 'Weight of the preference, 1-100.' });

const NodeSelectorRequirement = Type.Object(
  {
    key: Type.String({ minLength: 1, description: 'Node label (or field) key.' }),
    operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], 'How the key relates to `values`.'),
    values: Type.Optional(Type.Array(Type.String(), { description: '`In`/`NotIn`: one or more; `Exists`/`DoesNotExist`: none; `Gt`/`Lt`: one integer.' })),
  },
  { additionalProperties: false, required: ['key', 'operator'] },
);

const NodeSelectorTerm = Type.Object(
  {
    matchExpressions: Type.Optional(Type.Array(NodeSelectorRequirement, { description: 'Requirements on node labels (all must hold).' })),
    matchFields: Type.Optional(Type.Array(NodeSelectorRequirement, { description: 'Requirements on node fields (all must hold).' })),
  },
  { additionalProperties: false, description: 'A node selector term, as in Kubernetes.' },
);

const LabelSelector = Type.Object(
  {
    matchLabels: Type.Optional(MapOf(LabelKey, LabelValue, 'Labels the pods must have.')),
    matchExpressions: Type.Optional(Type.Array(
      Type.Object(
        {
          key: LabelKey,
          operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist'], 'How the key relates to `values`.'),
          values: Type.Optional(Type.Array(LabelValue, { description: '`In`/`NotIn`: one or more; `Exists`/`DoesNotExist`: none.' })),
        },
        { additionalProperties: false, required: ['key', 'operator'] },
      ),
      { description: 'Label requirements (all must hold).' },
    )),
  },
  { additionalProperties: false, description: 'A label selector, as in Kubernetes.' },
);

const PodAffinityTerm = Type.Object(
  {
    labelSelector: Type.Optional(LabelSelector),
    namespaces: Type.Optional(Type.Array(Type.String({ format: 'dns-label' }), { description: 'Namespaces of the pods. Default: the service\'s own.' })),
    namespaceSelector: Type.Optional(LabelSelector),
    topologyKey: Type.String({ format: 'label-key', description: 'Node label that defines "together", e.g. `kubernetes.io/hostname`.' }),
  },
  { additionalProperties: false, required: ['topologyKey'], description: 'A pod (anti-)affinity term, as in Kubernetes.' },
);

const PodAffinity = (description: string) =>
  Type.Object(
    {
      requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Array(PodAffinityTerm, { description: 'Terms every pod must satisfy.' })),
      preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Array(
        Type.Object({ weight: Weight, podAffinityTerm: PodAffinityTerm }, { additionalProperties: false, required: ['weight', 'podAffinityTerm'] }),
        { description: 'Terms the scheduler prefers, by weight.' },
      )),
    },
    { additionalProperties: false, description },
  );

const AffinitySchema = Type.Object(
  {
    nodeAffinity: Type.Optional(Type.Object(
      {
        requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Object(
          { nodeSelectorTerms: Type.Array(NodeSelectorTerm, { minItems: 1, description: 'Terms of which at least one must hold.' }) },
          { additionalProperties: false, required: ['nodeSelectorTerms'], description: 'Nodes the pods may run on.' },
        )),
        preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Array(
          Type.Object({ weight: Weight, preference: NodeSelectorTerm }, { additionalProperties: false, required: ['weight', 'preference'] }),
          { description: 'Nodes the scheduler prefers, by weight.' },
        )),
      },
      { additionalProperties: false, description: 'Which nodes the pods run on.' },
    )),
    podAffinity: Type.Optional(PodAffinity('Pods these pods run next to.')),
    podAntiAffinity: Type.Optional(PodAffinity('Pods these pods keep away from.')),
  },
  {
    additionalProperties: false,
    description: 'Affinity, in the Kubernetes shape; added beside the zone and node spreading the stack renders, never instead of it.',
    examples: [{ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large'] }] }] } } }],
  },
);

const TolerationSchema = Type.Object(
  {
    key: Type.Optional(Type.String({ format: 'label-key', description: 'Taint key. Empty (with `operator: Exists`): every taint.' })),
    operator: Type.Optional(StringEnum(['Equal', 'Exists'], '`Equal` (default): the taint\'s value is `value`; `Exists`: any value.')),
    value: Type.Optional(Type.String({ format: 'label-value', description: 'Taint value (`Equal` only).' })),
    effect: Type.Optional(StringEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'Taint effect tolerated. Default: all.')),
    tolerationSeconds: Type.Optional(Type.Integer({ minimum: 0, description: '`NoExecute` only: how long the pod stays on a node that gets the taint.' })),
  },
  { additionalProperties: false, description: 'A toleration, as in Kubernetes.' },
);

/** What `stack.pod` and `services.<name>.pod` share. */
const podSettingsProperties = {
  nodeSelector: Type.Optional(MapOf(LabelKey, LabelValue, 'Node labels the pods require. Under `stack.pod` for every service; a service\'s own merge over them.', [{ 'kubernetes.io/arch': 'amd64' }])),
  tolerations: Type.Optional(Type.Array(TolerationSchema, {
    description: 'Taints the pods tolerate (dedicated or GPU node pools). The stack\'s and the service\'s are both applied.',
    examples: [[{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }]],
  })),
  affinity: Type.Optional(AffinitySchema),
  imagePullSecrets: Type.Optional(Type.Array(Type.String({ format: 'dns-subdomain' }), {
    uniqueItems: true,
    description: 'Secrets (type `kubernetes.io/dockerconfigjson`, in the namespace) to pull private images with. The stack\'s and the service\'s are both applied.',
    examples: [['ghcr-pull']],
  })),
  runtimeClassName: Type.Optional(Type.String({ format: 'dns-subdomain', description: 'RuntimeClass of the pods (e.g. `gvisor`, `kata`). A service\'s own replaces the stack\'s.' })),
  hostAliases: Type.Optional(Type.Array(
    Type.Object(
      {
        ip: Type.String({ format: 'ip-address', description: 'IP address.' }),
        hostnames: Type.Array(Type.String({ format: 'hostname' }), { minItems: 1, description: 'Names resolving to it.' }),
      },
      { additionalProperties: false, required: ['ip', 'hostnames'] },
    ),
    { description: 'Extra `/etc/hosts` entries. The stack\'s and the service\'s are both applied.', examples: [[{ ip: '10.1.2.3', hostnames: ['legacy.internal'] }]] },
  )),
  dnsConfig: Type.Optional(Type.Object(
    {
      searches: Type.Optional(Type.Array(Type.String({ format: 'hostname' }), { description: 'Extra DNS search domains.' })),
      options: Type.Optional(Type.Array(
        Type.Object({ name: Type.String({ minLength: 1 }), value: Type.Optional(Type.String()) }, { additionalProperties: false, required: ['name'] }),
        { description: 'Resolver options, e.g. `{ name: ndots, value: "2" }`.' },
      )),
    },
    {
      additionalProperties: false,
      description: 'Resolver settings added to the cluster DNS. No `nameservers`: the network policies let pods reach only the cluster DNS. A service\'s own replaces the stack\'s.',
      examples: [{ options: [{ name: 'ndots', value: '2' }] }],
    },
  )),
};

export const StackPodSchema = Type.Object(podSettingsProperties, {
  additionalProperties: false,
  description: 'Pod settings of every service; a service\'s own `pod` merges over them (see each key).',
});

/** The tiers of the stack's own PriorityClasses (`<stack>-<environment>-<tier>`). */
const PRIORITY_TIERS = Object.keys(PRIORITY_VALUES);

export const ServicePodSchema = Type.Object(
  {
    ...podSettingsProperties,
    priorityClass: Type.Optional(Type.String({
      format: 'dns-subdomain',
      description:
        `PriorityClass of the pods instead of the kind's tier: one of the stack's tiers (${PRIORITY_TIERS.map((t) => `\`${t}\``).join(', ')}), ` +
        'or the name of a PriorityClass the cluster has (the gate then asks for it among the checked objects, or a waiver).',
      examples: ['apis'],
    })),
  },
  { additionalProperties: false, description: 'Pod settings of this service, merged over `stack.pod`.' },
);

export type PodSettings = Static<typeof ServicePodSchema>;

// ---------------------------------------------------------------- images the stack adds

const IMAGE_ROLE_DESCRIPTIONS: Readonly<Record<HelperImageRole, string>> = {
  waitForDependencies: 'The init container that waits for dependencies (needs `sh` and `nc`).',
  s3Upload: 'The upload container of backups with an S3 target, and the download before a restore verification without a volume (needs the `aws` CLI).',
  qdrantBackup: 'The snapshot job of Qdrant backups (needs `sh` and `curl`).',
  kubectl: 'The restore verification of CloudNativePG backups (needs `sh` and `kubectl`; `backup.image` still wins).',
};

export const HelperImagesSchema = Type.Object(
  {
    registry: Type.Optional(Type.String({
      pattern: '^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*$',
      description: 'A registry (mirror) in front of every default image below, e.g. `registry.example.com/mirror` turns `busybox:1.36.1` into `registry.example.com/mirror/library/busybox:1.36.1`. An image set below is used as written.',
      examples: ['registry.example.com/mirror'],
    })),
    ...Object.fromEntries((Object.keys(HELPER_IMAGES) as HelperImageRole[]).map((role) => [
      role,
      Type.Optional(Type.String({ format: 'image-ref', description: `${IMAGE_ROLE_DESCRIPTIONS[role]} Default: \`${HELPER_IMAGES[role]}\`.` })),
    ])) as Record<HelperImageRole, TOptional<TString>>,
  },
  {
    additionalProperties: false,
    description: 'The images the stack adds itself (helpers and backup jobs): a registry mirror, or an image per role (with the same tools), for air-gapped clusters and registry allow-lists.',
  },
);

// ---------------------------------------------------------------- job limits

/** The overlay's limits of a CronJob, with `defaults` (lib/model/job-defaults.ts) as the documented defaults. */
export const JobLimitsSchema = (defaults: CronJobDefaults, what: string) =>
  Type.Object(
    {
      activeDeadline: Type.Optional(Type.String({ format: 'duration', default: durationText(defaults.activeDeadlineSeconds), description: 'The longest a run may take; then it is stopped and fails (`activeDeadlineSeconds`).' })),
      backoffLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, default: defaults.backoffLimit, description: 'Retries of a failed run (`backoffLimit`).' })),
      concurrencyPolicy: Type.Optional(Type.Unsafe<'Forbid' | 'Replace'>({
        type: 'string',
        enum: ['Forbid', 'Replace'],
        default: defaults.concurrencyPolicy,
        description: '`Forbid`: a run due while the last still runs is skipped; `Replace`: the last is stopped. Never `Allow`: overlapping runs would outgrow the namespace quota the stack sizes for one.',
      })),
      suspend: Type.Optional(Type.Boolean({ default: false, description: 'Pause the schedule (running jobs finish).' })),
      successfulJobsHistoryLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: defaults.successfulJobsHistoryLimit, description: 'Finished Jobs kept.' })),
      failedJobsHistoryLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: defaults.failedJobsHistoryLimit, description: 'Failed Jobs kept.' })),
      startingDeadline: Type.Optional(Type.String({ format: 'duration', default: durationText(defaults.startingDeadlineSeconds), description: 'A run that cannot start within this of its time is skipped (`startingDeadlineSeconds`; at least 10s).' })),
      ttlAfterFinished: Type.Optional(Type.String({ format: 'duration', default: durationText(defaults.ttlSecondsAfterFinished), description: 'How long a finished Job and its pods stay (`ttlSecondsAfterFinished`).' })),
    },
    { additionalProperties: false, description: `Limits of ${what}; each default is the stack's (lib/model/job-defaults.ts).` },
  );

export type JobLimits = Static<ReturnType<typeof JobLimitsSchema>>;

// ---------------------------------------------------------------- extra objects

export const ExtraObjectSchema = Type.Object(
  {
    apiVersion: Type.String({ minLength: 1, description: 'API version, e.g. `v1` or `monitoring.coreos.com/v1`.' }),
    kind: Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$', description: 'Kind, e.g. `ConfigMap`.' }),
    metadata: Type.Object(
      {
        name: Type.String({ format: 'dns-subdomain', description: 'Object name.' }),
        namespace: Type.Optional(Type.String({ format: 'dns-label', description: 'The stack\'s namespace (`stack.namespace`) for a namespaced kind; leave it out for a cluster-scoped one.' })),
        labels: Type.Optional(MapOf(LabelKey, LabelValue, 'Labels; the recommended `app.kubernetes.io/*` labels are added where missing.')),
        annotations: Type.Optional(MapOf(Type.String({ format: 'annotation-key' }), Type.String(), 'Annotations.')),
      },
      { additionalProperties: true, required: ['name'], description: 'Object metadata.' },
    ),
  },
  {
    additionalProperties: true,
    required: ['apiVersion', 'kind', 'metadata'],
    description: 'A Kubernetes object, written as it should be applied.',
  },
);

export const ExtraObjectsSchema = Type.Array(ExtraObjectSchema, {
  description:
    'Objects rendered as written into `dist/<environment>/` (one file each, with the recommended labels added), checked by the gate like every other object and listed in REPORT.md. ' +
    'An environment file\'s list replaces the base\'s. For what the stack does not render (a PriorityClass of your own, a PodMonitor for a vendor exporter).',
  examples: [[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'feature-flags', namespace: 'shop' }, data: { checkout: 'on' } }]],
});

export type ExtraObject = Static<typeof ExtraObjectSchema>;

// ---------------------------------------------------------------- patches

const JsonPointer = (description: string) => Type.String({ pattern: '^(/([^~]|~[01])*)*$', description });

export const PatchSchema = Type.Object(
  {
    target: Type.Object(
      {
        kind: Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$', description: 'Kind of the rendered object, e.g. `Deployment`.' }),
        name: Type.String({ format: 'dns-subdomain', description: 'Its name.' }),
        namespace: Type.Optional(Type.String({ format: 'dns-label', description: 'Its namespace. Default: any.' })),
      },
      { additionalProperties: false, required: ['kind', 'name'], description: 'The object to patch, kustomize-style; it must exist.' },
    ),
    patch: Type.Array(
      Type.Object(
        {
          op: StringEnum(['add', 'remove', 'replace', 'move', 'copy', 'test'], 'RFC 6902 operation.'),
          path: JsonPointer('JSON pointer into the object, e.g. `/spec/template/spec/containers/0/args/-`.'),
          from: Type.Optional(JsonPointer('Source of `move` and `copy`.')),
          value: Type.Optional(Type.Unknown({ description: 'Value of `add`, `replace` and `test`.' })),
        },
        { additionalProperties: false, required: ['op', 'path'] },
      ),
      { minItems: 1, description: 'JSON patch operations (RFC 6902), applied in order.' },
    ),
  },
  { additionalProperties: false, required: ['target', 'patch'] },
);

export const PatchesSchema = Type.Array(PatchSchema, {
  description:
    'The last resort: JSON patches (RFC 6902) applied to rendered objects (extra objects included) after the stack is built. The gate checks the patched output; a target that matches no object, or an operation that does not apply, stops the synth. An environment file\'s list replaces the base\'s.',
  examples: [[{ target: { kind: 'Deployment', name: 'api' }, patch: [{ op: 'add', path: '/spec/minReadySeconds', value: 10 }] }]],
});

export type Patch = Static<typeof PatchSchema>;
