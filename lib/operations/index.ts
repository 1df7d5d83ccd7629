/**
 * Operations as code for one environment: ServiceMonitors, the stack's alerts, SLO rules
 * and backups. Added to the chart after the services:
 *
 *   new Operations(this, 'Operations', { stack, namespace, labels });
 */
import { Construct } from 'constructs';
import { priorityClassName } from '../constructs/priority-classes';
import type { LabelContext } from '../constructs/labels';
import type { Backup, Slo } from '../model/operations-schema';
import type { ResolvedService, Stack } from '../model/schema';
import { alertRuleGroups } from './alert-rules';
import { backupEngine, type BackupEngine } from '../model/service-facts';
import { StoreBackup } from './backup';
import { resolveAlerts, type RuleGroup } from './rules';
import { prometheusRule } from './prometheus-rule';
import { podMonitor, serviceMonitor } from './service-monitor';
import { sloRuleGroups } from './slo-rules';

export interface OperationsProps {
  readonly stack: Stack;
  readonly namespace: string;
  readonly labels: LabelContext;
}


export class Operations extends Construct {
  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { stack, namespace, labels } = props;
    const alerts = resolveAlerts(stack.stack.alerts);
    const prometheusSelector = stack.stack.monitoring?.prometheusSelector ?? { release: 'prometheus' };
    const services: Record<string, ResolvedService> = {};
    for (const name of Object.keys(stack.services).sort()) {
      if (stack.services[name].enabled !== false) services[name] = stack.services[name] as ResolvedService;
    }
    // Backups and SLOs were checked with the overlays (lib/overlay/semantics.ts), where each
    // problem can name its file and line; ajv filled in every schema default.

    // ------------------------------------------------------------ backups
    const backups: { store: string; engine: BackupEngine; backup: Backup; restoreVerify: boolean }[] = [];
    for (const [store, service] of Object.entries(services)) {
      const backup = service.backup;
      if (!backup || backup.enabled === false || service.type !== 'store') continue;
      const engine = backupEngine(service, backup)!;
      const wantsVerify = engine === 'postgres' && backup.restoreVerify?.enabled !== false;
      new StoreBackup(this, `Backup-${store}`, {
        store,
        namespace,
        service,
        backup,
        engine,
        labels,
        priorityClassName: priorityClassName(labels, 'batch'),
      });
      backups.push({ store, engine, backup, restoreVerify: wantsVerify });
    }

    // ------------------------------------------------------------ monitoring
    // The overlay checks already made sure `metrics.port` is a port of the pod.
    for (const [name, service] of Object.entries(services)) {
      if (!service.metrics || service.type === 'external' || service.type === 'cronjob') continue;
      const monitor = service.type === 'web' || service.type === 'store' ? serviceMonitor : podMonitor;
      monitor(this, `Monitor-${name}`, { name, namespace, service, labels, prometheusSelector });
    }

    const rule = (id: string, name: string, groups: RuleGroup[]) =>
      prometheusRule(this, id, { name, namespace, labels, prometheusSelector, groups });

    const stackRules = `${stack.stack.name}-alerts`;
    rule('Alerts', stackRules, alertRuleGroups({ namespace, services, alerts, backups }));

    for (const [name, service] of Object.entries(services)) {
      if (service.slo && service.metrics && service.type === 'web') {
        rule(`Slo-${name}`, `${name}-slo`, sloRuleGroups({ namespace, service: name, slo: service.slo as Required<Slo>, alerts }));
      }
    }
  }
}
