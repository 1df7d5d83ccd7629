/** Names that must leave room: the instance label, derived object names, generated objects. */
import type { SchemaProblem, ServiceContext, StackContext } from './rule';

/** Longest suffix we append to a service name (`-restore-verify`), so every derived name stays ≤ 63. */
export const MAX_SERVICE_NAME = 40;

/** Service names whose `allow-<name>` policy would be one the stack always renders. */
const RESERVED_NAMES = new Map([['dns', 'the NetworkPolicy `allow-dns`']]);

/** `app.kubernetes.io/instance` is `<stack>-<environment>`, and a label value holds at most 63 characters. */
export function instanceLabelLength({ stack, environment }: StackContext): SchemaProblem[] {
  const instance = `${stack.stack.name}-${environment}`;
  if (instance.length <= 63) return [];
  return [{
    path: ['stack', 'name'],
    message: `with environment \`${environment}\` the instance label \`${instance}\` is ${instance.length} characters; stack name and environment name together may have at most 62`,
  }];
}

export function serviceNameLength({ name, at }: ServiceContext): SchemaProblem[] {
  if (name.length <= MAX_SERVICE_NAME) return [];
  return [{
    path: at(),
    message: `service name is ${name.length} characters; at most ${MAX_SERVICE_NAME} leave room for the suffixes of derived object names — shorten it`,
  }];
}

export function reservedServiceName({ name, at }: ServiceContext): SchemaProblem[] {
  const taken = RESERVED_NAMES.get(name);
  return taken ? [{ path: at(), message: `\`${name}\` is taken by a generated object (${taken}); choose another service name` }] : [];
}
