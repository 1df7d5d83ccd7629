/**
 * Alerts people receive and alerts a team tailors:
 *  - `stack.alerting`: who gets which alert (an AlertmanagerConfig per environment): receivers
 *    whose keys come from the secret store, routes by severity, grouping, inhibition, mute times;
 *  - `services.<name>.alerts`: a service's own metric names, thresholds, windows and `for`
 *    durations of the built-in alerts, alerts switched off (with a reason), custom alert rules.
 * Referenced from lib/model/schema.ts; self-contained (no import from schema.ts, which imports us).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LATENCY_PATTERN, PROM_DURATION_PATTERN } from './operations-schema';

const StringEnum = <T extends string[]>(values: [...T], description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, description });
const MapOf = <V extends TSchema>(key: TSchema, value: V, description: string) =>
  Type.Unsafe<Record<string, Static<V>>>({ type: 'object', propertyNames: key, additionalProperties: value, description });

/** The receiver an alert no route takes goes to: it has no configuration, so nothing is sent. */
export const NOWHERE = 'nowhere';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

const METRIC_NAME = '^[a-zA-Z_:][a-zA-Z0-9_:]*$';
const LABEL_NAME = '^[a-zA-Z_][a-zA-Z0-9_]*$';
/** Alert names as Prometheus conventions write them: `HighErrorRate`, `QueueBacklog`. */
export const ALERT_NAME_PATTERN = '^[A-Z][A-Za-z0-9]*$';
const RECEIVER_NAME = Type.String({ format: 'dns-label', description: 'Receiver name (a DNS label, e.g. `pagerduty`, `slack-alerts`).' });
const PromDuration = (description: string) => Type.String({ pattern: PROM_DURATION_PATTERN, minLength: 2, description });
const AmDuration = (description: string, dflt: string) =>
  Type.String({ pattern: '^(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?$', minLength: 2, description, default: dflt });

// ---------------------------------------------------------------- stack.alerting

/**
 * A secret a receiver needs (a PagerDuty key, a Slack webhook URL): a key in the stack's secret
 * store. A string here is refused with a message (lib/overlay/rules/alerting.ts): secrets never go
 * into Git, so the schema admits it only to explain why not.
 */
export const SecretValueSchema = Type.Unsafe<{ key: string; property?: string } | string>({
  type: ['object', 'string'],
  properties: {
    key: { type: 'string', minLength: 1, description: 'Key in the external secret store (e.g. a Vault path).' },
    property: { type: 'string', description: 'Property inside that key.' },
  },
  required: ['key'],
  additionalProperties: false,
  description:
    'A reference into the secret store (`stack.secretStore`): `{ key, property }`. The ExternalSecret `<stack>-alerting` copies it into the ' +
    'Secret `<stack>-alerting`, which the AlertmanagerConfig references. Never the value itself.',
});
export type SecretValue = Static<typeof SecretValueSchema>;

