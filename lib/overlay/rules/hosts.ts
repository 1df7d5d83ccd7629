/** Public hosts: one service per host and path in an environment. */
import type { SchemaProblem, StackContext } from './rule';

/** Two services routing the same host and path (Ingresses or HTTPRoutes): the controller serves one and drops the other. */
export function uniqueIngressRoutes({ stack }: StackContext): SchemaProblem[] {
  const claimed = new Map<string, string>();
  const problems: SchemaProblem[] = [];
  for (const name of Object.keys(stack.services).sort()) {
    const { ingress, enabled } = stack.services[name];
    if (!ingress || enabled === false) continue;
    const route = `${ingress.host}${ingress.path}`;
    const owner = claimed.get(route);
    if (owner) {
      problems.push({
        path: ['services', name, 'ingress', 'host'],
        message: `\`${ingress.host}\` with path \`${ingress.path}\` is already routed to \`${owner}\`; give each service its own host or path`,
      });
    } else {
      claimed.set(route, name);
    }
  }
  return problems;
}
