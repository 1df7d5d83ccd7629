/**
 * Argo Rollouts releases that can work: the Services a Rollout names exist and select its pods,
 * the AnalysisTemplates it runs exist, and their Prometheus queries parse and read series the
 * stack actually has. (The pod checks see a Rollout's pod template like a Deployment's: see
 * pod-template.ts; an HPA may target a Rollout: hpa-target-exists resolves it like any workload.)
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { Check } from '../check';
import type { Inventory } from '../inventory';
import { namespaceOf } from '../objects';
import { promqlSemanticProblem } from '../promql';
import { unquoteString } from '../promql-string';
import type { KeyPath, Manifest } from '../types';
import { describeLabels, describeSelector, mapSelector, matches } from '../../shared/selector';
import { asArray, asRecord, asString, show } from '../../shared/values';

const group = 'rollouts';
const SERVICE_FIELDS = [
  ['canary', 'stableService'],
  ['canary', 'canaryService'],
  ['blueGreen', 'activeService'],
  ['blueGreen', 'previewService'],
] as const;

/**
 * Series every cluster with kube-prometheus-stack has without the stack exporting them: Prometheus' own
 * `up` and scrape metadata, kube-state-metrics (`kube_`), the kubelet's cAdvisor (`container_`) and
 * kubelet metrics, node-exporter (`node_`), the API server and Prometheus itself.
 */
const EXPORTER_METRICS = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_series_added', 'scrape_samples_post_metric_relabeling']);
const EXPORTER_PREFIXES = ['kube_', 'container_', 'kubelet_', 'node_', 'apiserver_', 'prometheus_'] as const;

interface AnalysisRef {
  readonly templateName: string;
  readonly clusterScope: boolean;
  readonly path: KeyPath;
}

/** Every `templates[]` entry of a Rollout: canary steps, background canary analysis, blue-green pre/post promotion. */
function analysisRefs(rollout: Manifest): AnalysisRef[] {
  const strategy = asRecord(asRecord(rollout.object.spec)?.strategy) ?? {};
  const canary = asRecord(strategy.canary);
  const blueGreen = asRecord(strategy.blueGreen);
  const blocks: [unknown, KeyPath][] = [];
  asArray(canary?.steps).forEach((step, index) => blocks.push([asRecord(step)?.analysis, ['spec', 'strategy', 'canary', 'steps', index, 'analysis']]));
  blocks.push([canary?.analysis, ['spec', 'strategy', 'canary', 'analysis']]);
  blocks.push([blueGreen?.prePromotionAnalysis, ['spec', 'strategy', 'blueGreen', 'prePromotionAnalysis']]);
  blocks.push([blueGreen?.postPromotionAnalysis, ['spec', 'strategy', 'blueGreen', 'postPromotionAnalysis']]);
  return blocks.flatMap(([block, path]) =>
    asArray(asRecord(block)?.templates).flatMap((value, index) => {
      const ref = asRecord(value);
      const templateName = asString(ref?.templateName);
      return templateName ? [{ templateName, clusterScope: ref?.clusterScope === true, path: [...path, 'templates', index, 'templateName'] }] : [];
    }),
  );
}

interface PrometheusQuery {
  readonly manifest: Manifest;
  readonly query: string;
  readonly path: KeyPath;
  readonly label: string;
}

/** The Prometheus queries of every AnalysisTemplate and ClusterAnalysisTemplate. */
function prometheusQueries(inventory: Inventory): PrometheusQuery[] {
  return ['AnalysisTemplate', 'ClusterAnalysisTemplate'].flatMap((kind) =>
    inventory.ofKind(kind).flatMap((manifest) => {
      const spec = asRecord(manifest.object.spec) ?? {};
      const args = new Map(asArray(spec.args).flatMap((a) => (asString(asRecord(a)?.name) ? [[asString(asRecord(a)!.name)!, asString(asRecord(a)!.value)]] as const : [])));
      return asArray(spec.metrics).flatMap((value, index) => {
        const metric = asRecord(value);
        const query = asString(asRecord(asRecord(metric?.provider)?.prometheus)?.query);
        if (query === undefined) return [];
        return [{ manifest, query: withArgs(query, args), path: ['spec', 'metrics', index, 'provider', 'prometheus', 'query'], label: `metric ${show(metric?.name)}` }];
      });
    }),
  );
}

