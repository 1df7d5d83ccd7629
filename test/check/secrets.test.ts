/** Secrets only by reference. */
import { describe, expect, it } from 'vitest';
import { isPlaceholder, isSecretLikeName } from '../../lib/shared/sensitive';
import { checkPaths, describeCheckCases, fixture } from './helpers';

describeCheckCases([
  {
    check: 'secret-literal-data',
    fails: [
      { object: 'Secret shop/api-database', path: 'data', message: 'literal data (keys: password)' },
      { object: 'Secret shop/api-database', path: 'stringData', message: 'literal stringData (keys: username)' },
    ],
  },
  {
    check: 'configmap-secret-content',
    fails: [
      { object: 'ConfigMap shop/api-config', path: 'data.DB_PASSWORD', message: 'looks like a secret' },
      { object: 'ConfigMap shop/api-config', path: 'data["app.yaml"]', message: '"password" is set to a literal' },
      { object: 'ConfigMap shop/api-config', path: 'data["tls.key"]', message: 'holds a private key' },
    ],
  },
]);

describe('secret values stay out of the report', () => {
  it('GIVEN a Secret with data WHEN checked THEN the findings name the keys but not the values', () => {
    const report = checkPaths(fixture('secret-literal-data', 'fail.yaml'));
    expect(JSON.stringify(report.findings)).not.toContain('czNjcmV0');
  });
});

describe('secret-looking names (glued and abbreviated forms)', () => {
  it.each(['PGPASSWORD', 'MYSQL_PWD', 'DB_PASS', 'GITHUBTOKEN', 'clientSecret', 'HF_TOKEN', 'DB_PASSWORD', 'apiKey'])('GIVEN %s THEN it looks like a secret', (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });
  it.each(['PWD', 'OLDPWD', 'TOKENIZER', 'MAX_TOKENS', 'PASSWORD_FILE', 'TOKEN_TTL', 'BYPASS', 'COMPASS_URL', 'githubTokenPath'])('GIVEN %s THEN it does not', (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });
});

describe('placeholders: only a value made entirely of placeholders', () => {
  it.each(['<redacted>', '${VAR}', '$(DB_USER):$(DB_PASS)', '{{ .Values.token }}', '%(password)s', 'Bearer $(TOKEN)', 'changeme', '***', ''])('GIVEN %j THEN it is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });
  it.each(['<x>sk_live_abcdef', 'sk_live_abcdef', 'abc${X}', '${X}hunter2'])('GIVEN %j THEN it is literal text', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});
