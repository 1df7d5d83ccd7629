/**
 * Operations as code for one environment: ServiceMonitors, the stack's alerts, SLO rules
 * and backups. Added to the chart after the services:
 *
 *   new Operations(this, 'Operations', { stack, namespace, labels });
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { priorityClassName } from '../constructs/priority-classes';
import type { LabelContext } from '../constructs/labels';
import type { Slo } from '../model/operations-schema';
import type { ResolvedService, Stack } from '../model/schema';
import { traitsOf } from '../model/service-kinds';
import { podSettingsOf } from '../model/pod-settings';
import { alertRuleGroups, type AlertRulesInput } from './alert-rules';
import { edgeMode, gatewayRef, hostListeners } from '../model/edge';
import { durationSeconds } from '../model/duration';
import { AlertRouting } from './alert-routing';
import { StoreBackup } from './backup';
import type { BackupPodSettings } from './backup/pod';
import { CloudNativePgBackup } from './backup/cloudnative-pg';
import { resolveBackup } from './backup/defaults';
import { cloudNativePg } from '../model/cloudnative-pg';
import type { RunnableService } from '../model/service-facts';
import { resolveAlerts, serviceMetricNames, type RuleGroup } from './rules';
import { prometheusRule } from './prometheus-rule';
import { podMonitor, serviceMonitor } from './service-monitor';
import { sloRuleGroups } from './slo-rules';
import { prometheusUrl, releaseAnalysis } from './release-analysis';
import { resolveRelease } from '../model/release';
import { buildDashboards, DashboardConfigMaps, dashboardLinks, dashboardSettings, uptimeSettings } from './dashboards';
import { publicEndpoints, uptimeGroup, uptimeProbe } from './uptime';

export interface OperationsProps {
  readonly stack: Stack;
  readonly namespace: string;
  readonly labels: LabelContext;
}

/**
 * The store's pod settings for its backup pods (they pull from the same registries and run on the same
 * node pools), without its affinity, which is about the store's own pods, and its priority class.
 */
function backupPodSettings(stack: Stack, service: ResolvedService): BackupPodSettings {
  const { affinity: _storeAffinity, priorityClass: _ownClass, ...settings } = podSettingsOf(stack, service);
  return settings;
}

const MONITORS = { ServiceMonitor: serviceMonitor, PodMonitor: podMonitor } as const;

export class Operations extends Construct {
  /** The backups of the stores that have one, in store-name order. */
  readonly backups: readonly StoreBackup[];
  /** The backups of the Postgres stores CloudNativePG runs (WAL archiving, base backups, restore verification). */
  readonly postgresBackups: readonly CloudNativePgBackup[];
  /** The ServiceMonitors and PodMonitors of the services with `metrics`. */
  readonly monitors: readonly ApiObject[];
  /** The AnalysisTemplates of the services released by canary or blue-green. */
  readonly releaseAnalyses: readonly ApiObject[];
  /** The AlertmanagerConfig (and its ExternalSecret) of `stack.alerting`. */
  readonly routing?: AlertRouting;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { stack, namespace, labels } = props;
    const alerts = resolveAlerts(stack.stack.alerts);
    const prometheusSelector = stack.stack.monitoring?.prometheusSelector ?? { release: 'prometheus' };
    const services = enabledServices(stack);
    // Backups and SLOs were checked with the overlays (lib/overlay/semantics.ts), where each
    // problem can name its file and line; ajv filled in every schema default.
    this.backups = this.addBackups(stack, services, namespace, labels);
    this.postgresBackups = this.addPostgresBackups(stack, services, namespace, labels);
    this.monitors = this.addMonitors(services, namespace, labels, prometheusSelector, stack);

    // Uptime from outside: a Probe per public host and health path.
    const uptime = uptimeSettings(stack);
    const endpoints = uptime.enabled ? publicEndpoints(services) : [];
    for (const endpoint of endpoints) {
      uptimeProbe(this, `Uptime-${endpoint.service}`, { name: `uptime-${endpoint.service}`, namespace, labels, prometheusSelector, endpoint, settings: uptime });
    }

    const backups = this.backups.map((b) => ({ store: b.store, engine: b.engine, backup: b.settings, restoreVerify: Boolean(b.restoreVerify) }));
    const postgres = this.postgresBackups.map((b) => ({ store: b.store, postgres: b.postgres, backup: b.settings, restoreVerify: Boolean(b.restoreVerify) }));

    // Dashboards; every alert they show links to its panel.
    const settings = dashboardSettings(stack);
    const dashboards = settings.enabled
      ? buildDashboards({
          stack,
          namespace,
          services,
          backups: backups.map((b) => ({ store: b.store, restoreVerify: b.restoreVerify })),
          postgres: postgres.map((p) => ({ store: p.store, restoreVerify: p.restoreVerify })),
          endpoints,
        })
      : [];
    if (dashboards.length) {
      new DashboardConfigMaps(this, 'Dashboards', { dashboards, settings, labels, environmentNamespace: namespace });
    }