/**
 * The query as Prometheus receives it: `{{args.name}}` replaced by the argument's default value, or
 * by a stand-in (`arg`) when the Rollout supplies it at run time (a label value, usually).
 */
function withArgs(query: string, args: ReadonlyMap<string, string | undefined>): string {
  return query.replace(/\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}/g, (_whole, name: string) => args.get(name) ?? 'arg');
}

/** The metric names a PromQL expression selects (`foo{…}` and `{__name__="foo"}`). */
export function selectedMetricNames(expr: string): { name: string; offset: number }[] {
  const names: { name: string; offset: number }[] = [];
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.name === 'VectorSelector') {
        const identifier = ref.node.getChild('Identifier');
        if (identifier) names.push({ name: expr.slice(identifier.from, identifier.to), offset: identifier.from });
      }
      if (ref.name === 'UnquotedLabelMatcher') {
        const label = ref.node.getChild('LabelName');
        const op = ref.node.getChild('MatchOp');
        const value = ref.node.getChild('StringLiteral');
        if (label && op && value && expr.slice(label.from, label.to) === '__name__' && expr.slice(op.from, op.to) === '=') {
          const text = unquoteString(expr.slice(value.from, value.to));
          if (typeof text === 'string') names.push({ name: text, offset: value.from });
        }
      }
      return undefined;
    },
  });
  return names;
}

/** What the stack's own PrometheusRules record, and every series their expressions read. */
function seriesTheRulesKnow(inventory: Inventory): { recorded: Set<string>; read: Set<string> } {
  const recorded = new Set<string>();
  const read = new Set<string>();
  for (const manifest of inventory.ofKind('PrometheusRule')) {
    for (const groupValue of asArray(asRecord(manifest.object.spec)?.groups)) {
      for (const ruleValue of asArray(asRecord(groupValue)?.rules)) {
        const rule = asRecord(ruleValue) ?? {};
        if (typeof rule.record === 'string') recorded.add(rule.record);
        if (typeof rule.expr === 'string') for (const { name } of selectedMetricNames(rule.expr)) read.add(name);
      }
    }
  }
  return { recorded, read };
}

function isExporterMetric(name: string): boolean {
  return EXPORTER_METRICS.has(name) || EXPORTER_PREFIXES.some((prefix) => name.startsWith(prefix));
}

function parseError(expr: string): string | undefined {
  let offset: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (offset !== undefined) return false;
      if (node.type.isError) offset = node.from;
      return undefined;
    },
  });
  if (offset !== undefined) return `does not parse near ${show(expr.slice(offset).split('\n')[0]!.slice(0, 30) || 'the end')}`;
  const semantic = promqlSemanticProblem(expr);
  return semantic && `is invalid: ${semantic.message}`;
}

