/**
 * What an environment file must say for itself, checked before merging: merging would hide it.
 * A file that sets nothing, or no namespace of its own, renders the base settings into the base
 * namespace (for a cut-down prod file: prod with the base's automated sync, without a word); a
 * service the base does not have and that has no `type` is a typo of an existing one, or a key
 * that slipped out of its service by indentation, not a new service.
 */
import { ServiceSchema } from '../model/schema';
import type { OverlayProblem } from './errors';
import type { OverlaySource } from './source';
import { suggest } from './validate';

const SERVICE_KEYS = new Set(Object.keys(ServiceSchema.properties));

type Data = { stack?: { namespace?: unknown }; services?: Record<string, unknown> | null; [key: string]: unknown };

export function environmentFileProblems(base: OverlaySource, env: OverlaySource): OverlayProblem[] {
  const data = env.data as Data;
  const baseData = base.data as Data;
  const where = (path: (string | number)[]) => {
    const { line, col } = env.locate(path);
    return { file: env.file, line, col, path };
  };
  const setsSomething = Object.keys(data).some((key) => key !== 'schemaVersion' && data[key] !== undefined);
  if (!setsSomething) {
    return [{ file: env.file, line: 1, col: 1, path: [], message: `environment file \`${env.name}\` sets nothing: it would render the base settings into the base namespace; set at least \`stack.namespace\`` }];
  }
  const problems: OverlayProblem[] = [];
  if (data.stack?.namespace === undefined) {
    const baseNamespace = typeof baseData.stack?.namespace === 'string' ? baseData.stack.namespace : undefined;
    problems.push({
      ...where(['stack']),
      message: `environment \`${env.name}\` does not set \`stack.namespace\`: it would render into the base namespace${baseNamespace ? ` \`${baseNamespace}\`` : ''}; give it its own (e.g. \`${baseNamespace ?? 'app'}-${env.name}\`)`,
    });
  }
  const baseServices = Object.keys(baseData.services ?? {});
  const services = data.services ?? {};
  const names = Object.keys(services);
  names.forEach((name, i) => {
    const service = services[name];
    if (baseServices.includes(name) || service === null || typeof service !== 'object' || 'type' in service) return;
    if (SERVICE_KEYS.has(name)) {
      const owner = names[i - 1];
      problems.push({
        ...where(['services', name]),
        message: `\`${name}\` is a key of a service, not a service: indent it under the service it belongs to${owner ? ` (\`services.${owner}.${name}\`)` : ''}`,
      });
      return;
    }
    const hint = suggest(name, baseServices);
    problems.push({
      ...where(['services', name]),
      message: `no service \`${name}\` in ${base.file.replace(/^.*\//, '')}${hint ? ` — did you mean \`${hint}\`?` : ''} (a service new in this environment needs a \`type\`)`,
    });
  });
  return problems;
}
