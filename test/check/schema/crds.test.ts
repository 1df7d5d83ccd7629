/** Custom resources against their CRD schemas, strictly. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check, checkObject } from './manifest';

/** Each CRD kind with a valid object in fixtures/<kind>.yaml, and the path of a mapping in it where a typo goes. */
const KINDS: ReadonlyArray<readonly [string, readonly (string | number)[]]> = [
  ['ServiceMonitor', ['spec', 'endpoints', 0]],
  ['PodMonitor', ['spec', 'podMetricsEndpoints', 0]],
  ['PrometheusRule', ['spec', 'groups', 0, 'rules', 0]],
  ['Application', ['spec', 'syncPolicy']],
  ['AppProject', ['spec']],
  ['ApplicationSet', ['spec', 'template', 'spec']],
  ['ExternalSecret', ['spec', 'data', 0, 'remoteRef']],
  ['SecretStore', ['spec', 'provider', 'vault']],
  ['ClusterSecretStore', ['spec', 'provider', 'aws']],
  ['VerticalPodAutoscaler', ['spec', 'resourcePolicy', 'containerPolicies', 0]],
  ['Probe', ['spec', 'prober']],
  ['AlertmanagerConfig', ['spec', 'receivers', 1, 'slackConfigs', 0]],
];

/** The valid object of a CRD kind, as YAML text. */
function valid(kind: string): string {
  return readFileSync(new URL(`fixtures/${kind}.yaml`, import.meta.url), 'utf8');
}

function at(object: Record<string, any>, path: readonly (string | number)[]): Record<string, any> {
  return path.reduce<any>((node, key) => node[key], object);
}

describe.each(KINDS)('%s', (kind, typoParent) => {
  const yaml = valid(kind);

  it('passes when valid', () => {
    // GIVEN a valid object of the kind WHEN validated THEN no violation
    expect(check(yaml)).toEqual([]);
  });

  it('reports an unknown field at its path', () => {
    // GIVEN the same object with an unknown key
    const object = parse(yaml);
    at(object, typoParent).bogusField = 'x';
    // THEN schema-unknown-field names that key
    const violations = checkObject(object);
    expect(violations).toEqual([expect.objectContaining({ check: 'schema-unknown-field', path: [...typoParent, 'bogusField'] })]);
    expect(violations[0]!.message).toContain(kind);
  });
});

describe('CRD constraints beyond field names', () => {
  it('suggests the intended field of a ServiceMonitor endpoint', () => {
    const object = parse(valid('ServiceMonitor'));
    object.spec.endpoints[0].intervl = object.spec.endpoints[0].interval;
    delete object.spec.endpoints[0].interval;
    expect(checkObject(object)[0]!.message).toContain('did you mean `interval`?');
  });

  it('checks Prometheus durations against the operator pattern', () => {
    const object = parse(valid('ServiceMonitor'));
    object.spec.endpoints[0].interval = '30 seconds';
    expect(checkObject(object)).toEqual([expect.objectContaining({ check: 'schema-constraint', path: ['spec', 'endpoints', 0, 'interval'] })]);
  });

  it('checks enums, integers and required fields of operator CRDs', () => {
    const object = parse(valid('ExternalSecret'));
    object.spec.target.creationPolicy = 'Sometimes';
    object.spec.data[0].remoteRef = {};
    const violations = checkObject(object);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-enum', ['spec', 'target', 'creationPolicy']],
        ['schema-required', ['spec', 'data', 0, 'remoteRef', 'key']],
      ]),
    );
    const sm = parse(valid('ServiceMonitor'));
    sm.spec.sampleLimit = 1.5;
    expect(checkObject(sm)).toEqual([expect.objectContaining({ check: 'schema-type', path: ['spec', 'sampleLimit'] })]);
  });

  it('checks VerticalPodAutoscaler quantities and update modes', () => {
    const object = parse(valid('VerticalPodAutoscaler'));
    object.spec.updatePolicy.updateMode = 'Sometimes';
    object.spec.resourcePolicy.containerPolicies[0].maxAllowed.cpu = '2cores';
    const violations = checkObject(object);
    expect(violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema-enum', ['spec', 'updatePolicy', 'updateMode']],
        ['schema-quantity', ['spec', 'resourcePolicy', 'containerPolicies', 0, 'maxAllowed', 'cpu']],
      ]),
    );
    expect(violations).toHaveLength(2);
  });

  it('requires the VerticalPodAutoscaler targetRef', () => {
    expect(check(`{apiVersion: autoscaling.k8s.io/v1, kind: VerticalPodAutoscaler, metadata: {name: web}, spec: {}}`)).toEqual([
      expect.objectContaining({ check: 'schema-required', path: ['spec', 'targetRef'] }),
    ]);
  });

  it('leaves free-form fields open (Argo CD helm valuesObject)', () => {
    const object = parse(valid('Application'));
    object.spec.source.helm = { valuesObject: { anything: { nested: [1, 'two'] } }, releaseName: 'shop' };
    expect(checkObject(object)).toEqual([]);
  });
});
