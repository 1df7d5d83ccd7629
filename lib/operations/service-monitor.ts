/**
 * Scraping a service with `metrics`: a ServiceMonitor when it has a Service (web, store),
 * a PodMonitor when it has none (worker, singleton: e.g. a Celery exporter sidecar). Both
 * select by the stable selector labels (name + instance) in the service's own namespace.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { recommendedLabels, selectorLabels, type LabelContext } from '../constructs/labels';
import type { ResolvedService } from '../model/schema';

export interface ServiceMonitorProps {
  readonly name: string;
  readonly namespace: string;
  readonly service: ResolvedService;
  readonly labels: LabelContext;
  /** Labels the Prometheus Operator selects ServiceMonitors by (`stack.monitoring.prometheusSelector`). */
  readonly prometheusSelector: Readonly<Record<string, string>>;
}

export function serviceMonitor(scope: Construct, id: string, props: ServiceMonitorProps): ApiObject {
  return monitor(scope, id, props, 'ServiceMonitor', 'endpoints');
}

export function podMonitor(scope: Construct, id: string, props: ServiceMonitorProps): ApiObject {
  return monitor(scope, id, props, 'PodMonitor', 'podMetricsEndpoints');
}

function monitor(scope: Construct, id: string, props: ServiceMonitorProps, kind: string, endpointsKey: string): ApiObject {
  const metrics = props.service.metrics!;
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind,
    metadata: {
      name: props.name,
      namespace: props.namespace,
      labels: { ...recommendedLabels(props.labels, props.name, { component: 'monitoring' }), ...props.prometheusSelector },
    },
    spec: {
      selector: { matchLabels: selectorLabels(props.labels, props.name) },
      namespaceSelector: { matchNames: [props.namespace] },
      [endpointsKey]: [{ port: metrics.port, path: metrics.path, interval: '30s', scrapeTimeout: '10s' }],
    },
  });
}
