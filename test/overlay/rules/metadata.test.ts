import { describe, expect, it } from 'vitest';
import { serviceMetadataKeys, stackMetadataKeys } from '../../../lib/overlay/rules/metadata';
import { format, problemsOf, stackWith } from '../stack';

describe('serviceMetadataKeys', () => {
  it('accepts labels and annotations on objects the kind renders', () => {
    expect(problemsOf(serviceMetadataKeys, 'web', {
      metadata: { serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' } }, pod: { labels: { team: 'a' } } },
    })).toStrictEqual([]);
  });

  it('refuses the selector labels, saying why', () => {
    expect(problemsOf(serviceMetadataKeys, 'web', { metadata: { pod: { labels: { 'app.kubernetes.io/name': 'other' } } } })).toStrictEqual([
      'services.web.metadata.pod.labels."app.kubernetes.io/name": `app.kubernetes.io/name` is a selector label: Services, workloads and policies select the pods by it, so the stack sets it and an overlay may not override it',
    ]);
  });

  it('refuses the other labels the stack sets', () => {
    expect(problemsOf(serviceMetadataKeys, 'worker', { metadata: { workload: { labels: { 'app.kubernetes.io/version': '2' } } } })).toStrictEqual([
      'services.worker.metadata.workload.labels."app.kubernetes.io/version": `app.kubernetes.io/version` is set by the stack on every object; remove it here',
    ]);
  });

  it('refuses the config checksum annotation of the pod', () => {
    expect(problemsOf(serviceMetadataKeys, 'worker', { metadata: { pod: { annotations: { 'checksum/config': 'x' } } } })).toStrictEqual([
      'services.worker.metadata.pod.annotations."checksum/config": `checksum/config` is set by the stack: the checksum that rolls the pods when `config` changes',
    ]);
  });

  it('refuses objects the kind does not render', () => {
    expect(problemsOf(serviceMetadataKeys, 'worker', { metadata: { ingress: { labels: { a: 'b' } }, service: { labels: { a: 'b' } } } })).toStrictEqual([
      'services.worker.metadata.ingress: a `worker` service renders no ingress; remove `metadata.ingress`',
      'services.worker.metadata.service: a `worker` service renders no service; remove `metadata.service`',
    ]);
    expect(problemsOf(serviceMetadataKeys, 'external', { metadata: { serviceAccount: { labels: { a: 'b' } } } })).toStrictEqual([
      'services.external.metadata.serviceAccount: an `external` service renders no ServiceAccount; remove `metadata.serviceAccount`',
    ]);
  });
});

describe('stackMetadataKeys', () => {
  it('refuses a selector label for every service', () => {
    const stack = stackWith({}, { metadata: { pod: { labels: { 'app.kubernetes.io/instance': 'x' } } } });
    expect(format(stackMetadataKeys({ stack, environment: 'dev' }))).toStrictEqual([
      'stack.metadata.pod.labels."app.kubernetes.io/instance": `app.kubernetes.io/instance` is a selector label: Services, workloads and policies select the pods by it, so the stack sets it and an overlay may not override it',
    ]);
  });

  it('refuses the cluster issuer annotation when the stack sets an issuer', () => {
    const stack = stackWith({}, {
      ingress: { clusterIssuer: 'letsencrypt' },
      metadata: { ingress: { annotations: { 'cert-manager.io/cluster-issuer': 'other' } } },
    });
    expect(format(stackMetadataKeys({ stack, environment: 'dev' }))).toStrictEqual([
      'stack.metadata.ingress.annotations."cert-manager.io/cluster-issuer": `cert-manager.io/cluster-issuer` is set by the stack: the issuer of `stack.ingress.clusterIssuer`; change it there',
    ]);
  });
});
