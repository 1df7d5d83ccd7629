/**
 * Metadata shared by the Prometheus Operator objects of a stack (ServiceMonitor, PodMonitor,
 * PrometheusRule): the recommended labels, plus the labels the operator selects them by.
 */
import type { ApiObjectMetadata } from 'cdk8s';
import { recommendedLabels, type LabelContext } from '../constructs/labels';

export interface MonitoringObjectProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: LabelContext;
  /** Labels the Prometheus Operator selects these objects by (`stack.monitoring.prometheusSelector`). */
  readonly prometheusSelector: Readonly<Record<string, string>>;
}

export function monitoringMetadata(props: MonitoringObjectProps): ApiObjectMetadata {
  return {
    name: props.name,
    namespace: props.namespace,
    labels: { ...recommendedLabels(props.labels, props.name, { component: 'monitoring' }), ...props.prometheusSelector },
  };
}
