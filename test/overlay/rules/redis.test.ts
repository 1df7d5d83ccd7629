import { describe, expect, it } from 'vitest';
import { sentinelSettings } from '../../../lib/overlay/rules/redis';
import { singleServerStores } from '../../../lib/overlay/rules/scaling';
import { problemsOf } from '../stack';

describe('sentinelSettings', () => {
  it('accepts the defaults (3 data pods, 3 Sentinels, quorum 2) and an even number of Sentinels', () => {
    expect(problemsOf(sentinelSettings, 'store', { sentinel: {} })).toStrictEqual([]);
    expect(problemsOf(sentinelSettings, 'store', { sentinel: { sentinels: 4, quorum: 3, replicas: 2 } })).toStrictEqual([]);
  });

  it('rejects a quorum above the number of Sentinels', () => {
    expect(problemsOf(sentinelSettings, 'store', { sentinel: { quorum: 4 } })).toStrictEqual([
      'services.store.sentinel.quorum: quorum 4 is more than the 3 Sentinels: the primary could never be flagged down; use at most 3 (a majority, 2, is usual)',
    ]);
  });

  it('rejects fewer than 3 Sentinels', () => {
    expect(problemsOf(sentinelSettings, 'store', { sentinel: { sentinels: 2, quorum: 2 } })).toStrictEqual([
      'services.store.sentinel.sentinels: 2 Sentinel(s) cannot outvote a lost one: a failover needs a majority of them; run at least 3',
    ]);
  });

  it('rejects a single data pod: nothing to promote', () => {
    expect(problemsOf(sentinelSettings, 'store', { sentinel: { replicas: 1 } })).toStrictEqual([
      'services.store.sentinel.replicas: 1 data pod leaves no replica to promote; use at least 2 (3 in production: a primary and two replicas)',
    ]);
  });

  it('rejects `replicas` beside `sentinel`', () => {
    expect(problemsOf(sentinelSettings, 'store', { sentinel: {}, replicas: 3 })).toStrictEqual([
      'services.store.replicas: with `sentinel`, the data pods are `sentinel.replicas`; remove `replicas: 3`',
    ]);
  });

  it('rejects `sentinel` on a store that is not Redis, and on other kinds', () => {
    expect(problemsOf(sentinelSettings, 'store', { image: 'postgres:16.4', sentinel: {} })).toStrictEqual([
      'services.store.sentinel: `sentinel` applies only to a Redis `store` (image `redis` or `valkey`, or `backup.engine: redis`); `postgres:16.4` is not one: remove it',
    ]);
    expect(problemsOf(sentinelSettings, 'worker', { sentinel: {} })).toHaveLength(1);
  });

  it('lets the one-server rule accept Redis replicas under Sentinel', () => {
    expect(problemsOf(singleServerStores, 'store', { sentinel: { replicas: 3 } })).toStrictEqual([]);
  });
});
