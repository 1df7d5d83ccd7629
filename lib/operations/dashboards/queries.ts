/**
 * The PromQL of a dashboard's panels, as Prometheus will see it: Grafana replaces its
 * variables first (`$namespace`, `$service` as a regex alternation, `$__rate_interval`), so
 * they are replaced the same way here before anything parses the queries. Metric names are
 * read from the parse tree (@prometheus-io/lezer-promql), never guessed from the text.
 */
import { parser } from '@prometheus-io/lezer-promql';

export interface PanelQuery {
  readonly panelId: number;
  readonly panelTitle: string;
  readonly expr: string;
}

type Obj = Record<string, any>;

/** Every query of every panel (rows' nested panels too). */
export function panelQueries(dashboard: Obj): PanelQuery[] {
  const panels = ((dashboard.panels ?? []) as Obj[]).flatMap((p) => [p, ...((p.panels ?? []) as Obj[])]);
  return panels.flatMap((p) =>
    ((p.targets ?? []) as Obj[]).filter((t) => typeof t.expr === 'string').map((t) => ({ panelId: p.id as number, panelTitle: String(p.title), expr: t.expr as string })),
  );
}

/** The query with Grafana's variables replaced by what Grafana sends: the current values of the dashboard's variables. */
export function expandVariables(expr: string, dashboard: Obj): string {
  const values = new Map<string, string>([
    ['__rate_interval', '2m'],
    ['__interval', '1m'],
    ['__range', '6h'],
  ]);
  for (const variable of (dashboard.templating?.list ?? []) as Obj[]) {
    if (variable.type !== 'custom') continue;
    const options = String(variable.query ?? '').split(',').filter(Boolean);
    // A multi-value variable set to All becomes a regex alternation `(a|b)`.
    values.set(variable.name, variable.multi ? `(${options.join('|')})` : (options[0] ?? ''));
  }
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => values.get(name) ?? whole);
}

/** The metric names a (variable-free) query selects: each vector selector's name, or its `__name__="…"`. */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return undefined;
      const identifier = node.node.getChild('Identifier');
      if (identifier) names.add(expr.slice(identifier.from, identifier.to));
      const matchers = node.node.getChild('LabelMatchers');
      for (let child = matchers?.firstChild; child; child = child.nextSibling) {
        const text = expr.slice(child.from, child.to);
        const byName = /^__name__\s*=\s*"([^"]+)"$/.exec(text);
        if (byName) names.add(byName[1]!);
      }
      return false;
    },
  });
  return [...names].sort();
}

/** Queries reading a metric outside `available`, one line each: `<dashboard> panel #<id> "<title>": <metric>`. */
export function unavailableMetrics(dashboard: Obj, available: ReadonlySet<string>): string[] {
  return panelQueries(dashboard).flatMap((q) =>
    metricNames(expandVariables(q.expr, dashboard))
      .filter((m) => !available.has(m))
      .map((m) => `${dashboard.uid} panel #${q.panelId} ${JSON.stringify(q.panelTitle)}: ${m} is neither exported nor recorded in this environment`),
  );
}
