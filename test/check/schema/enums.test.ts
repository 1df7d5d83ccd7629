/**
 * Core enums (read back from kubernetes-models' validators by
 * scripts/build-schemas.ts, since cdk8s-plus-28's d.ts has none) and the
 * container image the API server requires.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_SCHEMA_FILE, kubernetesEnumFields } from '../../../scripts/build-schemas';
import { check, checkObject, container, deployment } from './manifest';

const enumPaths = (yaml: string) => check(yaml).filter((v) => v.check === 'schema-enum').map((v) => v.path);

describe('core enums', () => {
  it('GIVEN the committed core schema THEN it carries enums for the closed string fields, and says where they come from', () => {
    const text = readFileSync(KUBERNETES_SCHEMA_FILE, 'utf8');
    const fields = kubernetesEnumFields(text);
    expect(fields.length).toBeGreaterThanOrEqual(60);
    expect(fields).toEqual(
      expect.arrayContaining([
        'io.k8s.api.core.v1.Container#imagePullPolicy',
        'io.k8s.api.core.v1.ServiceSpec#type',
        'io.k8s.api.networking.v1.HTTPIngressPath#pathType',
        'io.k8s.api.autoscaling.v2.MetricSpec#type',
      ]),
    );
    expect(JSON.parse(text).enumSource).toMatch(/^kubernetes-models@\d+\.\d+\.\d+ /);
    // apiVersion/kind of a model are not API enums (flowcontrol v1 is validated against v1beta3)
    expect(fields.filter((f) => f.endsWith('#apiVersion'))).toEqual([]);
  });

  it('GIVEN imagePullPolicy Sometimes, restartPolicy Sometimes, dnsPolicy Foo, protocol TCPX, whenUnsatisfiable Maybe WHEN validated THEN each is schema-enum', () => {
    const object = deployment();
    container(object).imagePullPolicy = 'Sometimes';
    container(object).ports = [{ containerPort: 8080, protocol: 'TCPX' }];
    object.spec.template.spec.restartPolicy = 'Sometimes';
    object.spec.template.spec.dnsPolicy = 'Foo';
    object.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable = 'Maybe';
    const violations = checkObject(object);
    const pod = ['spec', 'template', 'spec'];
    expect(violations.filter((v) => v.check === 'schema-enum').map((v) => v.path)).toEqual(
      expect.arrayContaining([
        [...pod, 'containers', 0, 'imagePullPolicy'],
        [...pod, 'containers', 0, 'ports', 0, 'protocol'],
        [...pod, 'restartPolicy'],
        [...pod, 'dnsPolicy'],
        [...pod, 'topologySpreadConstraints', 0, 'whenUnsatisfiable'],
      ]),
    );
    const pull = violations.find((v) => v.path.at(-1) === 'imagePullPolicy')!;
    expect(pull.message).toContain('expected one of "Always", "IfNotPresent", "Never"');
  });

  it('GIVEN Service type Cluster WHEN validated THEN schema-enum lists the four types', () => {
    const violations = check(`
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: Cluster
  selector: {app: web}
  ports: [{port: 80, protocol: TCPX}]
`);
    expect(violations.map((v) => [v.check, v.path])).toHaveLength(2);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-enum', ['spec', 'ports', 0, 'protocol']],
        ['schema-enum', ['spec', 'type']],
      ]),
    );
    expect(violations.find((v) => v.path.at(-1) === 'type')!.hint).toContain('"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
  });

  it('GIVEN Ingress pathType Foo WHEN validated THEN schema-enum', () => {
    expect(
      enumPaths(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Foo, backend: {service: {name: web, port: {number: 80}}}}
`),
    ).toEqual([['spec', 'rules', 0, 'http', 'paths', 0, 'pathType']]);
  });

  it('GIVEN CronJob concurrencyPolicy Sometimes WHEN validated THEN schema-enum', () => {
    expect(
      enumPaths(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  concurrencyPolicy: Sometimes
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: "registry.example.com/job:1.0.0"}]
`),
    ).toEqual([['spec', 'concurrencyPolicy']]);
  });

  it('GIVEN PVC accessModes ReadWriteSometimes and NetworkPolicy policyTypes Inbound WHEN validated THEN schema-enum on the list item', () => {
    expect(
      enumPaths(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce, ReadWriteSometimes]
  resources: {requests: {storage: 1Gi}}
`),
    ).toEqual([['spec', 'accessModes', 1]]);
    expect(
      enumPaths(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec:
  podSelector: {}
  policyTypes: [Inbound]
`),
    ).toEqual([['spec', 'policyTypes', 0]]);
  });

  it('GIVEN an HPA metric of type Cpu WHEN validated THEN schema-enum (MetricSpec.type, from the d.ts documentation)', () => {
    const violations = check(`
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Cpu
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`);
    expect(violations.map((v) => [v.check, v.path])).toEqual([['schema-enum', ['spec', 'metrics', 0, 'type']]]);
    expect(violations[0]!.message).toContain('"ContainerResource", "External", "Object", "Pods", "Resource"');
  });

  it('GIVEN valid values everywhere (the reference Deployment) THEN the enums report nothing', () => {
    expect(checkObject(deployment())).toEqual([]);
  });
});

describe('container image', () => {
  const pod = ['spec', 'template', 'spec'];

  it('GIVEN a Deployment container without image WHEN validated THEN schema-required at its image', () => {
    const object = deployment();
    delete container(object).image;
    expect(checkObject(object).map((v) => [v.check, v.path])).toEqual([['schema-required', [...pod, 'containers', 0, 'image']]]);
  });

  it('GIVEN image "" or null WHEN validated THEN it is reported too', () => {
    const object = deployment();
    container(object).image = '';
    expect(checkObject(object).map((v) => [v.check, v.path])).toEqual([['schema-constraint', [...pod, 'containers', 0, 'image']]]);
    container(object).image = null;
    expect(checkObject(object).map((v) => [v.check, v.path])).toEqual([['schema-type', [...pod, 'containers', 0, 'image']]]);
  });

  it('GIVEN an init container of a Pod and a PodTemplate container without image WHEN validated THEN both are schema-required', () => {
    expect(
      check(`
apiVersion: v1
kind: Pod
metadata: {name: once}
spec:
  initContainers: [{name: init}]
  containers: [{name: main, image: "registry.example.com/main:1.0.0"}]
`).map((v) => [v.check, v.path]),
    ).toEqual([['schema-required', ['spec', 'initContainers', 0, 'image']]]);
    expect(
      check(`
apiVersion: v1
kind: PodTemplate
metadata: {name: debug}
template:
  spec:
    containers: [{name: shell}]
`).map((v) => [v.check, v.path]),
    ).toEqual([['schema-required', ['template', 'spec', 'containers', 0, 'image']]]);
  });
});
