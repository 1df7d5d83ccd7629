/** Per-container rules: file system, images, resources, probes, env. */
import { describe, expect, it } from 'vitest';
import { checkYaml, describeCheckCases, expectFindings, findingsOf } from './helpers';

const at = 'spec.template.spec.containers[0]';

describeCheckCases([
  {
    check: 'read-only-root-fs',
    fails: [{ object: 'Deployment shop/web', path: `${at}.securityContext.readOnlyRootFilesystem`, message: 'must set readOnlyRootFilesystem: true' }],
  },
  {
    check: 'image-tag',
    fails: [
      { object: 'Deployment shop/web', path: `${at}.image`, message: 'image "nginx:latest" with the :latest tag' },
      { object: 'Deployment shop/web', path: 'spec.template.spec.initContainers[0].image', message: '"busybox" without a tag' },
    ],
  },
  { check: 'resource-requests', fails: [{ object: 'Deployment shop/web', path: `${at}.resources.requests.cpu`, message: 'no cpu request' }] },
  { check: 'memory-limit', fails: [{ object: 'Deployment shop/web', path: `${at}.resources.limits.memory`, message: 'no memory limit' }] },
  { check: 'liveness-probe', fails: [{ object: 'Deployment shop/worker', path: `${at}.livenessProbe`, message: 'container "worker" has no liveness probe' }] },
  { check: 'readiness-probe', fails: [{ object: 'Deployment shop/api', path: `${at}.readinessProbe`, message: 'serves ports but has no readiness probe' }] },
  {
    check: 'probe-port',
    fails: [
      { object: 'Deployment shop/api', path: `${at}.livenessProbe.httpGet.port`, message: 'livenessProbe uses port "metrics", but it declares 8000 (http)' },
      { object: 'Deployment shop/api', path: `${at}.readinessProbe.httpGet.port`, message: 'readinessProbe uses port 9090' },
    ],
  },
  { check: 'duplicate-env-var', fails: [{ object: 'Deployment shop/api', path: `${at}.env[2].name`, message: 'defines env "LOG_LEVEL" again (first at env[0])' }] },
  {
    check: 'env-var-secret',
    fails: [
      { object: 'Deployment shop/api', path: `${at}.env[0].value`, message: 'env "STRIPE_API_TOKEN" looks like a secret' },
      { object: 'Deployment shop/api', path: `${at}.env[1].value`, message: 'holds a URL with a password' },
      { object: 'Deployment shop/api', path: `${at}.env[2].value`, message: 'env "PGPASSWORD" looks like a secret' },
      { object: 'Deployment shop/api', path: `${at}.env[3].value`, message: 'env "MYSQL_PWD" looks like a secret' },
      { object: 'Deployment shop/api', path: `${at}.env[4].value`, message: 'env "DB_PASS" looks like a secret' },
      { object: 'Deployment shop/api', path: `${at}.env[5].value`, message: 'env "GITHUBTOKEN" looks like a secret' },
      { object: 'Deployment shop/api', path: `${at}.env[6].value`, message: 'env "STRIPE_SECRET" looks like a secret' },
    ],
  },
]);

describe('messages never repeat a secret value', () => {
  it('GIVEN a literal password in env WHEN checked THEN no finding text contains the password', () => {
    const report = checkYaml(`apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  containers:
    - name: api
      image: api:1.0.0
      env:
        - {name: DB_PASSWORD, value: correct-horse-battery-staple}
`);
    expect(findingsOf(report, 'env-var-secret')).toHaveLength(1);
    expect(JSON.stringify(report.findings)).not.toContain('correct-horse-battery-staple');
  });
});

describe('native sidecars', () => {
  it('GIVEN an init container with restartPolicy Always WHEN checked THEN it needs a liveness probe like any long-running container', () => {
    const report = checkYaml(`apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  initContainers:
    - {name: proxy, image: envoy:1.31.2, restartPolicy: Always}
    - {name: migrate, image: api:1.0.0}
  containers:
    - {name: api, image: api:1.0.0, livenessProbe: {exec: {command: [true]}}}
`);
    expectFindings(report, 'liveness-probe', [{ object: 'Pod shop/api', path: 'spec.initContainers[0].livenessProbe' }]);
    expect(findingsOf(report, 'liveness-probe')).toHaveLength(1);
  });
});