    const rule = (id: string, name: string, groups: RuleGroup[]) =>
      prometheusRule(this, id, { name, namespace, labels, prometheusSelector, groups: dashboardLinks(groups, dashboards, settings, namespace) });

    const stackRules = `${stack.stack.name}-alerts`;
    const uptimeRules = uptimeGroup(namespace, endpoints, alerts, uptime);
    rule('Alerts', stackRules, [...alertRuleGroups({ namespace, services, alerts, backups, postgres, certificates: renderedCertificates(stack) }), ...(uptimeRules ? [uptimeRules] : [])]);

    const { alerting, secretStore } = stack.stack;
    // The overlay rules refuse `alerting` without a `secretStore` (lib/overlay/rules/alerting.ts).
    if (alerting && secretStore) {
      this.routing = new AlertRouting(this, 'Routing', { stackName: stack.stack.name, namespace, labels, prometheusSelector, alerting, secretStore });
    }

    for (const [name, service] of Object.entries(services)) {
      if (service.slo && service.metrics && traitsOf(service).http) {
        rule(`Slo-${name}`, `${name}-slo`, sloRuleGroups({ namespace, service: name, slo: service.slo as Required<Slo>, alerts, metrics: serviceMetricNames(alerts, service) }));
      }
    }

    // The analysis of each canary or blue-green release (the overlay rules made sure the service has `metrics`).
    const address = prometheusUrl(stack);
    this.releaseAnalyses = Object.entries(services).flatMap(([name, service]) => {
      const release = resolveRelease(stack, name, service);
      if (release.strategy === 'rolling') return [];
      return [releaseAnalysis(this, `Release-${name}`, { name, namespace, labels, release, alerts, prometheusUrl: address })];
    });
  }

  /** A StoreBackup per service whose kind has backups and whose `backup` is on. */
  private addBackups(stack: Stack, services: Record<string, ResolvedService>, namespace: string, labels: LabelContext): StoreBackup[] {
    return Object.entries(services)
      .filter(([, service]) => hasBackup(service) && !cloudNativePg(service))
      .map(
        ([store, service]) =>
          new StoreBackup(this, `Backup-${store}`, {
            store,
            namespace,
            service,
            backup: service.backup!,
            labels,
            priorityClassName: priorityClassName(labels, 'batch'),
            images: stack.stack.helperImages,
            podSettings: backupPodSettings(stack, service),
          }),
      );
  }

  /** The WAL archiving, base backups and restore verification of each store CloudNativePG runs. */
  private addPostgresBackups(stack: Stack, services: Record<string, ResolvedService>, namespace: string, labels: LabelContext): CloudNativePgBackup[] {
    return Object.entries(services).flatMap(([store, service]) => {
      const postgres = cloudNativePg(service);
      if (!postgres || !hasBackup(service) || !service.backup!.target.s3) return [];
      return [
        new CloudNativePgBackup(this, `Backup-${store}`, {
          store,
          namespace,
          service: service as RunnableService,
          postgres,
          backup: resolveBackup(service.backup!),
          labels,
          priorityClassName: priorityClassName(labels, 'batch'),
          images: stack.stack.helperImages,
          podSettings: backupPodSettings(stack, service),
        }),
      ];
    });
  }

  /** Scraping of every service with `metrics`, the way its kind is found (the overlay checks made sure `metrics.port` is a port of the pod). */
  private addMonitors(
    services: Record<string, ResolvedService>,
    namespace: string,
    labels: LabelContext,
    prometheusSelector: Readonly<Record<string, string>>,
    stack: Stack,
  ): ApiObject[] {
    return Object.entries(services).flatMap(([name, service]) => {
      const kind = traitsOf(service).monitor;
      if (!service.metrics || !kind) return [];
      const release = resolveRelease(stack, name, service);
      return [MONITORS[kind](this, `Monitor-${name}`, { name, namespace, service, labels, prometheusSelector, release })];
    });
  }
}

/** The service's kind has backups and its \`backup\` is on. */
function hasBackup(service: ResolvedService): boolean {
  return Boolean(service.backup && service.backup.enabled !== false && traitsOf(service).backups);
}

/** The enabled services, by name in name order. */
function enabledServices(stack: Stack): Record<string, ResolvedService> {
  const services: Record<string, ResolvedService> = {};
  for (const name of Object.keys(stack.services).sort()) {
    if (stack.services[name].enabled !== false) services[name] = stack.services[name] as ResolvedService;
  }
  return services;
}

/** The Certificates the stack's own Gateway terminates TLS with (lib/constructs/gateway.ts). */
function renderedCertificates(stack: Stack): AlertRulesInput['certificates'] {
  const tls = stack.stack.edge?.tls;
  if (edgeMode(stack) !== 'gateway' || !gatewayRef(stack).own || !tls) return undefined;
  const names = hostListeners(stack).map((l) => l.secret);
  return names.length ? { names, renewBeforeSeconds: durationSeconds(tls.renewBefore ?? '720h') } : undefined;
}
