/**
 * What renders, but is probably a mistake: reported as warnings (synth prints them and still
 * writes). Each says which key to add or change.
 */
import type { Stack } from '../../model/schema';
import type { SchemaProblem, ServiceContext } from './rule';

/** A store nobody backs up: say so explicitly (`backup: { enabled: false }`) or add a target. */
export function storeWithoutBackup({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (!traits.backups || service.backup) return [];
  // Placed at `type`: the line that makes it a store, in the file that declares it.
  return [{
    path: at('type'),
    message: 'a store without `backup`: add `backup: { target: { pvc: { size: 10Gi } } }` (or `s3`), or `backup: { enabled: false }` if its data can be lost',
  }];
}

/**
 * A host and path that two environments both route (an environment file copied from another
 * that kept its hosts): in one cluster, the two ingresses fight over it.
 */
export function hostsSharedAcrossEnvironments(environments: readonly { environment: string; stack: Stack }[]): (SchemaProblem & { environment: string })[] {
  const owners = new Map<string, string>();
  const warnings: (SchemaProblem & { environment: string })[] = [];
  for (const { environment, stack } of environments) {
    for (const name of Object.keys(stack.services).sort()) {
      const { ingress, enabled } = stack.services[name];
      if (!ingress || enabled === false) continue;
      const route = `${ingress.host}${ingress.path}`;
      const owner = owners.get(route);
      if (owner === undefined) owners.set(route, environment);
      else {
        warnings.push({
          environment,
          path: ['services', name, 'ingress', 'host'],
          message: `\`${ingress.host}\` (path \`${ingress.path}\`) is routed in \`${owner}\` too; if both environments share a cluster their ingresses fight over it: give \`${environment}\` its own host`,
        });
      }
    }
  }
  return warnings;
}

/** The API server of the cluster ArgoCD itself runs in (the schema's default destination). */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * Environments that name different clusters (`stack.cluster`) while every Application deploys to the
 * in-cluster API server: the destination was left at its default, and every environment would land
 * in ArgoCD's own cluster.
 */
export function clustersWithoutDestination(environments: readonly { environment: string; stack: Stack }[]): (SchemaProblem & { environment: string })[] {
  const delivered = environments.filter(({ stack }) => stack.stack.gitops);
  const clusters = new Set(delivered.map(({ stack }) => stack.stack.cluster).filter((c) => c !== undefined));
  if (clusters.size < 2 || delivered.some(({ stack }) => stack.stack.gitops!.destination.server !== IN_CLUSTER_SERVER)) return [];
  const named = [...clusters].sort().map((c) => `\`${c}\``).join(', ');
  return delivered.filter(({ stack }) => stack.stack.cluster).map(({ environment, stack }) => ({
    environment,
    path: ['stack', 'cluster'],
    message: `the environments name the clusters ${named}, but every ArgoCD Application deploys to ${IN_CLUSTER_SERVER} (the cluster ArgoCD runs in): set \`stack.gitops.destination.server\` in ${environment}'s file to the API server of \`${stack.stack.cluster}\``,
  }));
}
