import { describe, expect, it } from 'vitest';
import { initContainerKeys, sidecarProbes, uniqueContainerNames } from '../../../lib/overlay/rules/containers';
import { problemsOf } from '../stack';

const IMAGE = 'busybox:1.36.1';

describe('uniqueContainerNames', () => {
  it('rejects an extra container named like the service (the main container)', () => {
    expect(problemsOf(uniqueContainerNames, 'worker', { initContainers: [{ name: 'worker', image: IMAGE }] })).toStrictEqual([
      'services.worker: two containers are named `worker`; container names must be unique in a pod',
    ]);
  });

  it('rejects an init container and a sidecar of one name', () => {
    const sidecar = { name: 'setup', image: IMAGE, health: { liveness: { command: ['true'] } } };
    expect(problemsOf(uniqueContainerNames, 'worker', { initContainers: [{ name: 'setup', image: IMAGE }], sidecars: [sidecar] })).toStrictEqual([
      'services.worker: two containers are named `setup`; container names must be unique in a pod',
    ]);
  });
});

describe('initContainerKeys', () => {
  it('rejects probes on an init container', () => {
    expect(problemsOf(initContainerKeys, 'worker', { initContainers: [{ name: 'migrate', image: IMAGE, health: { liveness: { command: ['true'] } } }] })).toStrictEqual([
      'services.worker.initContainers[0].health: init containers run to completion and take no probes; remove `health`',
    ]);
  });

  it('rejects ports on an init container', () => {
    expect(problemsOf(initContainerKeys, 'worker', { initContainers: [{ name: 'migrate', image: IMAGE, ports: { http: 8000 } }] })).toStrictEqual([
      'services.worker.initContainers[0].ports: init containers serve no ports; remove `ports`',
    ]);
  });
});

describe('sidecarProbes', () => {
  it('needs a liveness probe on every sidecar', () => {
    expect(problemsOf(sidecarProbes, 'web', { sidecars: [{ name: 'proxy', image: IMAGE }] })).toStrictEqual([
      'services.web.sidecars[0]: sidecar `proxy` runs as long as the pod and needs `health.liveness`',
    ]);
  });

  it('needs a readiness probe on a sidecar with ports', () => {
    expect(problemsOf(sidecarProbes, 'web', { sidecars: [{ name: 'proxy', image: IMAGE, ports: { admin: 9901 }, health: { liveness: { port: 'admin' } } }] })).toStrictEqual([
      'services.web.sidecars[0]: sidecar `proxy` serves ports and needs `health.readiness`',
    ]);
  });
});
