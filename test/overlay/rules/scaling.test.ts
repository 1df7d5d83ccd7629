import { describe, expect, it } from 'vitest';
import {
  autoscalingBounds, disruptionBudget, oneReplicaKinds, replicasOrAutoscaling, singleServerStores, vpaBesideHpa, vpaCeiling,
} from '../../../lib/overlay/rules/scaling';
import { problemsOf } from '../stack';

describe('autoscalingBounds', () => {
  it('rejects minReplicas above maxReplicas', () => {
    expect(problemsOf(autoscalingBounds, 'web', { autoscaling: { minReplicas: 12, maxReplicas: 10 } })).toStrictEqual([
      'services.web.autoscaling.minReplicas: minReplicas (12) is greater than maxReplicas (10); swap them or raise maxReplicas',
    ]);
  });
});

describe('replicasOrAutoscaling', () => {
  it('rejects a replica count beside an HPA', () => {
    expect(problemsOf(replicasOrAutoscaling, 'web', { autoscaling: { minReplicas: 2, maxReplicas: 4 }, replicas: 3 })).toStrictEqual([
      'services.web.replicas: give either `replicas` or `autoscaling`, not both: the HPA owns the replica count (set `replicas: null` in this environment)',
    ]);
  });
});

describe('disruptionBudget', () => {
  it.each([0, '0%'])('rejects maxUnavailable %j, which blocks every drain', (value) => {
    expect(problemsOf(disruptionBudget, 'web', { pdb: { maxUnavailable: value } })).toStrictEqual([
      `services.web.pdb.maxUnavailable: maxUnavailable ${JSON.stringify(value)} would block every node drain; use 1 or more (or a % above 0)`,
    ]);
  });

  it('rejects a string that is not a percentage', () => {
    expect(problemsOf(disruptionBudget, 'web', { pdb: { maxUnavailable: '150%' } })).toStrictEqual([
      'services.web.pdb.maxUnavailable: "150%" is not a pod count or a percentage like `25%`',
    ]);
  });

  it('rejects a negative count', () => {
    expect(problemsOf(disruptionBudget, 'web', { pdb: { maxUnavailable: -1 } })).toStrictEqual(['services.web.pdb.maxUnavailable: must be 1 or more']);
  });

  it.each([1, '25%', '100%'])('accepts %j', (value) => {
    expect(problemsOf(disruptionBudget, 'web', { pdb: { maxUnavailable: value } })).toStrictEqual([]);
  });
});

describe('vpaCeiling', () => {
  it('needs maxAllowed for what a resizing VPA controls', () => {
    expect(problemsOf(vpaCeiling, 'worker', { vpa: { mode: 'Recreate', maxAllowed: { cpu: '1' } } })).toStrictEqual([
      'services.worker.vpa: a VPA in mode `Recreate` needs `maxAllowed` for memory: without a ceiling the namespace quota cannot be sized to admit the pods it resizes',
    ]);
  });

  it('asks nothing of a VPA that only recommends', () => {
    expect(problemsOf(vpaCeiling, 'worker', { vpa: { mode: 'Off' } })).toStrictEqual([]);
  });
});

describe('vpaBesideHpa', () => {
  const hpa = { minReplicas: 2, maxReplicas: 4, cpu: 70 };

  it('rejects a VPA updating a resource the HPA scales on', () => {
    expect(problemsOf(vpaBesideHpa, 'web', { autoscaling: hpa, vpa: { mode: 'Recreate', controlledResources: ['cpu'], maxAllowed: { cpu: '1' } } })).toStrictEqual([
      'services.web.vpa.controlledResources: the VPA would update cpu, which the HPA scales on: they would fight. Use `mode: Off` or leave cpu out',
    ]);
  });

  it('rejects a resizing VPA beside an HPA on cpu and memory: nothing is left for it', () => {
    expect(problemsOf(vpaBesideHpa, 'web', { autoscaling: { minReplicas: 2, maxReplicas: 4 }, vpa: { mode: 'Initial' } })).toStrictEqual([
      'services.web.vpa.mode: the HPA scales on cpu and memory, so the VPA has nothing it may update in mode `Initial`; use `mode: Off` (recommendations only)',
    ]);
  });

  it('accepts a VPA on the resource the HPA leaves alone', () => {
    expect(problemsOf(vpaBesideHpa, 'web', { autoscaling: hpa, vpa: { mode: 'Recreate', maxAllowed: { memory: '1Gi' } } })).toStrictEqual([]);
  });
});

describe('singleServerStores', () => {
  it.each([['redis', 'redis:7.4.1'], ['postgres', 'postgres:16.4']])('rejects several %s pods in one StatefulSet', (engine, image) => {
    expect(problemsOf(singleServerStores, 'store', { image, replicas: 3 })).toStrictEqual([
      `services.store.replicas: 3 ${engine} pods of a StatefulSet are independent servers, not replicas of one database; run one (or use an operator, or \`type: external\` for a managed service)${engine === 'redis' ? '; for a primary with replicas, use `sentinel:` (`sentinel.replicas`)' : ''}`,
    ]);
  });

  it('accepts several pods of an engine that clusters itself', () => {
    expect(problemsOf(singleServerStores, 'store', { image: 'qdrant/qdrant:v1.12.0', replicas: 3 })).toStrictEqual([]);
  });
});

describe('oneReplicaKinds', () => {
  it('rejects a replica count other than 1 on a singleton', () => {
    expect(problemsOf(oneReplicaKinds, 'singleton', { replicas: 2 })).toStrictEqual([
      'services.singleton.replicas: a `singleton` runs exactly one replica; remove `replicas: 2`',
    ]);
  });

  it('accepts `replicas: 1`', () => {
    expect(problemsOf(oneReplicaKinds, 'singleton', { replicas: 1 })).toStrictEqual([]);
  });
});
