/**
 * The analysis of a release (`release.strategy: canary | blueGreen`): an Argo Rollouts
 * `AnalysisTemplate` `<service>-release` that asks Prometheus, every `interval`, for the new
 * pods' share of 5xx responses and their p99 latency, and compares them with the thresholds
 * (the SLO unless `release.analysis` overrides them). More than `failureLimit` failed
 * measurements abort the release: Argo Rollouts scales the new pods down and sends all traffic
 * back to the stable version.
 *
 * The new pods are told apart by their `rollouts-pod-template-hash` label: the ServiceMonitor
 * copies it onto every series (`podTargetLabels`, as `rollouts_pod_template_hash`), and the Rollout
 * passes the new version's hash as the argument `new-pods-hash`.
 *
 * No data (no request reached the new pods yet, or the ratio is NaN) is neither success nor
 * failure: the measurement is inconclusive and the Rollout pauses for a person to decide.
 */
import type { Construct } from 'constructs';
import { AnalysisTemplate, AnalysisTemplateSpecMetricsCount, AnalysisTemplateSpecMetricsFailureLimit } from '../../imports/analysistemplates-argoproj.io';
import type { LabelContext } from '../constructs/labels';
import { recommendedLabels } from '../constructs/labels';
import { NEW_PODS_ARG, POD_TEMPLATE_HASH_LABEL } from '../constructs/rollout';
import type { ProgressiveRelease } from '../model/release';
import type { Stack } from '../model/schema';
import { latencySeconds, num, selector, type ResolvedAlerts } from './rules';

/** The label the ServiceMonitor's `podTargetLabels` turns `rollouts-pod-template-hash` into. */
export const POD_TEMPLATE_HASH_SERIES_LABEL = POD_TEMPLATE_HASH_LABEL.replace(/-/g, '_');

/** Where the analysis finds Prometheus: `stack.monitoring.prometheusUrl`, else the Prometheus Operator's `prometheus-operated` Service. */
export function prometheusUrl(stack: Pick<Stack, 'stack'>): string {
  const monitoring = stack.stack.monitoring;
  return monitoring?.prometheusUrl ?? `http://prometheus-operated.${monitoring?.namespace ?? 'monitoring'}.svc:9090`;
}

export interface ReleaseQuery {
  /** `error-ratio` or `latency-p99`. */
  readonly name: string;
  readonly query: string;
  /** The value the result must not exceed. */
  readonly threshold: number;
  readonly successCondition: string;
  readonly failureCondition: string;
}

/** The PromQL of the analysis, with `{{args.new-pods-hash}}` where Argo Rollouts puts the new pods' hash. */
export function releaseQueries(input: { namespace: string; service: string; release: ProgressiveRelease; alerts: ResolvedAlerts }): ReleaseQuery[] {
  const { namespace, service, release, alerts } = input;
  const m = alerts.metrics;
  const w = release.analysis.window;
  const base = [['namespace', '=', namespace], ['job', '=', service], [POD_TEMPLATE_HASH_SERIES_LABEL, '=', `{{args.${NEW_PODS_ARG}}}`]] as const;
  const conditions = (threshold: number) => ({
    threshold,
    successCondition: `len(result) > 0 && result[0] <= ${num(threshold)}`,
    failureCondition: `len(result) > 0 && result[0] > ${num(threshold)}`,
  });
  return [
    {
      name: 'error-ratio',
      query:
        `(sum(rate(${m.requests}${selector([...base, [m.statusLabel, '=~', '5..']])}[${w}])) or vector(0))\n` +
        `/\nsum(rate(${m.requests}${selector(base)}[${w}]))`,
      ...conditions(release.analysis.maxErrorRatio),
    },
    {
      name: 'latency-p99',
      query: `histogram_quantile(0.99, sum by (le) (rate(${m.duration}_bucket${selector(base)}[${w}])))`,
      ...conditions(latencySeconds(release.analysis.maxLatencyP99)),
    },
  ];
}

export interface ReleaseAnalysisProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: LabelContext;
  readonly release: ProgressiveRelease;
  readonly alerts: ResolvedAlerts;
  readonly prometheusUrl: string;
}

export function releaseAnalysis(scope: Construct, id: string, props: ReleaseAnalysisProps): AnalysisTemplate {
  const { release } = props;
  return new AnalysisTemplate(scope, id, {
    metadata: {
      name: release.analysisTemplate,
      namespace: props.namespace,
      labels: recommendedLabels(props.labels, props.name, { component: 'release' }),
    },
    spec: {
      args: [{ name: NEW_PODS_ARG }],
      metrics: releaseQueries({ namespace: props.namespace, service: props.name, release, alerts: props.alerts }).map((q) => ({
        name: q.name,
        interval: release.analysis.interval,
        count: AnalysisTemplateSpecMetricsCount.fromNumber(release.analysis.count),
        failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(release.analysis.failureLimit),
        successCondition: q.successCondition,
        failureCondition: q.failureCondition,
        provider: { prometheus: { address: props.prometheusUrl, query: q.query } },
      })),
    },
  });
}
