/**
 * What people look at (RP-531, RP-538): the Grafana dashboards the stack renders as sidecar
 * ConfigMaps (`stack.monitoring.dashboards`), the Grafana address alerts link to
 * (`stack.monitoring.grafanaUrl`), and the uptime probes from outside the cluster
 * (`stack.monitoring.uptime`). Referenced from `StackMetaSchema.monitoring` in schema.ts;
 * self-contained (no import from schema.ts).
 */
import { Type, type Static } from '@sinclair/typebox';

/** Defaults, also applied in code (lib/operations/dashboards/settings.ts) for programmatic callers. */
export const DASHBOARD_DEFAULTS = {
  enabled: true,
  label: 'grafana_dashboard',
  labelValue: '1',
  folderAnnotation: 'grafana_folder',
} as const;

export const UPTIME_DEFAULTS = {
  enabled: true,
  proberUrl: 'prometheus-blackbox-exporter.monitoring.svc:9115',
  module: 'http_2xx',
  interval: '60s',
  certificateExpiryDays: 14,
} as const;

export const GRAFANA_URL_DEFAULT = 'http://localhost:3000';

export const GrafanaUrlSchema = Type.String({
  pattern: '^https?://[^\\s/]+(?::[0-9]+)?(?:/[^\\s]*)?$',
  default: GRAFANA_URL_DEFAULT,
  description:
    'Address of the Grafana that shows the dashboards: every alert gets a `dashboard` annotation `<grafanaUrl>/d/<uid>?viewPanel=<id>` ' +
    "opening the panel that shows it. The default is Grafana's own default `root_url`: set yours.",
  examples: ['https://grafana.example.com'],
});

export const DashboardsSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: DASHBOARD_DEFAULTS.enabled, description: 'Render the dashboards (System Health, SLO, one per worker queue) as ConfigMaps.' }),
    namespace: Type.Optional(
      Type.String({
        format: 'dns-label',
        description:
          "Namespace of the dashboard ConfigMaps. Default: the environment's namespace (the Grafana sidecar then needs `searchNamespace: ALL`, or list it); " +
          "set it to Grafana's namespace (e.g. `monitoring`) to have the sidecar's default find them.",
      }),
    ),
    label: Type.String({
      format: 'label-key',
      default: DASHBOARD_DEFAULTS.label,
      description: 'Label the Grafana sidecar finds dashboard ConfigMaps by (kube-prometheus-stack `grafana.sidecar.dashboards.label`).',
    }),
    labelValue: Type.String({
      format: 'label-value',
      default: DASHBOARD_DEFAULTS.labelValue,
      description: 'Value of that label (`grafana.sidecar.dashboards.labelValue`).',
    }),
    folderAnnotation: Type.String({
      format: 'annotation-key',
      default: DASHBOARD_DEFAULTS.folderAnnotation,
      description: 'Annotation naming the Grafana folder (`grafana.sidecar.dashboards.folderAnnotation`; needs `provider.foldersFromFilesStructure: true`).',
    }),
    folder: Type.Optional(Type.String({ minLength: 1, description: 'Grafana folder of the dashboards. Default: the stack name (`stack.name`).' })),
  },
  {
    additionalProperties: false,
    default: { ...DASHBOARD_DEFAULTS },
    description:
      'Grafana dashboards as code (built with @grafana/grafana-foundation-sdk): System Health, SLO (with `slo` services) and one per worker queue, ' +
      'each a ConfigMap `dashboard-<name>` for the Grafana dashboard sidecar; REPORT.md shows their layout.',
  },
);

export const UptimeSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: UPTIME_DEFAULTS.enabled, description: 'Probe every public host from outside (a Prometheus Operator `Probe` per public service).' }),
    proberUrl: Type.String({
      pattern: '^[^\\s/]+(?::[0-9]+)?$',
      default: UPTIME_DEFAULTS.proberUrl,
      description: 'Address (`host:port`) of the blackbox exporter that runs the probes (the prometheus-blackbox-exporter chart in `monitoring`).',
    }),
    module: Type.String({
      pattern: '^[A-Za-z0-9_-]+$',
      default: UPTIME_DEFAULTS.module,
      description: 'Blackbox exporter module: an HTTP GET that must answer 2xx over valid TLS (certificate verified).',
    }),
    interval: Type.String({ pattern: '^[0-9]+(s|m)$', default: UPTIME_DEFAULTS.interval, description: 'How often each host is probed.' }),
    certificateExpiryDays: Type.Integer({
      minimum: 1,
      default: UPTIME_DEFAULTS.certificateExpiryDays,
      description: 'Alert `EndpointCertificateExpiring` when a public certificate expires within this many days.',
    }),
  },
  {
    additionalProperties: false,
    default: { ...UPTIME_DEFAULTS },
    description:
      'Uptime from outside (RP-538): a `Probe` per public host and health path (status, TLS validity, certificate expiry), ' +
      'alerts `EndpointDown` (2 min) and `EndpointCertificateExpiring`, and a panel on System Health.',
  },
);

export type Dashboards = Static<typeof DashboardsSchema>;
export type Uptime = Static<typeof UptimeSchema>;
