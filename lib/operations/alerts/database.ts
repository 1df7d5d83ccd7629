/**
 * `database`: Postgres is down (when the stack runs or backs up one), and applications fail to
 * connect to their database (when the stack serves HTTP).
 */
import type { ResolvedService } from '../../model/schema';
import { storeEngine } from '../../model/service-facts';
import { traitsOf } from '../../model/service-kinds';
import { anyOf, selector, type Rule, type RuleGroup } from '../rules';
import { alert, type AlertContext } from './context';

const isPostgres = (service: ResolvedService) => storeEngine(service) === 'postgres';

export function databaseGroup(ctx: AlertContext): RuleGroup | undefined {
  const { input, names } = ctx;
  const postgres = input.backups.some((b) => b.engine === 'postgres') || names.some((n) => isPostgres(input.services[n]));
  if (!postgres && !ctx.http.length) return undefined;
  return { name: 'database', rules: [...(postgres ? [databaseDown(ctx)] : []), databaseConnectionErrors(ctx)] };
}

function databaseDown({ alerts, ns, input, names }: AlertContext): Rule {
  // kube-state-metrics always sees the StatefulSet; an exporter (when one runs) also sees
  // a server that is up but refuses connections.
  const statefulSets = names.filter((n) => traitsOf(input.services[n]).workload === 'StatefulSet' && isPostgres(input.services[n]));
  const ready = statefulSets.length
    ? `\nor\nkube_statefulset_status_replicas_ready${selector([ns, ['statefulset', '=~', anyOf(statefulSets)]])} == 0`
    : '';
  return alert(
    alerts,
    'DatabaseDown',
    'critical',
    `${alerts.metrics.databaseUp}${selector([ns])} == 0${ready}`,
    '2m',
    'Postgres in {{ $labels.namespace }} is down',
    'Postgres in {{ $labels.namespace }} has had no ready replica, or its exporter could not connect, for 2 minutes.',
  );
}

function databaseConnectionErrors({ alerts, ns }: AlertContext): Rule {
  return alert(
    alerts,
    'DatabaseConnectionErrors',
    'warning',
    `sum by (namespace, job) (increase(${alerts.metrics.databaseConnectionErrors}${selector([ns])}[5m])) > 0`,
    '5m',
    '{{ $labels.job }} fails to connect to its database',
    '{{ $labels.job }} in {{ $labels.namespace }} counted {{ $value }} failed database connections in 5 minutes.',
  );
}
