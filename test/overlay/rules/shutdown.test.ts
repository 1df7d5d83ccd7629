import { describe, expect, it } from 'vitest';
import { shutdownTiming } from '../../../lib/overlay/rules/shutdown';
import { problemsOf } from '../stack';

describe('shutdownTiming', () => {
  it('accepts the defaults', () => {
    expect(problemsOf(shutdownTiming, 'web')).toStrictEqual([]);
  });

  it('rejects a grace period under a second', () => {
    expect(problemsOf(shutdownTiming, 'worker', { shutdown: { gracePeriod: '0s' } })).toStrictEqual([
      'services.worker.shutdown.gracePeriod: must be at least 1s: the app needs time to finish after SIGTERM',
    ]);
  });

  it('rejects a preStop pause of a web service as long as the grace period', () => {
    expect(problemsOf(shutdownTiming, 'web', { shutdown: { preStopSleep: '30s', gracePeriod: '30s' } })).toStrictEqual([
      'services.web.shutdown.preStopSleep: the preStop pause (30s) must be shorter than the grace period (30s), or the pod is killed before it ever gets SIGTERM',
    ]);
  });

  it('ignores the pause of kinds that get none', () => {
    expect(problemsOf(shutdownTiming, 'worker', { shutdown: { preStopSleep: '2m' } })).toStrictEqual([]);
  });
});
