/**
 * Extra labels and annotations (`stack.metadata`, `services.<name>.metadata`): never a key the
 * stack sets itself, and only on objects the service's kind renders.
 */
import { SELECTOR_LABEL_KEYS, STACK_LABEL_KEYS } from '../../constructs/labels';
import { CONFIG_CHECKSUM_ANNOTATION } from '../../constructs/pod-template';
import type { ExtraMetadata, MetadataTarget } from '../../model/escape-hatches-schema';
import type { Stack } from '../../model/schema';
import type { ServiceKindTraits } from '../../model/service-kinds';
import { cloudNativePg } from '../../model/cloudnative-pg';
import { WAIVER_PREFIX } from '../../shared/waivers';
import type { KeyPath } from '../errors';
import { aKind, type SchemaProblem, type ServiceContext, type StackContext } from './rule';

const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** CloudNativePG renders the store's objects itself: the escape hatches do not reach them (yet). */
export const OPERATOR_RUN = (key: string) =>
  `CloudNativePG runs this store and renders its pods, Services and ServiceAccount itself: \`${key}\` does not reach them; remove it (or use \`patches\` on the Cluster)`;

/** Whether a kind renders the object `metadata.<target>` adds to. */
const RENDERS: Readonly<Record<MetadataTarget, (traits: ServiceKindTraits) => boolean>> = {
  workload: (t) => t.workload !== undefined,
  pod: (t) => t.workload !== undefined,
  serviceAccount: (t) => t.workload !== undefined,
  service: (t) => t.service !== undefined,
  ingress: (t) => t.http,
};

function labelProblem(key: string): string | undefined {
  if ((SELECTOR_LABEL_KEYS as readonly string[]).includes(key)) {
    return `\`${key}\` is a selector label: Services, workloads and policies select the pods by it, so the stack sets it and an overlay may not override it`;
  }
  if ((STACK_LABEL_KEYS as readonly string[]).includes(key)) return `\`${key}\` is set by the stack on every object; remove it here`;
  return undefined;
}

/** Annotations the stack sets on `target` itself. */
function annotationsWeSet(target: MetadataTarget, stack: Stack): Readonly<Record<string, string>> {
  if (target === 'pod') return { [CONFIG_CHECKSUM_ANNOTATION]: 'the checksum that rolls the pods when `config` changes' };
  if (target === 'ingress' && stack.stack.ingress?.clusterIssuer) {
    return { [CLUSTER_ISSUER_ANNOTATION]: 'the issuer of `stack.ingress.clusterIssuer`; change it there' };
  }
  return {};
}

/** Keys of one `metadata` block that collide with what the stack sets. */
function collisions(metadata: ExtraMetadata, stack: Stack, at: (...rest: (string | number)[]) => KeyPath): SchemaProblem[] {
  return (Object.keys(metadata) as MetadataTarget[]).flatMap((target) => {
    const { labels = {}, annotations = {} } = metadata[target] ?? {};
    const ours = annotationsWeSet(target, stack);
    return [
      ...Object.keys(labels).flatMap((key) => {
        const message = labelProblem(key);
        return message ? [{ path: at(target, 'labels', key), message }] : [];
      }),
      ...Object.keys(annotations)
        .filter((key) => ours[key] !== undefined)
        .map((key) => ({ path: at(target, 'annotations', key), message: `\`${key}\` is set by the stack: ${ours[key]}` })),
      ...Object.keys(annotations)
        .filter((key) => key.startsWith(WAIVER_PREFIX))
        .map((key) => ({ path: at(target, 'annotations', key), message: `\`${key}\` is a gate waiver: put it in the service's \`waive\` (\`${key.slice(WAIVER_PREFIX.length)}: <reason>\`) instead` })),
    ];
  });
}

export function stackMetadataKeys({ stack }: StackContext): SchemaProblem[] {
  const metadata = stack.stack.metadata;
  return metadata ? collisions(metadata, stack, (...rest) => ['stack', 'metadata', ...rest]) : [];
}

export function serviceMetadataKeys({ stack, service, traits, at }: ServiceContext): SchemaProblem[] {
  const metadata = service.metadata;
  if (!metadata) return [];
  if (cloudNativePg(service)) return [{ path: at('metadata'), message: OPERATOR_RUN('metadata') }];
  const unrendered = (Object.keys(metadata) as MetadataTarget[])
    .filter((target) => !RENDERS[target](traits))
    .map((target) => ({ path: at('metadata', target), message: `${aKind(service.type)} service renders no ${target === 'serviceAccount' ? 'ServiceAccount' : target}; remove \`metadata.${target}\`` }));
  return [...unrendered, ...collisions(metadata, stack, (...rest) => at('metadata', ...rest))];
}
