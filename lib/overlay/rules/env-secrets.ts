/** Environment variables: each from one place, no secret values in Git, a store for external secrets. */
import { isPlaceholder, isSecretLikeName, secretInValue } from '../../shared/sensitive';
import type { KeyPath } from '../errors';
import type { SchemaProblem, ServiceContext } from './rule';

/** Where a variable may come from, in the order a duplicate is reported against. */
const ENV_SOURCES = ['env', 'config', 'secretEnv', 'externalSecretEnv'] as const;

export function envSources({ service, at }: ServiceContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Map<string, string>();
  for (const source of ENV_SOURCES) {
    const values = service[source] ?? {};
    for (const key of Object.keys(values)) {
      const first = seen.get(key);
      if (first) problems.push({ path: at(source, key), message: `\`${key}\` is also set in \`${first}\`; an environment variable may come from one place only` });
      else seen.set(key, source);
      // Only `env` and `config` hold values written in the overlay.
      if (source === 'env' || source === 'config') problems.push(...literalSecret(at(source, key), key, String(values[key as keyof typeof values])));
    }
  }
  return problems;
}

/** The gate's own notion of "secret-looking", so the overlay stops what the gate would reject. */
function literalSecret(path: KeyPath, key: string, value: string): SchemaProblem[] {
  if (isSecretLikeName(key) && !isPlaceholder(value)) {
    return [{ path, message: `\`${key}\` looks like a secret: never put its value in Git — use \`secretEnv\` (an existing Secret) or \`externalSecretEnv\`` }];
  }
  const inValue = secretInValue(value);
  if (inValue) return [{ path, message: `\`${key}\` holds ${inValue}: never put it in Git — use \`secretEnv\` or \`externalSecretEnv\`` }];
  return [];
}

export function externalSecretStore({ stack, service, at }: ServiceContext): SchemaProblem[] {
  if (!service.externalSecretEnv || stack.stack.secretStore) return [];
  return [{ path: at('externalSecretEnv'), message: '`externalSecretEnv` needs `stack.secretStore` (the External Secrets store to read from)' }];
}
