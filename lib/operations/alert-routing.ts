/**
 * Who gets which alert, for one environment (`stack.alerting`): the Prometheus Operator's
 * `AlertmanagerConfig` `<stack>-routing` and the ExternalSecret `<stack>-alerting` that creates
 * the Secret its receivers read their PagerDuty routing keys and Slack webhook URLs from (the
 * overlay names only keys of the secret store, never a value).
 *
 * The route tree: alerts of the namespace are grouped by `groupBy`; each `routes` entry becomes
 * one child route per receiver, matched on `severity` (and `service` when the route names
 * services), all with `continue: true`, so every matching route notifies and an alert no route
 * takes falls to the receiver `nowhere` (no configuration: dropped). Inhibition: a critical alert
 * mutes the warning of the same alert and service; a service that is down mutes its error,
 * latency and error-budget alerts. lib/operations/alertmanager-plain.ts translates the result
 * into the plain Alertmanager configuration the operator generates, for amtool.
 */
import { Construct } from 'constructs';
import * as am from '../../imports/alertmanagerconfigs-monitoring.coreos.com';
import * as esApi from '../../imports/externalsecrets-external-secrets.io';
import { NOWHERE, type Alerting, type SecretValue } from '../model/alerting-schema';
import type { Stack } from '../model/schema';
import { recommendedLabels, type LabelContext } from '../constructs/labels';
import { anyOf } from './rules';
import { monitoringMetadata } from './monitoring-metadata';

export { NOWHERE };

/** Alerts that say a service is down, and the symptoms they make redundant (same `service`). */
export const DOWN_ALERTS = ['ApplicationDown', 'WorkloadUnavailable'] as const;
export const SYMPTOM_ALERTS = 'HighErrorRate|HighLatencyP[0-9]+|ErrorBudgetBurn[0-9]+[a-z]|SLOLatencyBucketMissing';

export interface AlertRoutingProps {
  readonly stackName: string;
  readonly namespace: string;
  readonly labels: LabelContext;
  readonly prometheusSelector: Readonly<Record<string, string>>;
  readonly alerting: Alerting;
  readonly secretStore: NonNullable<Stack['stack']['secretStore']>;
}

/** Name of the AlertmanagerConfig and of the Secret (and ExternalSecret) holding the receivers' keys. */
export const routingName = (stack: string) => `${stack}-routing`;
export const alertingSecretName = (stack: string) => `${stack}-alerting`;

/** The Secret keys of a receiver's secrets. */
export const secretKeyOf = (receiver: string, what: 'routing-key' | 'webhook-url') => `${receiver}-${what}`;

const EQ = am.AlertmanagerConfigSpecRouteMatchersMatchType.VALUE_EQUALS;
const RE = am.AlertmanagerConfigSpecRouteMatchersMatchType.VALUE_EQUAL_TILDE;

export class AlertRouting extends Construct {
  readonly config: am.AlertmanagerConfig;
  readonly externalSecret?: esApi.ExternalSecret;

