/**
 * A PodDisruptionBudget that keeps a drain from taking every pod at once, yet never blocks
 * a drain: it always allows at least one eviction, and evicts unhealthy pods regardless.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';

export interface DisruptionBudgetProps {
  readonly metadata: k8s.ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
  /**
   * Pods (or a percentage) that may be down during a drain; the overlay refuses 0.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

export class DisruptionBudget extends Construct {
  readonly pdb: k8s.KubePodDisruptionBudget;
  readonly maxUnavailable: number | string;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.maxUnavailable = props.maxUnavailable ?? 1;
    this.pdb = new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        maxUnavailable:
          typeof this.maxUnavailable === 'string'
            ? k8s.IntOrString.fromString(this.maxUnavailable)
            : k8s.IntOrString.fromNumber(this.maxUnavailable),
        selector: { matchLabels: { ...props.selector } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