export const rolloutChecks: readonly Check[] = [
  {
    id: 'rollout-services',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'The stableService, canaryService, activeService and previewService of a Rollout are Services in its namespace whose selector matches its pod template.',
    hint: 'create the Service (same namespace) with a selector matching the Rollout\'s pod labels, or fix the name in spec.strategy',
    rationale: 'Argo Rollouts refuses to start a release whose Services are missing (the Rollout stays Degraded), and a Service that selects none of the Rollout\'s pods sends its share of the traffic nowhere once the controller adds the pod-template hash.',
    run(inventory, report) {
      for (const rollout of inventory.ofKind('Rollout')) {
        const strategy = asRecord(asRecord(rollout.object.spec)?.strategy) ?? {};
        const pod = inventory.podTemplate(rollout);
        const namespace = namespaceOf(rollout.object);
        for (const [flavour, field] of SERVICE_FIELDS) {
          const name = asString(asRecord(strategy[flavour])?.[field]);
          if (name === undefined) continue;
          const path = ['spec', 'strategy', flavour, field];
          const service = inventory.find('Service', namespace, name);
          if (!service) {
            report(rollout, path, `${field} ${show(name)} is not a Service in namespace "${namespace}"`);
            continue;
          }
          const selector = mapSelector(asRecord(service.object.spec)?.selector);
          if (pod && (selector.matchesNothing || !matches(selector, pod.labels))) {
            report(rollout, path, `${field} ${show(name)} has selector ${describeSelector(selector)}, which does not match the Rollout's pod labels (${describeLabels(pod.labels)})`);
          }
        }
      }
    },
  },
  {
    id: 'rollout-analysis-template',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'Every analysis a Rollout runs names an AnalysisTemplate in its namespace (or a ClusterAnalysisTemplate, with clusterScope: true) in the checked set.',
    hint: 'add the AnalysisTemplate to the same namespace, or fix templateName',
    rationale: 'A release whose analysis template is missing cannot start its analysis: Argo Rollouts marks the Rollout Degraded mid-release, with part of the traffic on the new version.',
    run(inventory, report) {
      for (const rollout of inventory.ofKind('Rollout')) {
        const namespace = namespaceOf(rollout.object);
        for (const ref of analysisRefs(rollout)) {
          const found = ref.clusterScope ? inventory.find('ClusterAnalysisTemplate', undefined, ref.templateName) : inventory.find('AnalysisTemplate', namespace, ref.templateName);
          if (!found) {
            const where = ref.clusterScope ? 'ClusterAnalysisTemplate' : `AnalysisTemplate in namespace "${namespace}"`;
            report(rollout, ref.path, `templateName ${show(ref.templateName)} is not an ${where}`);
          }
        }
      }
    },
  },
  {
    id: 'analysis-promql',
    class: 'correctness',
    group,
    severity: 'error',
    description: 'Every Prometheus query of an AnalysisTemplate is valid PromQL (the same parser and semantic checks as promql-syntax; `{{args.x}}` replaced by the argument\'s value or a stand-in).',
    hint: 'fix the query (try it in the Prometheus UI with the arguments filled in)',
    rationale: 'A query Prometheus rejects makes every measurement an error: after consecutiveErrorLimit errors the analysis fails and the release is aborted, however healthy the new version is.',
    run(inventory, report) {
      for (const q of prometheusQueries(inventory)) {
        const error = parseError(q.query);
        if (error) report(q.manifest, q.path, `${q.label}: the query ${error}`);
      }
    },
  },
  {
    id: 'analysis-known-metrics',
    class: 'policy',
    group,
    severity: 'error',
    description:
      'Every metric an AnalysisTemplate\'s Prometheus query selects is one the checked set records (a recording rule), one its own PrometheusRules already read (the services\' instrumented metrics the alerts and SLOs use), or a well-known exporter series (up, kube-state-metrics kube_*, cAdvisor container_*, kubelet_*, node_*, apiserver_*, prometheus_*).',
    hint: 'query a metric the service exports and the stack\'s rules use (check the spelling and the _bucket/_count/_total suffix), or waive the check with the reason the series exists',
    rationale: 'A query on a series nobody exports returns no data: each measurement is inconclusive or an error, and the release pauses or aborts for a reason that has nothing to do with the new version.',
    run(inventory, report) {
      const queries = prometheusQueries(inventory);
      if (queries.length === 0) return;
      const { recorded, read } = seriesTheRulesKnow(inventory);
      for (const q of queries) {
        if (parseError(q.query)) continue; // reported by analysis-promql
        const unknown = [...new Set(selectedMetricNames(q.query).map((m) => m.name))].filter((name) => !recorded.has(name) && !read.has(name) && !isExporterMetric(name));
        if (unknown.length) {
          report(q.manifest, q.path, `${q.label}: ${unknown.map((n) => show(n)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} neither recorded nor read by any PrometheusRule in the checked set, nor a well-known exporter metric`);
        }
      }
    },
  },
];