  constructor(scope: Construct, id: string, props: AlertRoutingProps) {
    super(scope, id);
    const { alerting, stackName, namespace } = props;
    const secret = alertingSecretName(stackName);
    const receiverNames = Object.keys(alerting.receivers).sort();
    const secretData: { secretKey: string; ref: SecretValue }[] = [];

    const receivers: am.AlertmanagerConfigSpecReceivers[] = [
      { name: NOWHERE },
      ...receiverNames.map((name) => {
        const r = alerting.receivers[name];
        const ref = (what: 'routing-key' | 'webhook-url', value: SecretValue) => {
          secretData.push({ secretKey: secretKeyOf(name, what), ref: value });
          return { name: secret, key: secretKeyOf(name, what) };
        };
        return {
          name,
          ...(r.pagerduty ? { pagerdutyConfigs: [{ routingKey: ref('routing-key', r.pagerduty.routingKey), sendResolved: true }] } : {}),
          ...(r.slack
            ? {
                slackConfigs: [{
                  apiUrl: ref('webhook-url', r.slack.webhookUrl),
                  channel: r.slack.channel,
                  sendResolved: r.slack.sendResolved ?? true,
                  title: '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.service }}',
                  text: '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}',
                }],
              }
            : {}),
        };
      }),
    ];

    const routes = alerting.routes.flatMap((route) =>
      route.receivers.map((receiver) => ({
        receiver,
        matchers: [
          { name: 'severity', value: route.severity, matchType: EQ },
          ...(route.services ? [{ name: 'service', value: route.services.length === 1 ? route.services[0] : anyOf(route.services), matchType: route.services.length === 1 ? EQ : RE }] : []),
        ],
        ...(route.muteTimeIntervals?.length ? { muteTimeIntervals: [...route.muteTimeIntervals] } : {}),
        continue: true,
      })),
    );

    const inhibit = alerting.inhibit ?? { criticalMutesWarning: true, downMutesSymptoms: true };
    const SRC = am.AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType;
    const TGT = am.AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType;
    const inhibitRules: am.AlertmanagerConfigSpecInhibitRules[] = [
      ...(inhibit.criticalMutesWarning !== false
        ? [{
            sourceMatch: [{ name: 'severity', value: 'critical', matchType: SRC.VALUE_EQUALS }],
            targetMatch: [{ name: 'severity', value: 'warning', matchType: TGT.VALUE_EQUALS }],
            equal: ['alertname', 'service'],
          }]
        : []),
      ...(inhibit.downMutesSymptoms !== false
        ? [{
            sourceMatch: [{ name: 'alertname', value: DOWN_ALERTS.join('|'), matchType: SRC.VALUE_EQUAL_TILDE }],
            targetMatch: [{ name: 'alertname', value: SYMPTOM_ALERTS, matchType: TGT.VALUE_EQUAL_TILDE }],
            equal: ['service'],
          }]
        : []),
    ];

    const intervals = alerting.muteTimeIntervals ?? {};
    const muteTimeIntervals = Object.keys(intervals).sort().map((name) => ({
      name,
      timeIntervals: intervals[name].map((t) => ({
        ...(t.weekdays ? { weekdays: [...t.weekdays] } : {}),
        ...(t.times ? { times: t.times.map((x) => ({ startTime: x.start, endTime: x.end })) } : {}),
      })),
    }));

    this.config = new am.AlertmanagerConfig(this, 'Config', {
      metadata: monitoringMetadata({ name: routingName(stackName), namespace, labels: props.labels, prometheusSelector: props.prometheusSelector }),
      spec: {
        route: {
          receiver: NOWHERE,
          groupBy: [...(alerting.groupBy ?? ['alertname', 'service'])],
          groupWait: alerting.groupWait ?? '30s',
          groupInterval: alerting.groupInterval ?? '5m',
          repeatInterval: alerting.repeatInterval ?? '4h',
          routes,
        },
        receivers,
        ...(inhibitRules.length ? { inhibitRules } : {}),
        ...(muteTimeIntervals.length ? { muteTimeIntervals } : {}),
      },
    });

    if (secretData.length) {
      const store = props.secretStore;
      this.externalSecret = new esApi.ExternalSecret(this, 'Secret', {
        metadata: { name: secret, namespace, labels: recommendedLabels(props.labels, secret, { component: 'monitoring' }) },
        spec: {
          refreshInterval: store.refreshInterval,
          secretStoreRef: { name: store.name, kind: store.kind as esApi.ExternalSecretSpecSecretStoreRefKind },
          target: { name: secret, creationPolicy: esApi.ExternalSecretSpecTargetCreationPolicy.OWNER },
          data: secretData
            .sort((a, b) => (a.secretKey < b.secretKey ? -1 : 1))
            .map(({ secretKey, ref }) => {
              const { key, property } = ref as Exclude<SecretValue, string>;
              return { secretKey, remoteRef: { key, ...(property ? { property } : {}) } };
            }),
        },
      });
    }
  }
}
