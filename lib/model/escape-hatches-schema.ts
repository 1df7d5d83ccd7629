/**
 * The escape hatches of the overlay model: what a platform team adds to the objects we render
 * without forking the project. Extra labels and annotations per object (`metadata`), pod
 * scheduling settings (`pod`), the images the stack adds itself (`stack.images`) and the limits
 * of the jobs it renders (`job`, `backup.job`). Referenced from lib/model/schema.ts and
 * lib/model/operations-schema.ts; self-contained (no import from either).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

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
