import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DisruptionBudget } from '../../lib/constructs/disruption-budget';

const metadata = { name: 'api', namespace: 'shop' };
const selector = { 'app.kubernetes.io/name': 'api' };

describe('DisruptionBudget', () => {
  it('allows one pod down by default and always evicts unhealthy pods', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const budget = new DisruptionBudget(chart, 'Pdb', { metadata, selector });
    // THEN
    expect(budget.maxUnavailable).toBe(1);
    expect(Testing.synth(chart)[0].spec).toStrictEqual({
      maxUnavailable: 1,
      selector: { matchLabels: selector },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('passes a percentage through as a string', () => {
    const chart = Testing.chart();
    new DisruptionBudget(chart, 'Pdb', { metadata, selector, maxUnavailable: '25%' });
    expect(Testing.synth(chart)[0].spec.maxUnavailable).toBe('25%');
  });
});
