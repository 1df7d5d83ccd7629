/**
 * A service's own alerts (`services.<name>.alerts`): thresholds in the right order, custom rules
 * that parse as PromQL (the gate's parser, lib/check/promql.ts) under names no other alert has,
 * alerts switched off that the service has, and tailoring only of alerts the service gets.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { promqlSemanticProblem } from '../../check/promql';
import type { Service, Stack } from '../../model/schema';
import { builtInAlertsOf, downKind, isScraped } from '../../operations/alerts/service-alerts';
import { RUNBOOKS } from '../../operations/runbooks';
import { latencySeconds, resolveAlerts, serviceMetricNames } from '../../operations/rules';
import { suggest } from '../validate';
import type { SchemaProblem, ServiceContext, StackContext } from './rule';

function enabled(stack: Stack): Record<string, Service> {
  return Object.fromEntries(Object.entries(stack.services).filter(([, s]) => s.enabled !== false));
}

/** Every alert name the stack renders on its own (those with a runbook in docs/runbooks/). */
export const BUILT_IN_ALERTS: readonly string[] = RUNBOOKS.map((r) => r.alert);

/** A warning fires before the page: its threshold is below the critical one (after the stack's defaults). */
export function serviceAlertThresholds({ stack, service, at }: ServiceContext): SchemaProblem[] {
  const own = service.alerts;
  if (!own) return [];
  const alerts = resolveAlerts(stack.stack.alerts);
  const problems: SchemaProblem[] = [];
  const check = (key: 'errorRate' | 'latency', warning: number, critical: number, shown: [string, string]) => {
    if (warning < critical) return;
    const where = own[key]?.warning !== undefined ? 'warning' : 'critical';
    problems.push({
      path: at('alerts', key, where),
      message: `the warning threshold (${shown[0]}) must be below the critical one (${shown[1]}): lower \`warning\` or raise \`critical\` (a warning should come before the page)`,
    });
  };
  if (own.errorRate) {
    const w = own.errorRate.warning ?? alerts.errorRateWarning;
    const c = own.errorRate.critical ?? alerts.errorRateCritical;
    check('errorRate', w, c, [`${w} %`, `${c} %`]);
  }
  if (own.latency) {
    const w = own.latency.warning ?? alerts.latencyP99Warning;
    const c = own.latency.critical ?? alerts.latencyP99Critical;
    check('latency', latencySeconds(w), latencySeconds(c), [w, c]);
  }
  return problems;
}

/** Tailor only the alerts the service gets; switch off only alerts it has. */
export function serviceAlertTargets({ stack, name, service, traits, at }: ServiceContext): SchemaProblem[] {
  const own = service.alerts;
  if (!own) return [];
  const services = enabled(stack);
  const builtIn = builtInAlertsOf(resolveAlerts(stack.stack.alerts), name, services);
  const problems: SchemaProblem[] = [];
  const requestAlerts = isScraped(service) && traits.http;
  for (const key of ['errorRate', 'latency'] as const) {
    if (own[key] && !requestAlerts) {
      problems.push({ path: at('alerts', key), message: `only a \`web\` service with \`metrics\` has request alerts; \`${name}\` has none to tailor: remove \`alerts.${key}\`` });
    }
  }
  if (own.down && !downKind(name, services)) {
    problems.push({
      path: at('alerts', 'down'),
      message: `\`${name}\` gets no down alert (it is neither scraped, nor a long-running Deployment, nor an external database with scraped clients): remove \`alerts.down\``,
    });
  }
  for (const alert of Object.keys(own.disable ?? {}).sort()) {
    if (builtIn.includes(alert)) continue;
    const hint = suggest(alert, builtIn);
    problems.push({
      path: at('alerts', 'disable', alert),
      message: `\`${name}\` has no built-in alert \`${alert}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}: it has ${builtIn.length ? builtIn.map((a) => `\`${a}\``).join(', ') : 'none'}`,
    });
  }
  return problems;
}

/** The first syntax or semantic error of a PromQL expression, as a sentence; undefined when it is valid. */
export function promqlProblem(expr: string): string | undefined {
  let offset: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (offset !== undefined) return false;
      if (node.type.isError) offset = node.from;
      return undefined;
    },
  });
  const where = (at: number) => {
    const before = expr.slice(0, at);
    const line = before.split('\n').length;
    const near = expr.slice(at).split('\n')[0]!.trim();
    return `line ${line}, column ${at - before.lastIndexOf('\n')}${near ? ` near ${JSON.stringify(near.length > 30 ? `${near.slice(0, 30)}...` : near)}` : ' at the end'}`;
  };
  if (offset !== undefined) return `is not valid PromQL: syntax error at ${where(offset)}`;
  const semantic = promqlSemanticProblem(expr);
  return semantic ? `is not valid PromQL: ${semantic.message} (${where(semantic.offset)})` : undefined;
}

/** Custom alert rules parse as PromQL. */
export function customAlertExpressions({ service, at }: ServiceContext): SchemaProblem[] {
  return (service.alerts?.rules ?? []).flatMap((rule, i) => {
    const problem = promqlProblem(rule.expr);
    return problem
      ? [{ path: at('alerts', 'rules', i, 'expr'), message: `the expression of \`${rule.name}\` ${problem}: fix it (try it in the Prometheus UI or with \`promtool check rules\`)` }]
      : [];
  });
}

