/** `extraObjects`: each object once, and in the stack's namespace when it has one. */
import type { SchemaProblem, StackContext } from './rule';

export function extraObjectPlacement({ stack }: StackContext): SchemaProblem[] {
  const seen = new Map<string, number>();
  return (stack.extraObjects ?? []).flatMap(({ kind, metadata }, i) => {
    const problems: SchemaProblem[] = [];
    if (metadata.namespace !== undefined && metadata.namespace !== stack.stack.namespace) {
      problems.push({
        path: ['extraObjects', i, 'metadata', 'namespace'],
        message: `\`${metadata.namespace}\` is not this environment's namespace \`${stack.stack.namespace}\`: ArgoCD's project allows only that one; leave it out for a cluster-scoped kind`,
      });
    }
    const id = `${kind} ${metadata.namespace ?? ''}/${metadata.name}`;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({ path: ['extraObjects', i, 'metadata', 'name'], message: `${kind} \`${metadata.name}\` is already extraObjects[${first}]; keep one` });
    } else {
      seen.set(id, i);
    }
    return problems;
  });
}
