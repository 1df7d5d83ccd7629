/**
 * A ServiceMonitor per service with `metrics`: selects the service's Service by its stable
 * selector labels (name + instance) in its own namespace, and scrapes the named port.
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
  const metrics = props.service.metrics!;
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: props.name,
      namespace: props.namespace,
      labels: { ...recommendedLabels(props.labels, props.name, { component: 'monitoring' }), ...props.prometheusSelector },
    },
    spec: {
      selector: { matchLabels: selectorLabels(props.labels, props.name) },
      namespaceSelector: { matchNames: [props.namespace] },
      endpoints: [{ port: metrics.port ?? 'http', path: metrics.path ?? '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    },
  });
}
