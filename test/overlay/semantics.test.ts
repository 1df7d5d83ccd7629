/** The driver of the semantic rules: which rules run on what, and in which order problems come. */
import { describe, expect, it } from 'vitest';
import { NAMING_RULES, SERVICE_RULES, STACK_RULES } from '../../lib/overlay/rules';
import { stackProblems, stackWith } from './stack';

describe('checkStackSemantics', () => {
  it('accepts the minimal stack of every kind', () => {
    expect(stackProblems(stackWith())).toStrictEqual([]);
  });

  it('reports stack rules first, then each service in stack order, its rules in table order', () => {
    // GIVEN a stack name too long for the instance label, and two services with several problems each
    // (overridden services come last in the merged stack, as with an environment file)
    const stack = stackWith(
      {
        worker: { ingress: { host: 'worker.example.com' }, replicas: 2, pdb: { maxUnavailable: 0 }, dependsOn: ['nope'] },
        web: { ports: { http: 8080, admin: 8080 }, storage: { size: '1Gi', mountPath: '/data' } },
      },
      { name: 'shop-platform-for-research-and-development-of-many-things' },
    );
    // THEN
    expect(stackProblems(stack, 'staging')).toStrictEqual([
      'stack.name: with environment `staging` the instance label `shop-platform-for-research-and-development-of-many-things-staging` is 65 characters; stack name and environment name together may have at most 62',
      'services.worker.ingress: `ingress` applies only to `web` services, not `worker`',
      'services.worker.pdb.maxUnavailable: maxUnavailable 0 would block every node drain; use 1 or more (or a % above 0)',
      'services.worker.dependsOn[0]: `nope` is not a service of this stack; services: singleton, store, external, cronjob, worker, web',
      'services.web.ports.admin: port 8080 is already served as `http`; each port number may be named once',
      'services.web.storage: only a `store` has `storage`; a `web` keeps no data',
    ]);
  });

  it('checks only the names of a disabled service', () => {
    const long = 'a-really-long-service-name-that-goes-on-and-on';
    const stack = stackWith({ [long]: { type: 'worker', enabled: false, ingress: { host: 'worker.example.com' } }, dns: { type: 'worker', enabled: false } });
    expect(stackProblems(stack)).toStrictEqual([
      `services.${long}: service name is ${long.length} characters; at most 40 leave room for the suffixes of derived object names — shorten it`,
      'services.dns: `dns` is taken by a generated object (the NetworkPolicy `allow-dns`); choose another service name',
    ]);
  });

  it('lists each rule once', () => {
    const rules = [...STACK_RULES, ...NAMING_RULES, ...SERVICE_RULES];
    expect(new Set(rules).size).toBe(rules.length);
  });
});
