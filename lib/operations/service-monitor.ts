/**
 * Scraping a service with `metrics`: a ServiceMonitor when it has a Service (web, store),
 * a PodMonitor when it has none (worker, singleton: e.g. a Celery exporter sidecar). Both
 * select by the stable selector labels (name + instance) in the service's own namespace.
 */
import type { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import { ServiceMonitor } from '../../imports/servicemonitors-monitoring.coreos.com';
import { selectorLabels } from '../constructs/labels';
import type { ResolvedService } from '../model/schema';
import { monitoringMetadata, type MonitoringObjectProps } from './monitoring-metadata';

export interface ServiceMonitorProps extends MonitoringObjectProps {
  readonly service: ResolvedService;
}

export function serviceMonitor(scope: Construct, id: string, props: ServiceMonitorProps): ServiceMonitor {
  return new ServiceMonitor(scope, id, {
    metadata: monitoringMetadata(props),
    spec: { ...targets(props), endpoints: [scrapeEndpoint(props)] },
  });
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
