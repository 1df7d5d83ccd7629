import { describe, expect, it } from 'vitest';
import { alertingReceivers, alertingRoutes, alertingSecretStore, stackAlertThresholds } from '../../../lib/overlay/rules/alerting';
import type { StackRule } from '../../../lib/overlay/rules';
import { format, stackWith } from '../stack';

const SLACK = { channel: '#alerts', webhookUrl: { key: 'shop/alerting', property: 'slack' } };
const PAGERDUTY = { routingKey: { key: 'shop/alerting', property: 'pagerduty' } };
const alerting = (over: Record<string, unknown> = {}) => ({
  receivers: { pagerduty: { pagerduty: PAGERDUTY }, slack: { slack: SLACK } },
  routes: [{ severity: 'critical', receivers: ['pagerduty', 'slack'] }, { severity: 'warning', receivers: ['slack'] }],
  ...over,
});
const STORE = { secretStore: { name: 'vault' } };
const run = (rule: StackRule, stack: Record<string, unknown>) => format(rule({ stack: stackWith({}, stack), environment: 'prod' }));

describe('alertingSecretStore', () => {
  it('needs a secret store for the receivers\' keys', () => {
    expect(run(alertingSecretStore, { alerting: alerting() })).toStrictEqual([
      "stack.alerting: alert routing reads the receivers' keys and webhook URLs from the secret store: set `stack.secretStore` (e.g. `secretStore: { name: vault }`)",
    ]);
    expect(run(alertingSecretStore, { alerting: alerting(), ...STORE })).toStrictEqual([]);
  });
});

describe('alertingReceivers', () => {
  it('accepts receivers whose secrets are references', () => {
    expect(run(alertingReceivers, { alerting: alerting(), ...STORE })).toStrictEqual([]);
  });

  it('refuses a Slack channel without its #', () => {
    const receivers = { pagerduty: { pagerduty: PAGERDUTY }, slack: { slack: { ...SLACK, channel: 'jarvis-alerts' } } };
    expect(run(alertingReceivers, { alerting: alerting({ receivers }), ...STORE })).toStrictEqual([
      'stack.alerting.receivers.slack.slack.channel: `jarvis-alerts` is not a Slack channel: write it with its `#`, quoted so YAML does not read a comment: `channel: "#jarvis-alerts"`',
    ]);
  });

  it('refuses a webhook URL and a routing key written literally', () => {
    const receivers = {
      pagerduty: { pagerduty: { routingKey: 'R0UT1NGK3Y' } },
      slack: { slack: { ...SLACK, webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' } },
    };
    expect(run(alertingReceivers, { alerting: alerting({ receivers }), ...STORE })).toStrictEqual([
      'stack.alerting.receivers.pagerduty.pagerduty.routingKey: a PagerDuty routing key written literally: secrets never go into Git. Store it in the secret store and reference it, e.g. `routingKey: { key: shop/alerting, property: pagerduty-routing-key }`',
      'stack.alerting.receivers.slack.slack.webhookUrl: a Slack webhook URL written literally: secrets never go into Git. Store it in the secret store and reference it, e.g. `webhookUrl: { key: shop/alerting, property: slack-webhook-url }`',
    ]);
  });

  it('refuses a receiver that sends nowhere, and the reserved name', () => {
    const receivers = { pagerduty: { pagerduty: PAGERDUTY }, slack: {}, nowhere: { slack: SLACK } };
    expect(run(alertingReceivers, { alerting: alerting({ receivers }), ...STORE })).toStrictEqual([
      'stack.alerting.receivers.nowhere: `nowhere` is the built-in receiver of alerts no route takes: give this receiver another name',
      'stack.alerting.receivers.slack: a receiver sends somewhere: give `pagerduty: { routingKey: … }`, `slack: { channel: …, webhookUrl: … }` or both',
    ]);
  });
});

describe('alertingRoutes', () => {
  it('refuses a route to a receiver that does not exist, with a did-you-mean', () => {
    const routes = [{ severity: 'critical', receivers: ['pagerdty'] }];
    expect(run(alertingRoutes, { alerting: alerting({ routes }), ...STORE })).toStrictEqual([
      'stack.alerting.routes[0].receivers[0]: no receiver `pagerdty` (did you mean `pagerduty`?): name one of `pagerduty`, `slack`, or add it under `stack.alerting.receivers`',
    ]);
  });

  it('refuses unknown mute intervals and services', () => {
    const routes = [{ severity: 'warning', receivers: ['slack'], services: ['wbe'], muteTimeIntervals: ['nights'] }];
    expect(run(alertingRoutes, { alerting: alerting({ routes }), ...STORE })).toStrictEqual([
      'stack.alerting.routes[0].muteTimeIntervals[0]: no mute time interval `nights`: name one of none, or add it under `stack.alerting.muteTimeIntervals`',
      'stack.alerting.routes[0].services[0]: no service `wbe` (did you mean `web`?) in this stack',
    ]);
  });
});

describe('stackAlertThresholds', () => {
  it('refuses a warning threshold at or above the critical one', () => {
    expect(run(stackAlertThresholds, { alerts: { errorRateWarning: 5, errorRateCritical: 5, latencyP99Warning: '6s' } })).toStrictEqual([
      'stack.alerts.errorRateWarning: the warning threshold (5 %) must be below the critical one (5 %): lower `errorRateWarning` or raise `errorRateCritical`',
      'stack.alerts.latencyP99Warning: the warning threshold (6s) must be below the critical one (5s): lower `latencyP99Warning` or raise `latencyP99Critical`',
    ]);
    expect(run(stackAlertThresholds, {})).toStrictEqual([]);
  });
});
