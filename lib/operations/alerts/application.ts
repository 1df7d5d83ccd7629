/**
 * `application`: each service's own alerts, as `services.<name>.alerts` tailored them (thresholds,
 * percentile, windows, `for`, severity, metric names; alerts switched off are left out). Every rule
 * carries a `service` label, which Alertmanager groups and inhibits by.
 *
 *  - down, as the service's kind suits: `ApplicationDown` (a scraped service: no instance `up`, or
 *    no target), `WorkloadUnavailable` (a Deployment nobody scrapes, e.g. a worker: kube-state-metrics
 *    counts no available replica), `ExternalDatabaseUnreachable` (a managed database outside the
 *    cluster has no scrape target: its scraped clients count failed connections);
 *  - an HTTP service fails requests (`HighErrorRate`) or answers slowly (`HighLatencyP<percentile>`),
 *    each at a warning and a critical threshold, on its own metric names.
 */
import { anyOf, latencySeconds, num, selector, spokenDuration, type Rule, type RuleGroup } from '../rules';
import { alert, type AlertContext } from './context';
import { scrapedClients, serviceAlertSettings, type ServiceAlertSettings } from './service-alerts';

export function applicationGroup(ctx: AlertContext): RuleGroup | undefined {
  const services = ctx.names.map((name) => ({ name, settings: serviceAlertSettings(ctx.alerts, name, ctx.input.services) }));
  const on = (s: ServiceAlertSettings, alertName: string) => !(alertName in s.disabled);
  const rules = [
    ...services.flatMap(({ name, settings }) => (settings.down && on(settings, settings.down.alert) ? [down(ctx, name, settings)] : [])),
    ...services.filter(({ name, settings }) => ctx.http.includes(name) && on(settings, 'HighErrorRate')).flatMap(({ name, settings }) => highErrorRate(ctx, name, settings)),
    ...services.filter(({ name, settings }) => ctx.http.includes(name) && on(settings, settings.latency.alert)).flatMap(({ name, settings }) => highLatency(ctx, name, settings)),
  ];
  return rules.length ? { name: 'application', rules } : undefined;
}

function down(ctx: AlertContext, name: string, settings: ServiceAlertSettings): Rule {
  const { alert: kind, for: forDuration, severity } = settings.down!;
  const { alerts, ns } = ctx;
  const labels = { service: name };
  if (kind === 'ApplicationDown') {
    return alert(
      alerts,
      kind,
      severity,
      [`sum by (namespace, job) (up${selector([ns, ['job', '=~', anyOf([name])]])}) == 0`, `absent(up${selector([ns, ['job', '=', name]])})`].join('\nor\n'),
      forDuration,
      'No instance of {{ $labels.job }} in {{ $labels.namespace }} is up',
      `Prometheus has not scraped any instance of {{ $labels.job }} for ${spokenDuration(forDuration)}: the service is likely down for users.`,
      labels,
    );
  }
  if (kind === 'WorkloadUnavailable') {
    const deployment = selector([ns, ['deployment', '=', name]]);
    return alert(
      alerts,
      kind,
      severity,
      `kube_deployment_status_replicas_available${deployment} == 0\nand\nkube_deployment_spec_replicas${deployment} > 0`,
      forDuration,
      `No replica of ${name} in {{ $labels.namespace }} is available`,
      `Deployment ${name} in {{ $labels.namespace }} wants replicas but has had none available for ${spokenDuration(forDuration)} (kube-state-metrics): its work is not being done.`,
      labels,
    );
  }
  const clients = scrapedClients(name, ctx.input.services);
  return alert(
    alerts,
    kind,
    severity,
    `sum by (namespace) (increase(${alerts.metrics.databaseConnectionErrors}${selector([ns, ['job', '=~', anyOf(clients)]])}[5m])) > 0`,
    forDuration,
    `Clients of ${name} in {{ $labels.namespace }} cannot connect to it`,
    `${clients.join(', ')} counted {{ $value }} failed connections to their database in 5 minutes: ${name}, a managed database outside the cluster, is unreachable or refuses them.`,
    labels,
  );
}

function highErrorRate({ alerts, ns }: AlertContext, name: string, settings: ServiceAlertSettings): Rule[] {
  const m = settings.metrics;
  const { window, for: forDuration } = settings.errorRate;
  const jobs = ['job', '=~', anyOf([name])] as const;
  const errorRatio =
    `sum by (namespace, job) (rate(${m.requests}${selector([ns, jobs, [m.statusLabel, '=~', m.errorValues]])}[${window}]))\n` +
    `/\nsum by (namespace, job) (rate(${m.requests}${selector([ns, jobs])}[${window}]))`;
  const what = m.errorValues === '5..' ? 'with a 5xx' : `with ${m.statusLabel} ${m.errorValues}`;
  const levels = [['warning', settings.errorRate.warning], ['critical', settings.errorRate.critical]] as const;
  return levels.map(([severity, percent]) =>
    alert(
      alerts,
      'HighErrorRate',
      severity,
      `(\n${errorRatio}\n) > ${num(percent / 100)}`,
      forDuration,
      `{{ $labels.job }} answers more than ${num(percent)} % of requests ${what}`,
      `{{ $value | humanizePercentage }} of the requests to {{ $labels.job }} in {{ $labels.namespace }} failed ${what} over ${spokenDuration(window)} (threshold ${num(percent)} %).`,
      { service: name },
    ),
  );
}

function highLatency({ alerts, ns }: AlertContext, name: string, settings: ServiceAlertSettings): Rule[] {
  const { percentile, window, for: forDuration } = settings.latency;
  const jobs = ['job', '=~', anyOf([name])] as const;
  const quantile = `histogram_quantile(${num(percentile / 100)}, sum by (namespace, job, le) (rate(${settings.metrics.duration}_bucket${selector([ns, jobs])}[${window}])))`;
  const levels = [['warning', settings.latency.warning], ['critical', settings.latency.critical]] as const;
  const ordinal = `${percentile}th`;
  return levels.map(([severity, latency]) =>
    alert(
      alerts,
      settings.latency.alert,
      severity,
      `${quantile} > ${num(latencySeconds(latency))}`,
      forDuration,
      `p${percentile} latency of {{ $labels.job }} is above ${latency}`,
      `The ${ordinal} percentile request latency of {{ $labels.job }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} over ${spokenDuration(window)} (threshold ${latency}).`,
      { service: name },
    ),
  );
}
