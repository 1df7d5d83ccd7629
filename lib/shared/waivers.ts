/**
 * The waiver annotation, shared by the gate (which honours it: lib/check/waivers.ts) and the
 * renderer (which writes it from an overlay's `services.<name>.waive`):
 *
 *   metadata.annotations["cdk8s-stack.dev/waive.<check-id>"]: "<why this object may break the rule>"
 */
export const WAIVER_PREFIX = 'cdk8s-stack.dev/waive.';

/** The annotations that waive each check id with its reason (`{}` for none). */
export function waiverAnnotations(waive: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(waive ?? {}).map(([check, reason]) => [`${WAIVER_PREFIX}${check}`, reason]));
}
