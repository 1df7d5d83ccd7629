/** Secrets only by reference. */
import { describe, expect, it } from 'vitest';
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
