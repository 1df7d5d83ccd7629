/** Core Kubernetes 1.28 objects against their strict schema. */
import { describe, expect, it } from 'vitest';
import { check, checkObject, container, deployment } from './manifest';

const CPU_PATH = ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'];

describe('a core object', () => {
  it('passes with zero violations when it is a valid production Deployment', () => {
    // GIVEN a Deployment using probes, security context, spread constraints, env from secrets
    // WHEN it is validated
    // THEN nothing is reported
    expect(checkObject(deployment())).toEqual([]);
  });

  it('reports an unknown field by path and suggests the closest known key', () => {
    // GIVEN a typo'd field in the Deployment spec
    const object = deployment();
    object.spec.replicaz = 3;
    // WHEN validated
    const violations = checkObject(object);
    // THEN it is an unknown field at spec.replicaz, with a did-you-mean
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ check: 'schema-unknown-field', severity: 'error', path: ['spec', 'replicaz'] });
    expect(violations[0]!.message).toContain('unknown field `replicaz`');
    expect(violations[0]!.message).toContain('did you mean `replicas`?');
    expect(violations[0]!.hint).toContain('Rename `replicaz` to `replicas`');
  });

  it('reports unknown fields deep inside the pod template and in metadata', () => {
    const object = deployment();
    container(object).imagePullPolicyy = 'Always';
    object.metadata.lables = { a: 'b' };
    const violations = checkObject(object);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-unknown-field', ['metadata', 'lables']],
        ['schema-unknown-field', ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicyy']],
      ]),
    );
    expect(violations.find((v) => v.path[1] === 'lables')!.message).toContain('did you mean `labels`?');
  });

  it('lists the known fields when no key is close to the unknown one', () => {
    const object = deployment();
    object.spec.frobnicate = true;
    const [violation] = checkObject(object);
    expect(violation!.message).not.toContain('did you mean');
    expect(violation!.hint).toContain('Known fields here:');
    expect(violation!.hint).toContain('replicas');
  });

  it('reports a wrong type naming the value and the expected type', () => {
    const object = deployment();
    object.spec.replicas = 'two';
    const violations = checkObject(object);
    expect(violations).toEqual([
      expect.objectContaining({ check: 'schema-type', path: ['spec', 'replicas'] }),
    ]);
    expect(violations[0]!.message).toContain('"two"');
    expect(violations[0]!.message).toContain('expected an integer');
  });

  it('rejects a decimal where the API wants an integer', () => {
    const object = deployment();
    object.spec.replicas = 1.5;
    expect(checkObject(object)).toEqual([expect.objectContaining({ check: 'schema-type', path: ['spec', 'replicas'] })]);
  });

  it('accepts null in optional fields, as the API server and kubeconform do', () => {
    // GIVEN nulls where kubectl --dry-run and hand-written YAML put them
    const object = deployment();
    object.metadata.creationTimestamp = null;
    object.metadata.annotations = null;
    object.spec.template.metadata.creationTimestamp = null;
    object.spec.strategy.rollingUpdate.maxSurge = null;
    container(object).resources.limits = null;
    container(object).imagePullPolicy = null;
    // WHEN validated THEN nothing is reported
    expect(checkObject(object)).toEqual([]);
    expect(
      check(`
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, creationTimestamp: null}
data: {mode: fast}
binaryData: null
`),
    ).toEqual([]);
  });

  it('accepts what kubectl create --dry-run=client -o yaml writes', () => {
    expect(
      check(`
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: nginx
        resources: {}
status: {}
`),
    ).toEqual([]);
  });

  it('still rejects null in a required field and in a list, with a hint that does not say to remove the key', () => {
    const object = deployment();
    object.spec.selector = null;
    container(object).name = null;
    container(object).args = [null];
    const violations = checkObject(object);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-type', ['spec', 'selector']],
        ['schema-type', ['spec', 'template', 'spec', 'containers', 0, 'name']],
        ['schema-type', ['spec', 'template', 'spec', 'containers', 0, 'args', 0]],
      ]),
    );
    expect(violations).toHaveLength(3);
    for (const v of violations) {
      expect(v.hint).not.toContain('Remove the key');
      expect(v.hint).toContain('only an optional field accepts null');
    }
  });

  it('reports a missing required field with the path of the missing key', () => {
    // GIVEN a Service port without `port`
    const violations = check(`{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{name: http, targetPort: http}]}}`);
    // THEN schema-required names spec.ports[0].port
    expect(violations).toEqual([expect.objectContaining({ check: 'schema-required', path: ['spec', 'ports', 0, 'port'] })]);
    expect(violations[0]!.message).toContain('missing required field `port`');
  });

  it('checks label and annotation values are strings', () => {
    const object = deployment();
    object.metadata.labels.version = 2;
    object.metadata.annotations.enabled = true;
    const violations = checkObject(object);
    expect(violations).toHaveLength(2);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'schema-type', path: ['metadata', 'labels', 'version'] }),
        expect.objectContaining({ check: 'schema-type', path: ['metadata', 'annotations', 'enabled'] }),
      ]),
    );
  });

  it('accepts the status the API server writes', () => {
    const object = deployment();
    object.status = { replicas: 3 };
    expect(checkObject(object)).toEqual([]);
  });

  it('requires base64 in Secret data', () => {
    const bad = check(`{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {password: "hunter2!"}}`);
    expect(bad).toEqual([expect.objectContaining({ check: 'schema-format', path: ['data', 'password'] })]);
    expect(bad[0]!.message).toContain('base64');
    expect(check(`{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {password: aHVudGVyMg==}, stringData: {token: "plain text"}}`)).toEqual([]);
  });
});

