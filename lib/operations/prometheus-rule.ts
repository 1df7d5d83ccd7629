/**
 * A PrometheusRule: alerting and recording rule groups (lib/operations/rules.ts shapes)
 * as the Prometheus Operator's typed custom resource.
 */
import type { Construct } from 'constructs';
import {
  PrometheusRule,
  PrometheusRuleSpecGroupsRulesExpr,
  type PrometheusRuleSpecGroups,
} from '../../imports/prometheusrules-monitoring.coreos.com';
import { monitoringMetadata, type MonitoringObjectProps } from './monitoring-metadata';
import type { RuleGroup } from './rules';

export interface PrometheusRuleProps extends MonitoringObjectProps {
  readonly groups: readonly RuleGroup[];
}

export function prometheusRule(scope: Construct, id: string, props: PrometheusRuleProps): PrometheusRule {
  return new PrometheusRule(scope, id, {
    metadata: monitoringMetadata(props),
    spec: { groups: props.groups.map(typedGroup) },
  });
}

/** The generated class types `expr` as int-or-string; ours are always PromQL strings. */
function typedGroup(group: RuleGroup): PrometheusRuleSpecGroups {
  return { ...group, rules: group.rules.map((rule) => ({ ...rule, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr) })) };
}