/** Custom alert names are unique in the stack and no built-in alert's. */
export function customAlertNames({ stack }: StackContext): SchemaProblem[] {
  const seen = new Map<string, string>();
  const problems: SchemaProblem[] = [];
  for (const name of Object.keys(stack.services).sort()) {
    const service = stack.services[name];
    if (service.enabled === false) continue;
    (service.alerts?.rules ?? []).forEach((rule, i) => {
      const path = ['services', name, 'alerts', 'rules', i, 'name'];
      const builtIn = BUILT_IN_ALERTS.includes(rule.name) || /^HighLatencyP[0-9]+$/.test(rule.name);
      if (builtIn) {
        problems.push({
          path,
          message: `\`${rule.name}\` is a built-in alert: name the custom alert differently (e.g. \`${name[0]!.toUpperCase()}${name.slice(1).replace(/-./g, (m) => m[1]!.toUpperCase())}${rule.name}\`), or tailor the built-in one under \`alerts.errorRate\`, \`alerts.latency\` or \`alerts.down\``,
        });
      } else if (seen.has(rule.name)) {
        problems.push({ path, message: `a custom alert \`${rule.name}\` is already defined (in \`services.${seen.get(rule.name)}.alerts.rules\`): alert names are unique in the stack, rename one` });
      } else {
        seen.set(rule.name, name);
      }
    });
  }
  return problems;
}

/** Metric name prefixes every stack has: kube-state-metrics, cAdvisor, the kubelet, node exporter, Prometheus itself. */
const PLATFORM_METRICS = /^(kube_|container_|kubelet_|node_|apiserver_|prometheus_|alertmanager_|ALERTS$|ALERTS_FOR_STATE$|up$|scrape_|probe_|cnpg_|pg_|redis_|qdrant_)/;

/** Warning: a custom alert reads a metric nobody in the stack is known to export (it would never fire). */
export function customAlertMetrics({ stack, name, service, at }: ServiceContext): SchemaProblem[] {
  const rules = service.alerts?.rules ?? [];
  if (!rules.length) return [];
  const alerts = resolveAlerts(stack.stack.alerts);
  const known = new Set<string>([alerts.metrics.databaseUp, alerts.metrics.databaseConnectionErrors]);
  for (const s of Object.values(enabled(stack))) {
    const m = serviceMetricNames(alerts, s);
    for (const metric of [m.requests, m.duration, `${m.duration}_bucket`, `${m.duration}_count`, `${m.duration}_sum`, ...m.extra]) known.add(metric);
  }
  return rules.flatMap((rule, i) => {
    if (promqlProblem(rule.expr)) return [];
    const unknown = new Set<string>();
    parser.parse(rule.expr).iterate({
      enter: (node) => {
        if (node.name !== 'VectorSelector') return undefined;
        const first = node.node.firstChild;
        if (first?.name === 'Identifier') {
          const metric = rule.expr.slice(first.from, first.to);
          if (!known.has(metric) && !metric.includes(':') && !PLATFORM_METRICS.test(metric)) unknown.add(metric);
        }
        return false;
      },
    });
    return [...unknown].sort().map((metric) => ({
      path: at('alerts', 'rules', i, 'expr'),
      message: `\`${rule.name}\` reads \`${metric}\`, which \`${name}\` is not known to export (its request and duration metrics, \`alerts.metrics.extra\`, kube-state-metrics, cAdvisor): if it does, list it in \`alerts.metrics.extra\`; otherwise the alert never fires`,
    }));
  });
}
