/**
 * The recommended `app.kubernetes.io/*` labels. Selector labels are the stable subset
 * (name + instance): anything that changes between releases (version) stays out of
 * selectors, which are immutable on Deployments and StatefulSets.
 */
export const MANAGED_BY = 'cdk8s-stack';

export interface LabelContext {
  /** Stack name: `app.kubernetes.io/part-of`. */
  readonly stack: string;
  /** Environment (overlay) name. */
  readonly environment: string;
  /** Extra labels from the overlay (`stack.labels`). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The labels pods are selected by: a change would orphan every running pod. */
export const SELECTOR_LABEL_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'] as const;

/** Every label the stack sets itself (overlay labels may not override them). */
export const STACK_LABEL_KEYS = [
  ...SELECTOR_LABEL_KEYS, 'app.kubernetes.io/component', 'app.kubernetes.io/version', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by',
] as const;

export function selectorLabels(ctx: LabelContext, name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': `${ctx.stack}-${ctx.environment}`,
  };
}

export function recommendedLabels(
  ctx: LabelContext,
  name: string,
  extra: { component?: string; version?: string } = {},
): Record<string, string> {
  return {
    ...ctx.extra,
    ...selectorLabels(ctx, name),
    ...(extra.component ? { 'app.kubernetes.io/component': extra.component } : {}),
    ...(extra.version ? { 'app.kubernetes.io/version': extra.version } : {}),
    'app.kubernetes.io/part-of': ctx.stack,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/**
 * The version label of an image: its tag, when the tag is a valid label value (at most 63
 * characters, ending in a letter or digit); none for digest-only images.
 */
export function imageVersion(image: string): string | undefined {
  const tag = /:([\w][\w.-]*)(?:@|$)/.exec(image.replace(/^[^/]*:\d+\//, ''))?.[1];
  return tag && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(tag) ? tag : undefined;
}
