/**
 * Dashboards as code: per environment a System Health dashboard, an SLO dashboard (when a
 * service has `slo`) and one dashboard per worker queue, built with Grafana's typed builders
 * (@grafana/grafana-foundation-sdk) and rendered as ConfigMaps `dashboard-<name>` for the
 * Grafana dashboard sidecar (kube-prometheus-stack: label `grafana_dashboard: "1"`, folder
 * annotation `grafana_folder: <stack>`), one per dashboard, with deterministic JSON.
 *
 * Alerts link to the panel that shows them: `dashboardLinks` gives each alert rule a
 * `dashboard` annotation `<grafanaUrl>/d/<uid>?viewPanel=<id>` (plus the namespace and,
 * for per-service alerts, the service variable).
 */
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { recommendedLabels, type LabelContext } from '../../constructs/labels';
import type { Rule, RuleGroup } from '../rules';
import type { DashboardInput } from './input';
import { buildDashboard, stableJson, type BuiltDashboard } from './plan';
import { queuePlans } from './queues';
import { burnPanelKey, sloPlan } from './slo';
import { SYSTEM_HEALTH, systemHealthPlan } from './system-health';
import { ALERT_PANELS, SERVICE_LABEL } from './alert-panels';
import type { DashboardSettings } from './settings';

export type { DashboardInput } from './input';
export { ALERT_PANELS, alertDashboardText } from './alert-panels';
export { dashboardSettings, uptimeSettings, type DashboardSettings, type UptimeSettings } from './settings';

/** The component label of the dashboard ConfigMaps (REPORT.md finds them by it). */
export const DASHBOARD_COMPONENT = 'dashboard';

/** Every dashboard of an environment, in the order REPORT.md lists them. */
export function buildDashboards(input: DashboardInput): BuiltDashboard[] {
  return [systemHealthPlan(input), sloPlan(input), ...queuePlans(input)].flatMap((plan) => (plan ? [buildDashboard(plan)] : []));
}

/**
 * The rule groups with a `dashboard` annotation on every alert a panel shows. SLO alerts
 * (groups `<service>-slo-<sli>`) link to their SLO's burn-rate panel.
 */
export function dashboardLinks(groups: readonly RuleGroup[], dashboards: readonly BuiltDashboard[], settings: DashboardSettings, namespace: string): RuleGroup[] {
  const byName = new Map(dashboards.map((d) => [d.plan.name, d]));
  const url = (dashboard: BuiltDashboard, id: number, service?: string) =>
    `${settings.grafanaUrl}/d/${dashboard.plan.uid}?viewPanel=${id}&var-namespace=${namespace}${service ? `&var-service=${service}` : ''}`;
  return groups.map((group) => {
    const slo = /^(.+)-slo-(availability|latency)$/.exec(group.name);
    const link = (rule: Rule): string | undefined => {
      if (!rule.alert) return undefined;
      if (slo) {
        const d = byName.get('slo');
        const id = d?.panelIds.get(burnPanelKey(slo[1]!, slo[2]!));
        return d && id !== undefined ? url(d, id) : undefined;
      }
      const d = byName.get(SYSTEM_HEALTH);
      const key = ALERT_PANELS[rule.alert];
      const id = key === undefined ? undefined : d?.panelIds.get(key);
      const label = SERVICE_LABEL[rule.alert];
      return d && id !== undefined ? url(d, id, label ? `{{ $labels.${label} }}` : undefined) : undefined;
    };
    return {
      ...group,
      rules: group.rules.map((rule) => {
        const dashboard = link(rule);
        return dashboard ? { ...rule, annotations: { ...rule.annotations, dashboard } } : rule;
      }),
    };
  });
}

export interface DashboardConfigMapsProps {
  readonly dashboards: readonly BuiltDashboard[];
  readonly settings: DashboardSettings;
  readonly labels: LabelContext;
  /** The environment's namespace (part of each file name, so two environments never collide in one Grafana). */
  readonly environmentNamespace: string;
}

/** One ConfigMap per dashboard, for the Grafana sidecar. */
export class DashboardConfigMaps extends Construct {
  constructor(scope: Construct, id: string, props: DashboardConfigMapsProps) {
    super(scope, id);
    const { settings } = props;
    for (const dashboard of props.dashboards) {
      const name = `dashboard-${dashboard.plan.name}`;
      new k8s.KubeConfigMap(this, name, {
        metadata: {
          name,
          namespace: settings.namespace,
          labels: { ...recommendedLabels(props.labels, name, { component: DASHBOARD_COMPONENT }), [settings.label]: settings.labelValue },
          annotations: { [settings.folderAnnotation]: settings.folder },
        },
        data: { [`${props.environmentNamespace}-${dashboard.plan.name}.json`]: stableJson(dashboard.model) },
      });
    }
  }
}
