/**
 * A dashboard as data (rows of panels with their PromQL), turned into Grafana's dashboard
 * model by @grafana/grafana-foundation-sdk's typed builders. The builders lay panels out on
 * Grafana's 24-column grid (left to right, a new line when a row is full); panel ids are
 * given in order, so a panel keeps its id (and every link to it) while the panels before it
 * stay the same.
 */
import { createHash } from 'node:crypto';
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  CustomVariableBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

export interface QueryPlan {
  readonly expr: string;
  /** Series name in the legend, e.g. `{{job}}`. */
  readonly legend: string;
}

export interface PanelPlan {
  /** Stable key alerts link by (`requestRate`, `slo-api-availability-burn`). */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly kind: 'timeseries' | 'stat';
  readonly queries: readonly QueryPlan[];
  /** Grafana unit id (`reqps`, `percentunit`, `s`, `bytes`, `short`, `dtdurations`). */
  readonly unit: string;
  /** Width in grid columns (of 24). */
  readonly width: number;
  /** Height in grid rows. */
  readonly height: number;
  /** A red threshold drawn on the panel. */
  readonly threshold?: number;
}

export interface RowPlan {
  readonly title: string;
  readonly panels: readonly PanelPlan[];
}

export interface VariablePlan {
  readonly name: string;
  readonly label: string;
  readonly values: readonly string[];
  readonly multi: boolean;
}

export interface DashboardPlan {
  /** File and ConfigMap name part: `system-health`, `slo`, `queue-worker-default`. */
  readonly name: string;
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly variables: readonly VariablePlan[];
  readonly rows: readonly RowPlan[];
  /** Default time range, e.g. `now-6h`. */
  readonly from: string;
}

export interface BuiltDashboard {
  readonly plan: DashboardPlan;
  /** The dashboard model the SDK built (plain JSON). */
  readonly model: Dashboard;
  /** Panel key → panel id. */
  readonly panelIds: ReadonlyMap<string, number>;
}

/** The Prometheus data source every panel uses: the `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

/** Grafana uids are at most 40 characters: longer names keep a readable prefix and a hash. */
export function dashboardUid(...parts: string[]): string {
  const name = parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  if (name.length <= 40) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 31)}-${hash}`;
}

export function buildDashboard(plan: DashboardPlan): BuiltDashboard {
  const builder = new DashboardBuilder(plan.title)
    .uid(plan.uid)
    .description(plan.description)
    .tags([...plan.tags])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('utc')
    .refresh('1m')
    .time({ from: plan.from, to: 'now' })
    .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'));
  for (const v of plan.variables) {
    builder.withVariable(
      new CustomVariableBuilder(v.name)
        .label(v.label)
        .values(v.values.join(','))
        .multi(v.multi)
        .includeAll(v.multi)
        .current(v.multi ? { text: ['All'], value: ['$__all'] } : { text: v.values[0]!, value: v.values[0]! }),
    );
  }
  const panelIds = new Map<string, number>();
  let id = 0;
  for (const row of plan.rows) {
    builder.withRow(new RowBuilder(row.title).id(++id));
    for (const panel of row.panels) {
      panelIds.set(panel.key, ++id);
      builder.withPanel(panelBuilder(panel, id));
    }
  }
  return { plan, model: builder.build(), panelIds };
}

function panelBuilder(panel: PanelPlan, id: number) {
  const targets = panel.queries.map((q, i) =>
    new DataqueryBuilder()
      .datasource(DATASOURCE)
      .expr(q.expr)
      .legendFormat(q.legend)
      .refId(String.fromCharCode(65 + i))
      .range(),
  );
  const thresholds = new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    ...(panel.threshold === undefined ? [] : [{ value: panel.threshold, color: 'red' }]),
  ]);
  if (panel.kind === 'stat') {
    return new StatPanelBuilder()
      .id(id)
      .title(panel.title)
      .description(panel.description)
      .datasource(DATASOURCE)
      .targets(targets)
      .unit(panel.unit)
      .thresholds(thresholds)
      .colorMode(common.BigValueColorMode.Background)
      .graphMode(common.BigValueGraphMode.None)
      .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      .span(panel.width)
      .height(panel.height);
  }
  return new TimeseriesPanelBuilder()
    .id(id)
    .title(panel.title)
    .description(panel.description)
    .datasource(DATASOURCE)
    .targets(targets)
    .unit(panel.unit)
    .thresholds(thresholds)
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(panel.threshold === undefined ? common.GraphThresholdsStyleMode.Off : common.GraphThresholdsStyleMode.Line))
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .fillOpacity(10)
    .span(panel.width)
    .height(panel.height);
}

/** JSON with keys sorted at every level: the same model always gives the same text. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
