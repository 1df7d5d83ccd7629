/**
 * `application`: a scraped service is down; an HTTP service fails requests (5xx) or answers
 * slowly (p99), each at a warning and a critical threshold.
 */
import { anyOf, latencySeconds, num, selector, type Rule, type RuleGroup } from '../rules';
import { alert, type AlertContext } from './context';

export function applicationGroup(ctx: AlertContext): RuleGroup | undefined {
  if (!ctx.scraped.length) return undefined;
  const rules = [applicationDown(ctx), ...(ctx.http.length ? [...highErrorRate(ctx), ...highLatency(ctx)] : [])];
  return { name: 'application', rules };
}

/** No instance up, or no target at all (`absent`), per scraped service. */
function applicationDown({ alerts, ns, scraped }: AlertContext): Rule {
  const up = (job: string) => `up${selector([ns, ['job', '=', job]])}`;
  return alert(
    alerts,
    'ApplicationDown',
    'critical',
    [
      `sum by (namespace, job) (up${selector([ns, ['job', '=~', anyOf(scraped)]])}) == 0`,
      ...scraped.map((job) => `absent(${up(job)})`),
    ].join('\nor\n'),
    '2m',
    'No instance of {{ $labels.job }} in {{ $labels.namespace }} is up',
    'Prometheus has not scraped any instance of {{ $labels.job }} for 2 minutes: the service is likely down for users.',
  );
}

function highErrorRate({ alerts, ns, http }: AlertContext): Rule[] {
  const m = alerts.metrics;
  const jobs = ['job', '=~', anyOf(http)] as const;
  const errorRatio =
    `sum by (namespace, job) (rate(${m.requests}${selector([ns, jobs, [m.statusLabel, '=~', '5..']])}[5m]))\n` +
    `/\nsum by (namespace, job) (rate(${m.requests}${selector([ns, jobs])}[5m]))`;
  const levels = [['warning', alerts.errorRateWarning], ['critical', alerts.errorRateCritical]] as const;
  return levels.map(([severity, percent]) =>
    alert(
      alerts,
      'HighErrorRate',
      severity,
      `(\n${errorRatio}\n) > ${num(percent / 100)}`,
      '5m',
      `{{ $labels.job }} answers more than ${num(percent)} % of requests with a 5xx`,
      `{{ $value | humanizePercentage }} of the requests to {{ $labels.job }} in {{ $labels.namespace }} failed with a 5xx over 5 minutes (threshold ${num(percent)} %).`,
    ),
  );
}

function highLatency({ alerts, ns, http }: AlertContext): Rule[] {
  const jobs = ['job', '=~', anyOf(http)] as const;
  const p99 = `histogram_quantile(0.99, sum by (namespace, job, le) (rate(${alerts.metrics.duration}_bucket${selector([ns, jobs])}[5m])))`;
  const levels = [['warning', alerts.latencyP99Warning], ['critical', alerts.latencyP99Critical]] as const;
  return levels.map(([severity, latency]) =>
    alert(
      alerts,
      'HighLatencyP99',
      severity,
      `${p99} > ${num(latencySeconds(latency))}`,
      '5m',
      `p99 latency of {{ $labels.job }} is above ${latency}`,
      `The 99th percentile request latency of {{ $labels.job }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} over 5 minutes (threshold ${latency}).`,
    ),
  );
}
