/**
 * PriorityClasses of one environment: stores above APIs above background work, so that
 * under pressure the scheduler evicts batch pods before an API and an API before its
 * database. Cluster-scoped, so the names carry stack and environment.
 */
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { PRIORITY_VALUES, type PriorityTier } from '../model/service-facts';
import { recommendedLabels, type LabelContext } from './labels';

const DESCRIPTIONS: Record<PriorityTier, string> = {
  stores: 'Databases and caches: everything else depends on them.',
  apis: 'Services that answer user requests.',
  batch: 'Workers, schedulers and jobs: can wait; never preempt other pods.',
};

export function priorityClassName(labels: LabelContext, tier: PriorityTier): string {
  return `${labels.stack}-${labels.environment}-${tier}`;
}

export class PriorityClasses extends Construct {
  constructor(scope: Construct, id: string, labels: LabelContext) {
    super(scope, id);
    for (const tier of Object.keys(PRIORITY_VALUES) as PriorityTier[]) {
      const name = priorityClassName(labels, tier);
      new k8s.KubePriorityClass(this, tier, {
        metadata: { name, labels: recommendedLabels(labels, name, { component: 'priority-class' }) },
        value: PRIORITY_VALUES[tier],
        globalDefault: false,
        preemptionPolicy: tier === 'batch' ? 'Never' : 'PreemptLowerPriority',
        description: DESCRIPTIONS[tier],
      });
    }
  }
}
