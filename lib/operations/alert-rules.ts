/**
 * The stack's alerts, one PrometheusRule per environment (`<stack>-alerts`) with one group
 * per concern, each in its own file under alerts/ (the kubernetes-mixin way): a group reads
 * the stack and adds itself, or nothing when the stack has nothing it watches. Every
 * expression is scoped to the environment's namespace; thresholds and metric names come
 * from `stack.alerts`.
 */
import { applicationGroup } from './alerts/application';
import { backupsGroup } from './alerts/backups';
import { certificatesGroup } from './alerts/certificates';
import { cloudNativePgGroup } from './alerts/cloudnative-pg';
import { alertContext, type AlertGroup, type AlertRulesInput } from './alerts/context';
import { customGroup } from './alerts/custom';
import { databaseGroup } from './alerts/database';
import { resourcesGroup } from './alerts/resources';
import { workloadsGroup } from './alerts/workloads';
import type { RuleGroup } from './rules';

export type { AlertGroup, AlertRulesInput, BackupAlertInput, PostgresAlertInput } from './alerts/context';

/** The groups, in the order the PrometheusRule lists them. */
export const ALERT_GROUPS: readonly AlertGroup[] = [applicationGroup, databaseGroup, resourcesGroup, workloadsGroup, backupsGroup, cloudNativePgGroup, certificatesGroup, customGroup];

export function alertRuleGroups(input: AlertRulesInput): RuleGroup[] {
  const ctx = alertContext(input);
  return ALERT_GROUPS.flatMap((group) => group(ctx) ?? []);
}
