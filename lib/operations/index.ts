/**
 * Operations as code for one environment: ServiceMonitors, the stack's alerts, SLO rules
 * and backups. Added to the chart after the services:
 *
 *   new Operations(this, 'Operations', { stack, namespace, labels });
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { priorityClassName } from '../constructs/priority-classes';
import { recommendedLabels, type LabelContext } from '../constructs/labels';
import type { Backup, Slo } from '../model/operations-schema';
import type { ResolvedService, Stack } from '../model/schema';
import { alertRuleGroups } from './alert-rules';
import { backupEngine, StoreBackup, type BackupEngine } from './backup';
import { resolveAlerts, type RuleGroup } from './rules';
import { podMonitor, serviceMonitor } from './service-monitor';
import { sloRuleGroups } from './slo-rules';

export interface OperationsProps {
  readonly stack: Stack;
  readonly namespace: string;
  readonly labels: LabelContext;
}

const SLO_DEFAULTS: Required<Slo> = { availability: 99.9, latencyP99: '500ms', window: '30d' };

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
    const problems: string[] = [];

    // ------------------------------------------------------------ backups
    const backups: { store: string; engine: BackupEngine; backup: Backup; restoreVerify: boolean }[] = [];
    for (const [store, service] of Object.entries(services)) {
      const backup = service.backup;
      if (!backup || backup.enabled === false) continue;
      const at = `services.${store}.backup`;
      if (service.type !== 'store') {
        problems.push(`${at}: only a \`store\` has backups; \`${store}\` is a \`${service.type}\``);
        continue;
      }
      const engine = backupEngine(service, backup);
      if (!engine) {
        problems.push(`${at}.engine: cannot tell what \`${service.image}\` is; set \`engine\` to postgres, qdrant or redis`);
        continue;
      }
      if (!backup.target.pvc && !backup.target.s3) {
        problems.push(`${at}.target: give \`pvc\` (e.g. \`pvc: { size: 50Gi }\`), \`s3\` or both`);
        continue;
      }
      const wantsVerify = engine === 'postgres' && backup.restoreVerify?.enabled !== false;
      if (wantsVerify && !backup.target.pvc) {
        problems.push(`${at}.restoreVerify: the restore verification reads the \`pvc\` target; add \`target.pvc\` or set \`restoreVerify.enabled: false\``);
        continue;
      }
      const withDefaults: Backup = {
        ...backup,
        schedule: backup.schedule ?? '0 2 * * *',
        timeZone: backup.timeZone ?? 'Etc/UTC',
        retentionDays: backup.retentionDays ?? 30,
        maxAge: backup.maxAge ?? '26h',
        database: backup.database ?? 'postgres',
        user: backup.user ?? 'postgres',
      };
      new StoreBackup(this, `Backup-${store}`, {
        store,
        namespace,
        service,
        backup: withDefaults,
        engine,
        labels,
        priorityClassName: priorityClassName(labels, 'batch'),
      });
      backups.push({ store, engine, backup: withDefaults, restoreVerify: wantsVerify });
    }

    // ------------------------------------------------------------ monitoring
    // The overlay checks already made sure `metrics.port` is a port of the pod.
    for (const [name, service] of Object.entries(services)) {
      if (!service.metrics || service.type === 'external' || service.type === 'cronjob') continue;
      const monitor = service.type === 'web' || service.type === 'store' ? serviceMonitor : podMonitor;
      monitor(this, `Monitor-${name}`, { name, namespace, service, labels, prometheusSelector });
    }

    const rule = (id: string, name: string, groups: RuleGroup[]) =>
      new ApiObject(this, id, {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: {
          name,
          namespace,
          labels: { ...recommendedLabels(labels, name, { component: 'monitoring' }), ...prometheusSelector },
        },
        spec: { groups },
      });

    const stackRules = `${stack.stack.name}-alerts`;
    rule('Alerts', stackRules, alertRuleGroups({ namespace, services, alerts, backups }));

    for (const [name, service] of Object.entries(services)) {
      if (!service.slo) continue;
      if (!service.metrics || service.type !== 'web') {
        problems.push(`services.${name}.slo: an SLO needs a \`web\` service with \`metrics\` (the SLIs are its request metrics)`);
        continue;
      }
      const slo = { ...SLO_DEFAULTS, ...service.slo } as Required<Slo>;
      rule(`Slo-${name}`, `${name}-slo`, sloRuleGroups({ namespace, service: name, slo, alerts }));
    }

    this.node.addValidation({ validate: () => problems });
  }
}
