import { describe, expect, it } from 'vitest';
import { envSources, externalSecretStore } from '../../../lib/overlay/rules/env-secrets';
import { problemsOf, ruleProblems, stackWith } from '../stack';

describe('envSources', () => {
  it('rejects a variable set in two places, at the later one', () => {
    expect(problemsOf(envSources, 'web', { config: { LOG_LEVEL: 'info' }, secretEnv: { LOG_LEVEL: { secret: 's', key: 'k' } } })).toStrictEqual([
      'services.web.secretEnv.LOG_LEVEL: `LOG_LEVEL` is also set in `config`; an environment variable may come from one place only',
    ]);
  });

  it('rejects a literal value under a secret-looking name', () => {
    expect(problemsOf(envSources, 'web', { env: { DB_PASSWORD: 'hunter2' } })).toStrictEqual([
      'services.web.env.DB_PASSWORD: `DB_PASSWORD` looks like a secret: never put its value in Git — use `secretEnv` (an existing Secret) or `externalSecretEnv`',
    ]);
  });

  it('accepts a placeholder under a secret-looking name', () => {
    expect(problemsOf(envSources, 'web', { env: { DB_PASSWORD: 'changeme' } })).toStrictEqual([]);
  });

  it('rejects a secret inside a value', () => {
    expect(problemsOf(envSources, 'web', { config: { DATABASE_URL: 'postgres://app:hunter2@db:5432/app' } })).toStrictEqual([
      'services.web.config.DATABASE_URL: `DATABASE_URL` holds a URL with a password: never put it in Git — use `secretEnv` or `externalSecretEnv`',
    ]);
  });
});

describe('externalSecretStore', () => {
  const override = { web: { externalSecretEnv: { TOKEN: { key: 'shop/token' } } } };

  it('needs `stack.secretStore` for external secrets', () => {
    expect(ruleProblems(externalSecretStore, stackWith(override), 'web')).toStrictEqual([
      'services.web.externalSecretEnv: `externalSecretEnv` needs `stack.secretStore` (the External Secrets store to read from)',
    ]);
  });

  it('accepts them with a store', () => {
    expect(ruleProblems(externalSecretStore, stackWith(override, { secretStore: { name: 'vault' } }), 'web')).toStrictEqual([]);
  });
});
