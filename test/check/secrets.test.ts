/** Secrets only by reference. */
import { describe, expect, it } from 'vitest';
import { isPlaceholder, isSecretLikeName } from '../../lib/shared/sensitive';
import { checkPaths, describeCheckCases, fixture } from './helpers';

describeCheckCases({
  'secret-literal-data': [
    ['Secret shop/api-database', 'data', 'literal data (keys: password)'],
    ['Secret shop/api-database', 'stringData', 'literal stringData (keys: username)'],
  ],
  'configmap-secret-content': [
    ['ConfigMap shop/api-config', 'data.DB_PASSWORD', 'looks like a secret'],
    ['ConfigMap shop/api-config', 'data["app.yaml"]', '"password" is set to a literal'],
    ['ConfigMap shop/api-config', 'data["tls.key"]', 'holds a private key'],
  ],
});

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
