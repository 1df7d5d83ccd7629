import { describe, expect, it } from 'vitest';
import { ingressPort, metricsPort, uniquePortNames, uniquePortNumbers } from '../../../lib/overlay/rules/ports';
import { problemsOf } from '../stack';

const PROXY = { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', health: { liveness: { port: 'admin' }, readiness: { port: 'admin' } } };

describe('uniquePortNumbers', () => {
  it('rejects one number under two names', () => {
    expect(problemsOf(uniquePortNumbers, 'web', { ports: { metrics: 8080 } })).toStrictEqual([
      'services.web.ports.metrics: port 8080 is already served as `http`; each port number may be named once',
    ]);
  });

  it('counts the ports of sidecars too', () => {
    expect(problemsOf(uniquePortNumbers, 'web', { sidecars: [{ ...PROXY, ports: { admin: 8080 } }] })).toStrictEqual([
      'services.web.ports.admin: port 8080 is already served as `http`; each port number may be named once',
    ]);
  });
});

describe('uniquePortNames', () => {
  it('rejects a sidecar port name the pod already uses', () => {
    expect(problemsOf(uniquePortNames, 'web', { sidecars: [{ ...PROXY, ports: { http: 9901 } }] })).toStrictEqual([
      'services.web.sidecars[0].ports.http: port name `http` is already used in this pod; port names must be unique',
    ]);
  });
});

describe('metricsPort', () => {
  it('rejects a metrics port the pod does not serve', () => {
    expect(problemsOf(metricsPort, 'worker', { metrics: { port: 'metrics' } })).toStrictEqual([
      "services.worker.metrics.port: `metrics` is not one of the service's ports (none)",
    ]);
  });

  it('takes a sidecar port', () => {
    expect(problemsOf(metricsPort, 'web', { metrics: { port: 'admin' }, sidecars: [{ ...PROXY, ports: { admin: 9901 } }] })).toStrictEqual([]);
  });
});

describe('ingressPort', () => {
  it('rejects an ingress to a port the pod does not serve', () => {
    expect(problemsOf(ingressPort, 'web', { ingress: { host: 'shop.example.com', port: 'https' } })).toStrictEqual([
      "services.web.ingress.port: `https` is not one of the service's ports (http)",
    ]);
  });

  it('leaves an ingress on another kind to keysOnlyForSomeKinds', () => {
    expect(problemsOf(ingressPort, 'worker', { ingress: { host: 'w.example.com' } })).toStrictEqual([]);
  });
});
