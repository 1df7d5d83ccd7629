/**
 * Every kind that carries a PodSpec goes through the pod and container checks:
 * v1 ReplicationController and v1 PodTemplate used to skip all of them.
 */
import { describe, expect, it } from 'vitest';
import { podTemplateOf } from '../../lib/check/pod-template';
import { checkPaths, expectFindings, findingsOf, fixture } from './helpers';
import { fromObject } from './schema/manifest';

describe('pod-bearing kinds', () => {
  it.each([
    ['v1', 'Pod', ['spec']],
    ['apps/v1', 'Deployment', ['spec', 'template', 'spec']],
    ['apps/v1', 'StatefulSet', ['spec', 'template', 'spec']],
    ['apps/v1', 'DaemonSet', ['spec', 'template', 'spec']],
    ['apps/v1', 'ReplicaSet', ['spec', 'template', 'spec']],
    ['v1', 'ReplicationController', ['spec', 'template', 'spec']],
    ['batch/v1', 'Job', ['spec', 'template', 'spec']],
    ['batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
    ['v1', 'PodTemplate', ['template', 'spec']],
  ])('GIVEN a %s %s WHEN its pod is looked up THEN the pod spec is found at the right path', (apiVersion, kind, specPath) => {
    const podSpec = { containers: [{ name: 'c', image: 'registry.example.com/c:1.0.0' }] };
    const object: Record<string, any> = { apiVersion, kind, metadata: { name: 'x', namespace: 'shop' } };
    let node: Record<string, any> = object;
    for (const key of specPath.slice(0, -1)) node = node[key] ??= {};
    node[specPath.at(-1)!] = podSpec;
    const pod = podTemplateOf(fromObject(object));
    expect(pod?.specPath).toEqual(specPath);
    expect(pod?.containers.map((c) => c.path)).toEqual([[...specPath, 'containers', 0]]);
  });
});

describe('a ReplicationController', () => {
  const report = checkPaths(fixture('pod-bearing-kinds', 'replication-controller.yaml'));
  const rc = 'ReplicationController shop/legacy';
  const container = 'spec.template.spec.containers[0]';

  it('GIVEN hostNetwork, privileged, runAsUser 0, hostPath and nginx:latest WHEN checked THEN each pod rule reports it', () => {
    expectFindings(report, 'pss-host-namespaces', [{ object: rc, path: 'spec.template.spec.hostNetwork' }]);
    expectFindings(report, 'pss-privileged', [{ object: rc, path: `${container}.securityContext.privileged` }]);
    expectFindings(report, 'pss-run-as-user', [{ object: rc }]);
    expectFindings(report, 'pss-volume-types', [{ object: rc }]);
    expectFindings(report, 'image-tag', [{ object: rc, path: `${container}.image` }]);
    for (const check of ['pss-run-as-non-root', 'pss-seccomp', 'read-only-root-fs', 'resource-requests', 'liveness-probe', 'priority-class']) {
      expect(findingsOf(report, check).map((f) => f.object), check).toContain(rc);
    }
  });

  it('GIVEN 3 replicas without PDB, spreading or NetworkPolicy WHEN checked THEN the cross-object checks treat it like a ReplicaSet', () => {
    expectFindings(report, 'pdb-required', [{ object: rc, path: 'spec.replicas' }]);
    expectFindings(report, 'replica-spread', [{ object: rc }]);
    expectFindings(report, 'pod-network-policy', [{ object: rc }]);
    expectFindings(report, 'namespace-default-deny', [{ object: rc }]);
  });
});

describe('a PodTemplate', () => {
  const report = checkPaths(fixture('pod-bearing-kinds', 'pod-template.yaml'));
  const template = 'PodTemplate shop/debug';

  it('GIVEN hostPID, privileged, runAsUser 0 and busybox:latest WHEN checked THEN the pod rules report it at template.spec', () => {
    expectFindings(report, 'pss-host-namespaces', [{ object: template, path: 'template.spec.hostPID' }]);
    expectFindings(report, 'pss-privileged', [{ object: template, path: 'template.spec.containers[0].securityContext.privileged' }]);
    expectFindings(report, 'pss-run-as-user', [{ object: template }]);
    expectFindings(report, 'image-tag', [{ object: template, path: 'template.spec.containers[0].image' }]);
    expectFindings(report, 'pod-template-labels', [{ object: template, path: 'template.metadata.labels' }]);
  });
});

describe('an ArgoCD hook Job (a migration)', () => {
  const report = checkPaths(fixture('pod-bearing-kinds', 'hook-job.yaml'));
  const job = 'Job shop/api-migrate';
  const container = 'spec.template.spec.containers[0]';

  it('GIVEN a privileged, root, escalating hook Job WHEN checked THEN the pod-security checks hold it to the restricted standard like every pod', () => {
    expectFindings(report, 'pss-privileged', [{ object: job, path: `${container}.securityContext.privileged` }]);
    expectFindings(report, 'pss-privilege-escalation', [{ object: job, path: `${container}.securityContext.allowPrivilegeEscalation` }]);
    expectFindings(report, 'pss-run-as-user', [{ object: job, path: `${container}.securityContext.runAsUser` }]);
    expectFindings(report, 'pss-capabilities', [{ object: job }]);
    expectFindings(report, 'pss-seccomp', [{ object: job }]);
    expectFindings(report, 'read-only-root-fs', [{ object: job }]);
  });

  it('GIVEN a Job WHEN checked THEN it needs no liveness or readiness probe (it runs to completion)', () => {
    expect(findingsOf(report, 'liveness-probe')).toEqual([]);
    expect(findingsOf(report, 'readiness-probe')).toEqual([]);
  });
});
