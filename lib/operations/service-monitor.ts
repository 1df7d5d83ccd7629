/**
 * Scraping a service with `metrics`: a ServiceMonitor when it has a Service (web, store),
 * a PodMonitor when it has none (worker, singleton: e.g. a Celery exporter sidecar). Both
 * select by the stable selector labels (name + instance) in the service's own namespace.
 */
import type { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import { ServiceMonitor } from '../../imports/servicemonitors-monitoring.coreos.com';
import { selectorLabels } from '../constructs/labels';
import { POD_TEMPLATE_HASH_LABEL, RELEASE_SERVICE_LABEL } from '../constructs/rollout';
import type { ResolvedRelease } from '../model/release';
import type { ResolvedService } from '../model/schema';
import { monitoringMetadata, type MonitoringObjectProps } from './monitoring-metadata';

export interface ServiceMonitorProps extends MonitoringObjectProps {
  readonly service: ResolvedService;
  /**
   * A canary or blue-green release: the series carry the pods' `rollouts-pod-template-hash` (what the
   * analysis tells the new pods by), and only the Services that reach every pod once are scraped.
   * @default - a rolling release
   */
  readonly release?: ResolvedRelease;
}

export function serviceMonitor(scope: Construct, id: string, props: ServiceMonitorProps): ServiceMonitor {
  return new ServiceMonitor(scope, id, {
    metadata: monitoringMetadata(props),
    spec: { ...targets(props), ...releaseTargets(props), endpoints: [scrapeEndpoint(props)] },
  });
}

/**
 * Canary: the service's own Service reaches every pod; the stable and canary Services (which Argo
 * Rollouts narrows to one version) are left out, or each pod would be scraped twice. Blue-green:
 * the service's own Service is the active one (Argo Rollouts narrows it to the live version), so the
 * headless `<service>-metrics` Service, over every pod, is scraped instead, with the job still named
 * after the service (`jobLabel`).
 */
function releaseTargets(props: ServiceMonitorProps) {
  const release = props.release;
  if (!release || release.strategy === 'rolling') return {};
  const podTargetLabels = [POD_TEMPLATE_HASH_LABEL];
  if (release.strategy === 'canary') {
    return {
      podTargetLabels,
      selector: {
        matchLabels: selectorLabels(props.labels, props.name),
        matchExpressions: [{ key: RELEASE_SERVICE_LABEL, operator: 'DoesNotExist' }],
      },
    };
  }
  return {
    podTargetLabels,
    jobLabel: 'app.kubernetes.io/name',
    selector: { matchLabels: { ...selectorLabels(props.labels, props.name), [RELEASE_SERVICE_LABEL]: 'metrics' } },
  };
}

export function podMonitor(scope: Construct, id: string, props: ServiceMonitorProps): PodMonitor {
  return new PodMonitor(scope, id, {
    metadata: monitoringMetadata(props),
    spec: { ...targets(props), podMetricsEndpoints: [scrapeEndpoint(props)] },
  });
}

/** The service's pods, in its own namespace only. */
function targets(props: ServiceMonitorProps) {
  return {
    selector: { matchLabels: selectorLabels(props.labels, props.name) },
    namespaceSelector: { matchNames: [props.namespace] },
  };
}

function scrapeEndpoint(props: ServiceMonitorProps) {
  const metrics = props.service.metrics!;
  return { port: metrics.port, path: metrics.path, interval: '30s', scrapeTimeout: '10s' };
}
