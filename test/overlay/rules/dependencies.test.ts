import { describe, expect, it } from 'vitest';
import { dependencyTargets, waitCycles } from '../../../lib/overlay/rules/dependencies';
import { format, problemsOf, ruleProblems, stackWith } from '../stack';

describe('dependencyTargets', () => {
  it('rejects a service depending on itself', () => {
    expect(problemsOf(dependencyTargets, 'worker', { dependsOn: ['worker'] })).toStrictEqual(['services.worker.dependsOn[0]: a service cannot depend on itself']);
  });

  it('names an unknown dependency with the closest service', () => {
    expect(problemsOf(dependencyTargets, 'worker', { dependsOn: ['stor'] })).toStrictEqual([
      'services.worker.dependsOn[0]: `stor` is not a service of this stack — did you mean `store`?',
    ]);
  });

  it('lists the enabled services when no name is close', () => {
    const stack = stackWith({ cronjob: { enabled: false }, worker: { dependsOn: ['search'] } });
    expect(ruleProblems(dependencyTargets, stack, 'worker')).toStrictEqual([
      'services.worker.dependsOn[0]: `search` is not a service of this stack; services: web, singleton, store, external, worker',
    ]);
  });

  it('rejects a dependency disabled in the environment', () => {
    const stack = stackWith({ store: { enabled: false }, worker: { dependsOn: ['store'] } });
    expect(ruleProblems(dependencyTargets, stack, 'worker')).toStrictEqual([
      'services.worker.dependsOn[0]: `store` is disabled in this environment (enabled: false); enable it or drop the dependency',
    ]);
  });
});

describe('waitCycles', () => {
  const cycle = { web: { dependsOn: ['store'] }, store: { dependsOn: ['web'] } };

  it('rejects services waiting for each other, once per cycle', () => {
    expect(format(waitCycles({ stack: stackWith(cycle), environment: 'dev' }))).toStrictEqual([
      'services.web.dependsOn: waiting for dependencies would deadlock: store → web → store; set `waitForDependencies: false` on one of them',
    ]);
  });

  it('accepts the cycle when one of them does not wait', () => {
    const stack = stackWith({ ...cycle, store: { dependsOn: ['web'], waitForDependencies: false } });
    expect(waitCycles({ stack, environment: 'dev' })).toStrictEqual([]);
  });

  it('never waits for what runs outside the cluster', () => {
    const stack = stackWith({ web: { dependsOn: ['external'] }, external: { dependsOn: ['web'] } });
    expect(waitCycles({ stack, environment: 'dev' })).toStrictEqual([]);
  });
});
