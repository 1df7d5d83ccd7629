import { describe, expect, it } from 'vitest';
import { distributedSettings } from '../../../lib/overlay/rules/qdrant';
import { problemsOf } from '../stack';

const QDRANT = {
  image: 'qdrant/qdrant:v1.12.4-unprivileged',
  ports: { http: 6333, grpc: 6334 },
  storage: { size: '1Gi', mountPath: '/qdrant/storage' },
  health: { liveness: { path: '/livez' }, readiness: { path: '/readyz' } },
};

describe('distributedSettings', () => {
  it('accepts three peers (the defaults) and a single node without `distributed`', () => {
    expect(problemsOf(distributedSettings, 'store', { ...QDRANT, distributed: {} })).toStrictEqual([]);
    expect(problemsOf(distributedSettings, 'store', QDRANT)).toStrictEqual([]);
  });

  it('rejects fewer than 3 peers: Raft needs a majority', () => {
    expect(problemsOf(distributedSettings, 'store', { ...QDRANT, distributed: { nodes: 2, replicationFactor: 2 } })).toStrictEqual([
      'services.store.distributed.nodes: 2 peer(s): Raft needs a majority alive, so losing one of 2 stops the cluster; use at least 3 (or leave out `distributed` for one node)',
    ]);
  });

  it('rejects a replication factor above the number of peers', () => {
    expect(problemsOf(distributedSettings, 'store', { ...QDRANT, distributed: { nodes: 3, replicationFactor: 4 } })).toStrictEqual([
      'services.store.distributed.replicationFactor: replication factor 4 needs as many peers, but there are 3; use at most 3',
    ]);
  });

  it('rejects `distributed` on a store that is not Qdrant', () => {
    expect(problemsOf(distributedSettings, 'store', { distributed: {} })).toStrictEqual([
      'services.store.distributed: `distributed` applies only to a Qdrant `store` (image `qdrant/qdrant`, or `backup.engine: qdrant`); `redis:7.4.1` is not one: remove it',
    ]);
  });

  it('rejects several Qdrant pods without `distributed`, and `replicas` beside it', () => {
    expect(problemsOf(distributedSettings, 'store', { ...QDRANT, replicas: 3 })).toStrictEqual([
      'services.store.replicas: 3 Qdrant pods without `distributed` are 3 separate databases; use `distributed: { nodes: 3 }` instead',
    ]);
    expect(problemsOf(distributedSettings, 'store', { ...QDRANT, replicas: 3, distributed: {} })).toStrictEqual([
      'services.store.replicas: with `distributed`, the pods are `distributed.nodes`; remove `replicas: 3`',
    ]);
  });
});
