/**
 * API-server validation the OpenAPI schema does not carry (lib/check/checks/api-server.ts):
 * every rule fails on fixtures/api-server/fail.yaml at its line, and nothing fires on pass.yaml.
 */
import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../lib/check/checks/api-server';
import { checkPaths, expectFindings, findingsOf, fixture } from './helpers';

const fail = checkPaths(fixture('api-server', 'fail.yaml'));
const pass = checkPaths(fixture('api-server', 'pass.yaml'));

const svc = 'Service Shop_Prod/1-svc';
const web = 'Deployment shop/web';
const CASES: ReadonlyArray<readonly [check: string, object: string, line: number, message: string]> = [
  ['metadata-name', svc, 5, 'Service name "1-svc" is not a DNS-1035 label'],
  ['metadata-name', svc, 6, 'namespace "Shop_Prod" is not a DNS-1123 label'],
  ['metadata-name', 'CronJob shop/a-cronjob-name-that-is-longer-than-fifty-two-characters', 73, 'has 55 characters; at most 52'],
  ['metadata-name', 'Role shop/a/b', 95, "Role name \"a/b\" is not a path segment: may not contain '/'"],
  ['metadata-name', 'ConfigMap shop/<unnamed>', 101, 'has no metadata.name'],
  ['metadata-labels', svc, 8, 'label "app.kubernetes.io/name" has the invalid value'],
  ['metadata-labels', svc, 9, 'label key "-bad-key" is invalid'],
  ['metadata-labels', web, 37, 'label "tier" has the invalid value "-front"'],
  ['metadata-annotations', svc, 12, 'annotation key "bad key" is invalid'],
  ['port-fields', svc, 18, 'port 70000 is not between 1 and 65535'],
  ['port-fields', svc, 19, 'port name "a-very-long-port-name" is not an IANA service name: must be no more than 15 characters'],
  ['port-fields', svc, 20, 'port name "http" is used twice'],
  ['port-fields', svc, 22, 'port 82 has no name; a Service with several ports must name each'],
  ['port-fields', web, 43, 'port name "metrics-and-more-than-15" is not an IANA service name'],
  ['port-fields', web, 45, 'port name "8080" is not an IANA service name: must contain at least one letter'],
  ['port-fields', web, 46, 'containerPort 0 is not between 1 and 65535'],
  ['port-fields', web, 54, 'livenessProbe port 70000 is not between 1 and 65535'],
  ['container-fields', web, 40, 'container "Web_Server": the name is not a DNS-1123 label'],
  ['container-fields', web, 50, 'the name is already used by container "Web_Server"'],
  ['container-fields', web, 48, 'environment variable name "1BAD" is invalid'],
  ['container-fields', web, 58, 'volume name "data" is used twice'],
  ['data-keys', 'ConfigMap shop/settings', 67, 'ConfigMap key "app settings.yaml" is invalid'],
  ['data-keys', 'ConfigMap shop/settings', 68, "ConfigMap key \"..hidden\" is invalid: must not start with '..'"],
  ['cronjob-schedule', 'CronJob shop/a-cronjob-name-that-is-longer-than-fifty-two-characters', 76, 'schedule "61 * * * *" is not a valid cron expression'],
  ['priority-class-value', 'PriorityClass too-high', 90, 'value 2000000000 is above 1000000000'],
];

describe('API-server validation', () => {
  for (const [check, object, line, message] of CASES) {
    it(`GIVEN api-server/fail.yaml WHEN checked THEN ${check} reports ${object} at line ${line}: ${message}`, () => {
      expectFindings(fail, check, [{ object, line, message }]);
      expect(findingsOf(fail, check).every((f) => f.class === 'correctness' && f.severity === 'error')).toBe(true);
    });
  }

  it('GIVEN api-server/pass.yaml (edge cases the API server accepts) WHEN checked THEN no correctness error', () => {
    const errors = pass.findings.filter((f) => f.class === 'correctness' && f.severity === 'error');
    expect(errors.map((f) => `${f.line} ${f.check}: ${f.message}`)).toEqual([]);
  });

  it('GIVEN a numeric probe port or targetPort the pods do not declare WHEN checked THEN only a note (Kubernetes accepts it); a name nobody declares stays an error', () => {
    expectFindings(pass, 'probe-port', [{ object: 'Deployment shop/web.v2', line: 48, message: 'readinessProbe uses port 9000' }]);
    expectFindings(pass, 'service-target-port', [{ object: 'Service shop/svc-1', line: 19, message: 'targetPort 8080' }]);
    expect([...findingsOf(pass, 'probe-port'), ...findingsOf(pass, 'service-target-port')].map((f) => f.severity)).toEqual(['note', 'note']);
    expect(pass.passed).toBe(pass.summary.errors === 0);
    const named = checkPaths(fixture('probe-port', 'fail.yaml'));
    expect(findingsOf(named, 'probe-port').map((f) => `${f.severity}: ${f.message}`)).toEqual([
      expect.stringMatching(/^error: container "api": livenessProbe uses port "metrics", but it declares/),
      expect.stringMatching(/^note: container "api": readinessProbe uses port 9090, which the container does not declare/),
    ]);
  });

  it('GIVEN cron schedules WHEN parsed like robfig/cron THEN five fields and descriptors pass, others fail', () => {
    expect(cronProblem('*/5 * * * *')).toBeUndefined();
    expect(cronProblem('@daily')).toBeUndefined();
    expect(cronProblem('0 0 * * * *')).toMatch(/exactly 5 fields/);
    expect(cronProblem('@fortnightly')).toMatch(/unknown descriptor/);
    expect(cronProblem('0 25 * * *')).toBeDefined();
  });
});
