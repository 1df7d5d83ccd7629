import { describe, expect, it } from 'vitest';
import { blueGreenReadiness, canaryWeights, productionPromotion, releaseAnalysis, releaseKind, releaseSettings } from '../../../lib/overlay/rules/release';
import { problemsOf, ruleProblems, stackWith } from '../stack';

const METRICS = { metrics: { path: '/metrics', port: 'http' } };

describe('release rules', () => {
  it('accept a canary and a blue-green web service with metrics', () => {
    for (const strategy of ['canary', 'blueGreen']) {
      const web = { ...METRICS, release: { strategy } };
      for (const rule of [releaseKind, releaseSettings, canaryWeights, blueGreenReadiness, releaseAnalysis, productionPromotion]) {
        expect(problemsOf(rule, 'web', web)).toStrictEqual([]);
      }
    }
  });

  it('refuse canary weights that do not strictly increase', () => {
    expect(problemsOf(canaryWeights, 'web', { release: { strategy: 'canary', canary: { steps: [{ weight: 25 }, { weight: 25 }, { weight: 10 }] } } })).toStrictEqual([
      'services.web.release.canary.steps[1].weight: weight 25 does not increase on the step before (25): each canary step must send more traffic to the new version; order the steps by weight or drop this one',
      'services.web.release.canary.steps[2].weight: weight 10 does not increase on the step before (25): each canary step must send more traffic to the new version; order the steps by weight or drop this one',
    ]);
  });

  it('refuse a canary weight above 100', () => {
    expect(problemsOf(canaryWeights, 'web', { release: { strategy: 'canary', canary: { steps: [{ weight: 50 }, { weight: 150 }] } } })).toStrictEqual([
      'services.web.release.canary.steps[1].weight: weight 150 is not a share of the pods: use 1 to 100 (percent)',
    ]);
  });

  it('refuse a blue-green service without a readiness probe', () => {
    expect(problemsOf(blueGreenReadiness, 'web', { release: { strategy: 'blueGreen' }, health: { readiness: null } })).toStrictEqual([
      'services.web.release.strategy: a blue-green release switches all traffic at once to pods that are ready, and without `health.readiness` a pod is ready as soon as it starts: add `health.readiness` (a `path` the app answers when it can serve) or use `strategy: canary`',
    ]);
  });

  it('refuse canary and blue-green on a kind the traits do not let release progressively', () => {
    expect(problemsOf(releaseKind, 'worker', { release: { strategy: 'canary' } })).toStrictEqual([
      'services.worker.release.strategy: `canary` releases need a `web` service (a replicated Deployment behind a Service that answers HTTP, so a share of the traffic can reach the new version and be measured); a `worker` rolls out. Remove `release` or set `strategy: rolling`',
    ]);
    expect(problemsOf(releaseKind, 'store', { release: { strategy: 'blueGreen' } })).toHaveLength(1);
    expect(problemsOf(releaseKind, 'worker', { release: { strategy: 'rolling' } })).toStrictEqual([]);
  });

  it('refuse analysis thresholds that are not positive', () => {
    expect(
      problemsOf(releaseAnalysis, 'web', { ...METRICS, release: { strategy: 'canary', analysis: { maxErrorRatio: 0, maxLatencyP99: '0ms', count: 0, interval: '0s' } } }),
    ).toStrictEqual([
      'services.web.release.analysis.maxErrorRatio: must be positive: a share of 5xx responses above 0 and at most 100 (percent), e.g. `1`; 0 would fail every release with a single error',
      'services.web.release.analysis.maxLatencyP99: must be positive: a latency above 0, e.g. `500ms`; `0ms` fails every measurement',
      'services.web.release.analysis.interval: must be positive: time between measurements, e.g. `1m`',
      'services.web.release.analysis.count: must be positive: the number of measurements, e.g. `5`',
    ]);
    expect(problemsOf(releaseAnalysis, 'web', { ...METRICS, release: { strategy: 'canary', analysis: { maxErrorRatio: -1 } } })[0]).toMatch(/maxErrorRatio: must be positive/);
  });

  it('refuse a release analysed without metrics', () => {
    expect(problemsOf(releaseAnalysis, 'web', { release: { strategy: 'canary' } })).toStrictEqual([
      "services.web.release.strategy: a `canary` release is analysed on the service's request metrics: add `metrics` (the port and path Prometheus scrapes), or use `strategy: rolling`",
    ]);
  });

  it('refuse settings of another strategy', () => {
    expect(problemsOf(releaseSettings, 'web', { release: { strategy: 'blueGreen', canary: { steps: [{ weight: 10 }] } } })).toStrictEqual([
      'services.web.release.canary: `canary` settings apply to `strategy: canary`, not `blueGreen`; remove them or change the strategy',
    ]);
  });

  it('refuse automatic promotion in production', () => {
    const stack = stackWith({ web: { ...METRICS, release: { strategy: 'canary', autoPromote: true } } }, { tier: 'production' });
    expect(ruleProblems(productionPromotion, stack, 'web')).toStrictEqual([
      'services.web.release.autoPromote: production (`stack.tier: production`) requires a person to promote a release (`kubectl argo rollouts promote`): remove `autoPromote: true` from this environment',
    ]);
  });
});
