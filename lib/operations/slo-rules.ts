/**
 * Service level objectives as rules (SRE workbook, chapter 5): per service and SLO, recording
 * rules for the error ratio over 5m … 3d and four multi-window multi-burn-rate alerts.
 *
 *   alert               long / short window   burn rate   severity
 *   ErrorBudgetBurn1h   1h / 5m               14.4×       critical (page)
 *   ErrorBudgetBurn6h   6h / 30m              6×          critical (page)
 *   ErrorBudgetBurn1d   1d / 2h               3×          warning (ticket)
 *   ErrorBudgetBurn3d   3d / 6h               1×          warning (ticket)
 *
 * The availability SLI is the share of 5xx responses; the latency SLI the share of requests
 * slower than `latencyP99` (a bucket bound of the duration histogram).
 */
import type { Slo } from '../model/operations-schema';
import { latencySeconds, leRegex, num, runbookUrl, selector, serviceMetricNames, type ResolvedAlerts, type Rule, type RuleGroup, type ServiceMetricNames } from './rules';

export const SLO_RECORD = 'slo:sli_error:ratio_rate';
export const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export const BURN_RATES = [
  { alert: 'ErrorBudgetBurn1h', long: '1h', short: '5m', factor: 14.4, for: '2m', severity: 'critical' },
  { alert: 'ErrorBudgetBurn6h', long: '6h', short: '30m', factor: 6, for: '15m', severity: 'critical' },
  { alert: 'ErrorBudgetBurn1d', long: '1d', short: '2h', factor: 3, for: '1h', severity: 'warning' },
  { alert: 'ErrorBudgetBurn3d', long: '3d', short: '6h', factor: 1, for: '3h', severity: 'warning' },
] as const;

export interface SloRulesInput {
  readonly namespace: string;
  readonly service: string;
  readonly slo: Required<Slo>;
  readonly alerts: ResolvedAlerts;
  /** The service's metric names. @default - the stack's (`serviceMetricNames(alerts)`) */
  readonly metrics?: ServiceMetricNames;
}

export function sloRuleGroups(input: SloRulesInput): RuleGroup[] {
  const { namespace, service, slo, alerts } = input;
  const m = input.metrics ?? serviceMetricNames(alerts);
  const failed = m.errorValues === '5..' ? 'a 5xx' : `${m.statusLabel} ${m.errorValues}`;
  const base = [['namespace', '=', namespace], ['job', '=', service]] as const;
  const latency = latencySeconds(slo.latencyP99);
  const slis = [
    {
      slo: 'availability',
      objective: slo.availability,
      what: `${num(slo.availability)} % of requests without ${failed}`,
      ratio: (w: string) =>
        `sum by (namespace, job) (rate(${m.requests}${selector([...base, [m.statusLabel, '=~', m.errorValues]])}[${w}]))\n` +
        `/\nsum by (namespace, job) (rate(${m.requests}${selector(base)}[${w}]))`,
    },
    {
      slo: 'latency',
      objective: 99,
      what: `99 % of requests faster than ${slo.latencyP99}`,
      ratio: (w: string) =>
        `1 - (\nsum by (namespace, job) (rate(${m.duration}_bucket${selector([...base, ['le', '=~', leRegex(latency)]])}[${w}]))\n` +
        `/\nsum by (namespace, job) (rate(${m.duration}_count${selector(base)}[${w}]))\n)`,
    },
  ];

  // If `latencyP99` is not a bucket bound of the histogram, the latency SLI is empty and its
  // burn-rate alerts can never fire: say so instead of staying silent.
  const bucketMissing: Rule = {
    alert: 'SLOLatencyBucketMissing',
    expr:
      `sum by (namespace, job) (rate(${m.duration}_count${selector(base)}[30m])) > 0\n` +
      `unless\nsum by (namespace, job) (rate(${m.duration}_bucket${selector([...base, ['le', '=~', leRegex(latency)]])}[30m]))`,
    for: '30m',
    labels: { severity: 'warning', slo: 'latency', service },
    annotations: {
      summary: `{{ $labels.job }} has no ${slo.latencyP99} histogram bucket: its latency SLO cannot be measured`,
      description:
        `{{ $labels.job }} in {{ $labels.namespace }} serves requests, but ${m.duration}_bucket has no le="${num(latency)}" series: ` +
        'the latency SLO and its burn-rate alerts are blind. Add the bucket to the histogram or set `slo.latencyP99` to one of its bounds.',
      runbook_url: runbookUrl(alerts, 'SLOLatencyBucketMissing'),
    },
  };

  return slis.map((sli) => {
    const budget = Number((1 - sli.objective / 100).toPrecision(12));
    const labels = { slo: sli.slo };
    const records: Rule[] = WINDOWS.map((w) => ({ record: `${SLO_RECORD}${w}`, expr: sli.ratio(w), labels }));
    const series = (w: string) => `${SLO_RECORD}${w}${selector([...base, ['slo', '=', sli.slo]])}`;
    const burns: Rule[] = BURN_RATES.map((b) => {
      const threshold = num(b.factor * budget);
      return {
        alert: b.alert,
        expr: `${series(b.long)} > ${threshold}\nand\n${series(b.short)} > ${threshold}`,
        for: b.for,
        labels: { severity: b.severity, slo: sli.slo, long_window: b.long, short_window: b.short, service },
        annotations: {
          summary: `{{ $labels.job }} burns its ${sli.slo} error budget at ${num(b.factor)}× over ${b.long} and ${b.short}`,
          description:
            `{{ $labels.job }} in {{ $labels.namespace }} misses its SLO (${sli.what}) at more than ${num(b.factor)}× the ` +
            `sustainable rate: the error ratio over ${b.long} and ${b.short} is above ${threshold} ` +
            `(now {{ $value | humanizePercentage }} over ${b.long}).`,
          runbook_url: runbookUrl(alerts, b.alert),
        },
      };
    });
    return { name: `${service}-slo-${sli.slo}`, rules: [...records, ...burns, ...(sli.slo === 'latency' ? [bucketMissing] : [])] };
  });
}
