/** The restricted Pod Security Standard, one control per check id. */
import { describe, expect, it } from 'vitest';
import { describeCheckCases, checkYaml, expectFindings, findingsOf } from './helpers';

describeCheckCases([
  {
    check: 'pss-host-namespaces',
    fails: [
      { object: 'Pod shop/web', path: 'spec.hostNetwork', message: 'hostNetwork: true' },
      { object: 'Pod shop/web', path: 'spec.hostPID', message: 'hostPID: true' },
    ],
  },
  {
    check: 'pss-privileged',
    fails: [{ object: 'Deployment shop/agent', path: 'spec.template.spec.containers[0].securityContext.privileged', message: 'container "agent" is privileged', line: 18 }],
  },
  {
    check: 'pss-capabilities',
    fails: [
      { object: 'Pod shop/web', path: 'spec.containers[0].securityContext.capabilities.drop', message: 'must drop ALL capabilities, but drops only ["NET_RAW"]' },
      { object: 'Pod shop/web', path: 'spec.containers[0].securityContext.capabilities.add[0]', message: 'adds capability "SYS_ADMIN"' },
    ],
  },
  {
    check: 'pss-volume-types',
    fails: [
      { object: 'Pod shop/builder', path: 'spec.volumes[0].hostPath', message: 'mounts the host path "/var/run/docker.sock"' },
      { object: 'Pod shop/builder', path: 'spec.volumes[1].nfs', message: 'type nfs' },
    ],
  },
  { check: 'pss-host-ports', fails: [{ object: 'Pod shop/web', path: 'spec.containers[0].ports[0].hostPort', message: 'binds host port 8080' }] },
  {
    check: 'pss-seccomp',
    fails: [
      { object: 'Pod shop/web', path: 'spec.containers[0].securityContext.seccompProfile.type', message: 'container "web" runs without a seccomp profile' },
      { object: 'Pod shop/web', path: 'spec.containers[1].securityContext.seccompProfile.type', message: '"Unconfined"' },
    ],
  },
  {
    check: 'pss-run-as-non-root',
    fails: [
      { object: 'Pod shop/web', path: 'spec.containers[0].securityContext.runAsNonRoot', message: 'may run as root' },
      { object: 'Pod shop/api', path: 'spec.containers[0].securityContext.runAsNonRoot', message: 'sets runAsNonRoot: false' },
    ],
  },
  { check: 'pss-run-as-user', fails: [{ object: 'Pod shop/web', path: 'spec.containers[0].securityContext.runAsUser', message: 'runAsUser: 0 (root)' }] },
  {
    check: 'pss-privilege-escalation',
    fails: [
      { object: 'Pod shop/web', path: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation', message: 'init container "setup" must set allowPrivilegeEscalation: false, but sets true' },
      { object: 'Pod shop/web', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', message: 'but does not set it' },
    ],
  },
  { check: 'pss-proc-mount', fails: [{ object: 'Pod shop/web', path: 'spec.containers[0].securityContext.procMount', message: '"Unmasked"' }] },
  { check: 'pss-sysctls', fails: [{ object: 'Pod shop/web', path: 'spec.securityContext.sysctls[0].name', message: '"kernel.msgmax"' }] },
  {
    check: 'pss-selinux',
    fails: [
      { object: 'Pod shop/web', path: 'spec.securityContext.seLinuxOptions.user', message: 'SELinux user "system_u"' },
      { object: 'Pod shop/web', path: 'spec.containers[0].securityContext.seLinuxOptions.type', message: 'SELinux type "spc_t"' },
    ],
  },
  {
    check: 'pss-apparmor',
    fails: [{ object: 'Pod shop/web', path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]', message: '"unconfined"' }],
  },
  {
    check: 'pss-windows-host-process',
    fails: [{ object: 'Pod shop/win', path: 'spec.securityContext.windowsOptions.hostProcess', message: 'hostProcess: true' }],
  },
  {
    check: 'namespace-pss-enforce',
    fails: [{ object: 'Namespace shop', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', message: '"baseline", not "restricted"' }],
  },
]);

describe('pod-bearing kinds', () => {
  const kinds = {
    Pod: { apiVersion: 'v1', at: 'spec.containers[0]', body: (c: string) => `spec:\n${c}` },
    Deployment: { apiVersion: 'apps/v1', at: 'spec.template.spec.containers[0]', body: (c: string) => `spec:\n  template:\n    spec:\n${indent(c, 4)}` },
    StatefulSet: { apiVersion: 'apps/v1', at: 'spec.template.spec.containers[0]', body: (c: string) => `spec:\n  template:\n    spec:\n${indent(c, 4)}` },
    DaemonSet: { apiVersion: 'apps/v1', at: 'spec.template.spec.containers[0]', body: (c: string) => `spec:\n  template:\n    spec:\n${indent(c, 4)}` },
    ReplicaSet: { apiVersion: 'apps/v1', at: 'spec.template.spec.containers[0]', body: (c: string) => `spec:\n  template:\n    spec:\n${indent(c, 4)}` },
    Job: { apiVersion: 'batch/v1', at: 'spec.template.spec.containers[0]', body: (c: string) => `spec:\n  template:\n    spec:\n${indent(c, 4)}` },
    CronJob: {
      apiVersion: 'batch/v1',
      at: 'spec.jobTemplate.spec.template.spec.containers[0]',
      body: (c: string) => `spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${indent(c, 8)}`,
    },
  } as const;
  const container = '  containers:\n    - name: app\n      image: app:1.0.0\n      securityContext:\n        privileged: true\n';

  for (const [kind, { apiVersion, at, body }] of Object.entries(kinds)) {
    it(`GIVEN a privileged container in a ${kind} WHEN checked THEN pss-privileged reports it at ${at}`, () => {
      const report = checkYaml(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: app\n  namespace: shop\n${body(container)}`);
      expectFindings(report, 'pss-privileged', [{ object: `${kind} shop/app`, path: `${at}.securityContext.privileged` }]);
    });
  }

  it('GIVEN an ephemeral debug container that is privileged WHEN checked THEN it is reported too', () => {
    const report = checkYaml(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: web, image: nginx:1.27.0}
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      securityContext: {privileged: true}
`);
    expectFindings(report, 'pss-privileged', [{ object: 'Pod shop/web', path: 'spec.ephemeralContainers[0].securityContext.privileged', message: 'ephemeral container "debugger"' }]);
  });

  it('GIVEN the same kind name in another API group (a Knative Service) WHEN checked THEN the pod checks leave it alone', () => {
    const report = checkYaml(`apiVersion: serving.knative.dev/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - {name: web, image: nginx:latest, securityContext: {privileged: true}}
`);
    expect(findingsOf(report, 'pss-privileged')).toEqual([]);
    expect(findingsOf(report, 'image-tag')).toEqual([]);
  });
});

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : ' '.repeat(spaces) + line))
    .join('\n');
}