export const ReceiverSchema = Type.Object(
  {
    pagerduty: Type.Optional(
      Type.Object(
        { routingKey: SecretValueSchema },
        { additionalProperties: false, required: ['routingKey'], description: 'PagerDuty (Events API v2): the integration\'s routing key, from the secret store.' },
      ),
    ),
    slack: Type.Optional(
      Type.Object(
        {
          channel: Type.String({ minLength: 1, description: 'Slack channel, with its `#` (e.g. `#jarvis-alerts`).' }),
          webhookUrl: SecretValueSchema,
          sendResolved: Type.Boolean({ default: true, description: 'Also post when the alert resolves.' }),
        },
        { additionalProperties: false, required: ['channel', 'webhookUrl'], description: 'Slack (incoming webhook): the channel and the webhook URL, from the secret store.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Where notifications go: `pagerduty`, `slack` or both.' },
);

export const AlertRouteSchema = Type.Object(
  {
    severity: StringEnum([...SEVERITIES], 'The alerts this route takes, by their `severity` label.'),
    services: Type.Optional(
      Type.Array(Type.String({ format: 'dns-label' }), {
        uniqueItems: true,
        minItems: 1,
        description: 'Only alerts of these services (their `service` label). Default: every service (and stack-wide alerts).',
      }),
    ),
    receivers: Type.Array(RECEIVER_NAME, {
      uniqueItems: true,
      description: 'Receivers notified (names in `receivers`); `[]` sends these alerts nowhere.',
    }),
    muteTimeIntervals: Type.Optional(
      Type.Array(Type.String({ format: 'dns-label' }), { uniqueItems: true, description: 'Names in `muteTimeIntervals` during which this route notifies nobody.' }),
    ),
  },
  {
    additionalProperties: false,
    required: ['severity', 'receivers'],
    description: 'One route: alerts of a severity (and optionally of some services) go to these receivers. Every matching route notifies; an alert no route takes goes nowhere.',
  },
);

const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const CLOCK = '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$';

export const TimeIntervalSchema = Type.Object(
  {
    weekdays: Type.Optional(
      Type.Array(Type.String({ pattern: `^${WEEKDAY}(?::${WEEKDAY})?$` }), {
        minItems: 1,
        description: 'Days, or ranges of days: `saturday`, `monday:friday`.',
      }),
    ),
    times: Type.Optional(
      Type.Array(
        Type.Object(
          {
            start: Type.String({ pattern: CLOCK, description: 'Start, `HH:MM` (UTC).' }),
            end: Type.String({ pattern: CLOCK, description: 'End, `HH:MM` (UTC), up to `24:00`.' }),
          },
          { additionalProperties: false, required: ['start', 'end'] },
        ),
        { minItems: 1, description: 'Times of day (UTC): `{ start: "19:00", end: "24:00" }`.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'One time interval: the listed `weekdays` and/or `times` (all of them must hold).' },
);

export const AlertingSchema = Type.Object(
  {
    receivers: MapOf(
      Type.String({ format: 'dns-label' }),
      ReceiverSchema,
      'The receivers routes may name, by name (e.g. `pagerduty`, `slack-alerts`). Their keys and webhook URLs come from the secret store only.',
    ),
    routes: Type.Array(AlertRouteSchema, {
      description: 'Who gets which alert, e.g. `{ severity: critical, receivers: [pagerduty, slack-alerts] }`. Severities no route names go nowhere.',
    }),
    groupBy: Type.Array(Type.String({ pattern: LABEL_NAME }), {
      uniqueItems: true,
      minItems: 1,
      default: ['alertname', 'service'],
      description: 'Alerts with the same values of these labels are sent as one notification.',
    }),
    groupWait: AmDuration('How long to wait for more alerts of a new group before the first notification.', '30s'),
    groupInterval: AmDuration('How long to wait before notifying about new alerts in a group already notified.', '5m'),
    repeatInterval: AmDuration('How long before a notification still firing is sent again.', '4h'),
    inhibit: Type.Object(
      {
        criticalMutesWarning: Type.Boolean({ default: true, description: 'A firing critical alert mutes the warning of the same alert and service.' }),
        downMutesSymptoms: Type.Boolean({
          default: true,
          description: 'A service that is down (`ApplicationDown`, `WorkloadUnavailable`) mutes its error-rate, latency and error-budget alerts.',
        }),
      },
      { additionalProperties: false, default: { criticalMutesWarning: true, downMutesSymptoms: true }, description: 'Inhibition: alerts that mute others while they fire.' },
    ),
    muteTimeIntervals: Type.Optional(
      MapOf(
        Type.String({ format: 'dns-label' }),
        Type.Array(TimeIntervalSchema, { minItems: 1 }),
        'Named times (UTC) a route may be muted in (its `muteTimeIntervals`), e.g. non-prod nights and weekends: `nights-and-weekends: [{ weekdays: [saturday, sunday] }, { times: [{ start: "19:00", end: "24:00" }] }]`.',
      ),
    ),
  },
  {
    additionalProperties: false,
    required: ['receivers', 'routes'],
    description:
      'Alert routing of this environment: renders an AlertmanagerConfig `<stack>-routing` (Prometheus Operator) and the ExternalSecret `<stack>-alerting` holding the receivers\' keys. Needs `stack.secretStore`.',
  },
);
export type Alerting = Static<typeof AlertingSchema>;
export type AlertRoute = Static<typeof AlertRouteSchema>;
export type Receiver = Static<typeof ReceiverSchema>;

// ---------------------------------------------------------------- services.<name>.alerts

export const METRIC_PRESETS = ['prometheus', 'opentelemetry', 'grpc'] as const;
export type MetricPreset = (typeof METRIC_PRESETS)[number];

export const ServiceMetricsSchema = Type.Object(
  {
    preset: Type.Optional(
      StringEnum(
        [...METRIC_PRESETS],
        '`prometheus`: the names in `stack.alerts.metrics` (Prometheus client libraries: `http_requests_total{status}`, `http_request_duration_seconds`). ' +
          '`opentelemetry`: OpenTelemetry HTTP semantic conventions (`http_server_request_duration_seconds` and its `_count`, `http_response_status_code`). ' +
          '`grpc`: go-grpc-prometheus (`grpc_server_handled_total{grpc_code}`, `grpc_server_handling_seconds`). Default: `prometheus`.',
      ),
    ),
    requests: Type.Optional(Type.String({ pattern: METRIC_NAME, description: 'Counter of requests (overrides the preset).' })),
    statusLabel: Type.Optional(Type.String({ pattern: LABEL_NAME, description: 'Label of `requests` holding the status (overrides the preset).' })),
    errorValues: Type.Optional(
      Type.String({ minLength: 1, description: 'Regex of the `statusLabel` values that count as errors (overrides the preset: `5..` for HTTP, `Unknown|DeadlineExceeded|Internal|Unavailable|DataLoss` for gRPC).' }),
    ),
    duration: Type.Optional(Type.String({ pattern: METRIC_NAME, description: 'Histogram of request durations in seconds, without `_bucket` (overrides the preset).' })),
    extra: Type.Optional(
      Type.Array(Type.String({ pattern: METRIC_NAME }), {
        uniqueItems: true,
        description: 'Other metrics the service exports, which custom alerts may read (a custom alert reading a metric not known to exist gets a warning).',
      }),
    ),
  },
  { additionalProperties: false, description: 'The names of this service\'s metrics: its requests, their status and their duration.' },
);

const Percent = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 100, description });
const Latency = (description: string) => Type.String({ pattern: LATENCY_PATTERN, description, examples: ['500ms', '10s'] });

export const LATENCY_PERCENTILES = [50, 90, 95, 99] as const;

export const CustomAlertSchema = Type.Object(
  {
    name: Type.String({ pattern: ALERT_NAME_PATTERN, description: 'Alert name, UpperCamelCase (e.g. `QueueBacklog`); unique in the stack and not a built-in alert\'s.' }),
    expr: Type.String({ minLength: 1, description: 'PromQL: the alert fires for each series it returns. Scope it yourself (e.g. `{namespace="…", job="api"}`).' }),
    for: Type.Optional(PromDuration('How long the expression must hold before the alert fires. Default: fires at once.')),
    severity: StringEnum([...SEVERITIES], '`critical` (pages), `warning` or `info` (routed as `stack.alerting` says).'),
    summary: Type.String({ minLength: 1, description: 'One line: what is wrong (templates like `{{ $labels.job }}` work).' }),
    description: Type.String({ minLength: 1, description: 'What it means and what it affects (templates work).' }),
    runbook: Type.Optional(
      Type.String({
        pattern: '^https?://\\S+$',
        description: 'URL of the runbook. Without one, a stub runbook `runbooks/<name>.md` is written next to REPORT.md and linked as `<runbookBaseUrl>/<name>.md`: fill it in.',
      }),
    ),
  },
  { additionalProperties: false, required: ['name', 'expr', 'severity', 'summary', 'description'], description: 'A custom alert rule of this service (rendered with a `service` label).' },
);
export type CustomAlert = Static<typeof CustomAlertSchema>;

export const ServiceAlertsSchema = Type.Object(
  {
    metrics: Type.Optional(ServiceMetricsSchema),
    errorRate: Type.Optional(
      Type.Object(
        {
          warning: Type.Optional(Percent('Warn above this percent of failed requests. Default: `stack.alerts.errorRateWarning`.')),
          critical: Type.Optional(Percent('Page above this percent of failed requests. Default: `stack.alerts.errorRateCritical`.')),
          window: Type.Optional(PromDuration('Rate window of the ratio. Default: `5m`.')),
          for: Type.Optional(PromDuration('How long the ratio must stay above the threshold. Default: `5m`.')),
        },
        { additionalProperties: false, description: '`HighErrorRate` of this service.' },
      ),
    ),
    latency: Type.Optional(
      Type.Object(
        {
          percentile: Type.Optional(
            Type.Unsafe<(typeof LATENCY_PERCENTILES)[number]>({
              type: 'integer',
              enum: [...LATENCY_PERCENTILES],
              description: 'Which percentile is watched: the alert is `HighLatencyP<percentile>`. Default: 99.',
            }),
          ),
          warning: Type.Optional(Latency('Warn above this latency. Default: `stack.alerts.latencyP99Warning`.')),
          critical: Type.Optional(Latency('Page above this latency. Default: `stack.alerts.latencyP99Critical`.')),
          window: Type.Optional(PromDuration('Rate window of the histogram. Default: `5m`.')),
          for: Type.Optional(PromDuration('How long the latency must stay above the threshold. Default: `5m`.')),
        },
        { additionalProperties: false, description: '`HighLatencyP99` (or the percentile chosen) of this service.' },
      ),
    ),
    down: Type.Optional(
      Type.Object(
        {
          for: Type.Optional(PromDuration('How long before the service counts as down. Default: `2m` (`ApplicationDown`), `5m` (`WorkloadUnavailable`, `ExternalServiceUnreachable`).')),
          severity: Type.Optional(StringEnum([...SEVERITIES], 'Severity of the down alert. Default: `critical` (`warning` for `ExternalServiceUnreachable`).')),
        },
        { additionalProperties: false, description: 'The down alert of this service (`ApplicationDown`, `WorkloadUnavailable` or `ExternalServiceUnreachable`, as its kind suits).' },
      ),
    ),
    disable: Type.Optional(
      MapOf(
        Type.String({ pattern: ALERT_NAME_PATTERN }),
        Type.String({ pattern: '\\S', description: 'Why this service does without the alert.' }),
        'Built-in alerts switched off for this service, each with the reason: `{ HighLatencyP99: "batch API, latency is not a symptom" }`.',
      ),
    ),
    rules: Type.Optional(Type.Array(CustomAlertSchema, { description: 'Custom alert rules of this service.' })),
  },
  { additionalProperties: false, description: 'This service\'s alerts: its metric names, thresholds and durations of the built-in alerts, alerts switched off, custom alerts.' },
);
export type ServiceAlerts = Static<typeof ServiceAlertsSchema>;