describe('resource quantities', () => {
  it.each(['1.5cores', '1gb', '100MB', '2 Gi', '', '1.2.3', 'Gi'])('rejects %j', (cpu) => {
    // GIVEN a container request that is not a quantity
    const object = deployment();
    container(object).resources.requests.cpu = cpu;
    // WHEN validated THEN schema-quantity names the full path and the value
    const violations = checkObject(object);
    expect(violations).toEqual([expect.objectContaining({ check: 'schema-quantity', path: CPU_PATH })]);
    expect(violations[0]!.message).toContain(JSON.stringify(cpu));
    expect(violations[0]!.message).toContain('Kubernetes quantity');
  });

  it.each(['500m', '1Gi', '0.5', '2', 0.5, 2, '1e3', '100Ki', '+1.5E2', '250u', '.5'])('accepts %j', (cpu) => {
    const object = deployment();
    container(object).resources.requests.cpu = cpu;
    container(object).resources.limits.memory = cpu;
    expect(checkObject(object)).toEqual([]);
  });

  it('rejects a quantity of the wrong JSON type', () => {
    const object = deployment();
    container(object).resources.limits.memory = true;
    expect(checkObject(object)).toEqual([
      expect.objectContaining({ check: 'schema-type', path: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'] }),
    ]);
  });
});

describe('int-or-string fields', () => {
  const service = (targetPort: unknown) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { ports: [{ port: 80, targetPort }] },
  });

  it('accepts a port number and a port name', () => {
    expect(checkObject(service(8080))).toEqual([]);
    expect(checkObject(service('http'))).toEqual([]);
  });

  it('accepts a percentage or a count for maxUnavailable', () => {
    const object = deployment();
    object.spec.strategy.rollingUpdate.maxUnavailable = 1;
    expect(checkObject(object)).toEqual([]);
    object.spec.strategy.rollingUpdate.maxUnavailable = '10%';
    expect(checkObject(object)).toEqual([]);
  });

  it('rejects a decimal or a boolean', () => {
    for (const bad of [80.5, true]) {
      const violations = checkObject(service(bad));
      expect(violations).toEqual([expect.objectContaining({ check: 'schema-type', path: ['spec', 'ports', 0, 'targetPort'] })]);
      expect(violations[0]!.message).toContain('expected an integer or a string');
    }
  });
});
