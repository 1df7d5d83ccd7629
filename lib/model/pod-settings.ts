/**
 * The pod settings of one service: `stack.pod` with the service's `pod` merged over it.
 * Additive settings (node selector, tolerations, pull secrets, host aliases) combine; settings
 * that only make sense whole (affinity, runtime class, DNS options) are the service's when it
 * has its own.
 */
import type { PodSettings } from './escape-hatches-schema';
import type { Service, Stack } from './schema';

/** Both lists, without the second's repeats of the first's items. */
function union<T>(shared: readonly T[] = [], own: readonly T[] = []): T[] | undefined {
  const seen = new Set(shared.map((item) => JSON.stringify(item)));
  const all = [...shared, ...own.filter((item) => !seen.has(JSON.stringify(item)))];
  return all.length ? all : undefined;
}

export function podSettingsOf(stack: Stack, service: Service): PodSettings {
  const shared = stack.stack.pod ?? {};
  const own = service.pod ?? {};
  const nodeSelector = { ...shared.nodeSelector, ...own.nodeSelector };
  return {
    nodeSelector: Object.keys(nodeSelector).length ? nodeSelector : undefined,
    tolerations: union(shared.tolerations, own.tolerations),
    imagePullSecrets: union(shared.imagePullSecrets, own.imagePullSecrets),
    hostAliases: union(shared.hostAliases, own.hostAliases),
    affinity: own.affinity ?? shared.affinity,
    runtimeClassName: own.runtimeClassName ?? shared.runtimeClassName,
    dnsConfig: own.dnsConfig ?? shared.dnsConfig,
    priorityClass: own.priorityClass,
  };
}
