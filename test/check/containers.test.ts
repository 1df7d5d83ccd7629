/** Per-container rules: file system, images, resources, probes, env. */
import { describe, expect, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings, findingsOf } from './helpers';
import { shopYaml } from './yaml-objects';

const at = 'spec.template.spec.containers[0]';

describeCheckCases({
  'read-only-root-fs': [['Deployment shop/web', `${at}.securityContext.readOnlyRootFilesystem`, 'must set readOnlyRootFilesystem: true']],
  'image-tag': [
    ['Deployment shop/web', `${at}.image`, 'image "nginx:latest" with the :latest tag'],
    ['Deployment shop/web', 'spec.template.spec.initContainers[0].image', '"busybox" without a tag'],
  ],
  'resource-requests': [['Deployment shop/web', `${at}.resources.requests.cpu`, 'no cpu request']],
  'memory-limit': [['Deployment shop/web', `${at}.resources.limits.memory`, 'no memory limit']],
  'liveness-probe': [['Deployment shop/worker', `${at}.livenessProbe`, 'container "worker" has no liveness probe']],
  'readiness-probe': [['Deployment shop/api', `${at}.readinessProbe`, 'serves ports but has no readiness probe']],
  'probe-port': [
    ['Deployment shop/api', `${at}.livenessProbe.httpGet.port`, 'livenessProbe uses port "metrics", but it declares 8000 (http)'],
    ['Deployment shop/api', `${at}.readinessProbe.httpGet.port`, 'readinessProbe uses port 9090'],
  ],
  'duplicate-env-var': [['Deployment shop/api', `${at}.env[2].name`, 'defines env "LOG_LEVEL" again (first at env[0])']],
  'env-var-secret': [
    ['Deployment shop/api', `${at}.env[0].value`, 'env "STRIPE_API_TOKEN" looks like a secret'],
    ['Deployment shop/api', `${at}.env[1].value`, 'holds a URL with a password'],
    ['Deployment shop/api', `${at}.env[2].value`, 'env "PGPASSWORD" looks like a secret'],
    ['Deployment shop/api', `${at}.env[3].value`, 'env "MYSQL_PWD" looks like a secret'],
    ['Deployment shop/api', `${at}.env[4].value`, 'env "DB_PASS" looks like a secret'],
    ['Deployment shop/api', `${at}.env[5].value`, 'env "GITHUBTOKEN" looks like a secret'],
    ['Deployment shop/api', `${at}.env[6].value`, 'env "STRIPE_SECRET" looks like a secret'],
  ],
});

describe('messages never repeat a secret value', () => {
  it('GIVEN a literal password in env WHEN checked THEN no finding text contains the password', () => {
    const report = checkYaml(
      shopYaml('v1', 'Pod', 'api', `
containers:
  - name: api
    image: api:1.0.0
    env:
      - {name: DB_PASSWORD, value: correct-horse-battery-staple}
`),
    );
    expect(findingsOf(report, 'env-var-secret')).toHaveLength(1);
    expect(JSON.stringify(report.findings)).not.toContain('correct-horse-battery-staple');
  });
});

describe('native sidecars', () => {
  it('GIVEN an init container with restartPolicy Always WHEN checked THEN it needs a liveness probe like any long-running container', () => {
    const report = checkYaml(
      shopYaml('v1', 'Pod', 'api', `
initContainers:
  - {name: proxy, image: envoy:1.31.2, restartPolicy: Always}
  - {name: migrate, image: api:1.0.0}
containers:
  - {name: api, image: api:1.0.0, livenessProbe: {exec: {command: [true]}}}
`),
    );
    expectFindings(report, 'liveness-probe', [{ object: 'Pod shop/api', path: 'spec.initContainers[0].livenessProbe' }]);
    expect(findingsOf(report, 'liveness-probe')).toHaveLength(1);
  });
});
