/**
 * Alert routing of the frozen default stack (`stack.alerting` → AlertmanagerConfig): the rendered
 * resources, their translation into the plain Alertmanager configuration the Prometheus Operator
 * generates (lib/operations/alertmanager-plain.ts), and that configuration against the real amtool:
 * `amtool check-config`, and `amtool config routes test` for critical, warning and info alerts in
 * each environment. Skipped with a message without amtool on a developer's machine; fails on CI.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  alertmanagerConfigObjects, amtoolCheckConfig, amtoolRoutes, plainAlertmanagerConfig, plainAlertmanagerYaml, SECRETS_DIR, type AlertmanagerConfigObject,
} from '../../lib/operations/alertmanager-plain';
import { renderedStack } from '../helpers';
import { requireTools } from '../support/tools';

const dist = renderedStack();
const objectsOf = (env: string) => {
  const dir = join(dist, env, `assistant-${env}`);
  return readdirSync(dir).sort().map((f) => parse(readFileSync(join(dir, f), 'utf8')));
};
const configs = (env: string) => alertmanagerConfigObjects(objectsOf(env)) as AlertmanagerConfigObject[];

describe('the rendered routing', () => {
  it('renders one AlertmanagerConfig per environment, whose receivers read their keys from the ExternalSecret\'s Secret', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const [config, ...more] = configs(env);
      expect(more).toHaveLength(0);
      expect(config!.metadata.name).toBe('assistant-routing');
      const secret = objectsOf(env).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'assistant-alerting');
      expect(secret.spec.target.name).toBe('assistant-alerting');
      const keys = secret.spec.data.map((d: { secretKey: string }) => d.secretKey);
      for (const receiver of config!.spec.receivers) {
        for (const c of [...(receiver.pagerdutyConfigs ?? []), ...(receiver.slackConfigs ?? [])]) {
          const ref = c.routingKey ?? c.apiURL;
          expect(ref.name).toBe('assistant-alerting');
          expect(keys).toContain(ref.key);
        }
      }
    }
  });

  it('groups by alert and service, and inhibits warnings under criticals and symptoms under a down service', () => {
    const spec = configs('prod')[0]!.spec;
    expect(spec.route.groupBy).toStrictEqual(['alertname', 'service']);
    expect(spec.inhibitRules.map((r: any) => [r.sourceMatch[0].value, r.targetMatch[0].value, r.equal])).toStrictEqual([
      ['critical', 'warning', ['alertname', 'service']],
      ['ApplicationDown|WorkloadUnavailable', 'HighErrorRate|HighLatencyP[0-9]+|ErrorBudgetBurn[0-9]+[a-z]|SLOLatencyBucketMissing', ['service']],
    ]);
  });
});

describe('plainAlertmanagerConfig (the operator\'s translation)', () => {
  const plain = plainAlertmanagerConfig(configs('staging'));

  it('puts the environment\'s tree under a route matched on its namespace, continuing, with prefixed names', () => {
    expect(plain.route.receiver).toBe('null');
    const [top] = plain.route.routes;
    expect(top.matchers).toStrictEqual(['namespace="assistant-staging"']);
    expect(top.continue).toBe(true);
    expect(top.receiver).toBe('assistant-staging/assistant-routing/nowhere');
    expect(top.routes[0].mute_time_intervals).toStrictEqual(['assistant-staging/assistant-routing/nights-and-weekends']);
    expect(plain.time_intervals[0].name).toBe('assistant-staging/assistant-routing/nights-and-weekends');
  });

  it('reads secrets from files, never inlines them, and scopes inhibition to the namespace', () => {
    const slack = plain.receivers.find((r: any) => r.slack_configs).slack_configs[0];
    expect(slack.api_url_file).toBe(`${SECRETS_DIR}/assistant-alerting/slack-staging-webhook-url`);
    expect(slack.api_url).toBeUndefined();
    for (const rule of plain.inhibit_rules) {
      expect(rule.source_matchers).toContain('namespace="assistant-staging"');
      expect(rule.target_matchers).toContain('namespace="assistant-staging"');
    }
  });
});

const amtool = requireTools('the Alertmanager routing suite', ['amtool'], 'apt-get install prometheus-alertmanager');

/** Who each severity reaches, per environment: the default stack's promise (REPORT.md lists it). */
const EXPECTED: Record<string, Record<string, string[]>> = {
  dev: { critical: ['slack-dev'], warning: ['nowhere'], info: ['nowhere'] },
  staging: { critical: ['slack-staging'], warning: ['slack-staging'], info: ['nowhere'] },
  prod: { critical: ['pagerduty', 'slack-alerts'], warning: ['slack-alerts'], info: ['nowhere'] },
};

describe.skipIf(!amtool)('amtool', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk8s-stack-amtool-'));
  const file = (env: string) => join(work, `${env}.yaml`);
  const checks = Object.fromEntries(Object.keys(EXPECTED).map((env) => [env, amtool ? amtoolCheckConfig(file(env), plainAlertmanagerYaml(configs(env))) : undefined]));

  it.each(Object.keys(EXPECTED))('accepts the %s configuration (amtool check-config)', (env) => {
    expect(checks[env]!.ok, checks[env]!.output).toBe(true);
    expect(checks[env]!.output).toMatch(/SUCCESS/);
  });

  it.each(Object.entries(EXPECTED).flatMap(([env, bySeverity]) => Object.entries(bySeverity).map(([severity, receivers]) => [env, severity, receivers] as const)))(
    'routes a %s %s alert of a service to %j (amtool config routes test)',
    (env, severity, receivers) => {
      const { run, receivers: got } = amtoolRoutes(file(env), { namespace: `assistant-${env}`, alertname: 'HighErrorRate', severity, service: 'api' });
      expect(run.ok, run.output).toBe(true);
      expect(got).toStrictEqual(receivers.map((r) => `assistant-${env}/assistant-routing/${r}`));
    },
  );

  it('leaves alerts of other namespaces to the root route', () => {
    const { receivers } = amtoolRoutes(file('prod'), { namespace: 'kube-system', severity: 'critical', alertname: 'KubeNodeNotReady' });
    expect(receivers).toStrictEqual(['null']);
  });

  it('refuses a translation with a route to a receiver that does not exist (the tool really checks)', () => {
    const broken = plainAlertmanagerConfig(configs('prod'));
    broken.route.routes[0].routes[0].receiver = 'assistant-prod/assistant-routing/slak';
    const run = amtoolCheckConfig(join(work, 'broken.yaml'), JSON.stringify(broken));
    expect(run.ok).toBe(false);
    expect(run.output).toContain('undefined receiver');
  });
});
