/** The restricted Pod Security Standard, one control per check id. */
import { describe, expect, it } from 'vitest';
import { describeCheckCases, checkYaml, expectFindings, findingsOf } from './helpers';
import { shopYaml } from './yaml-objects';

describeCheckCases({
  'pss-host-namespaces': [
    ['Pod shop/web', 'spec.hostNetwork', 'hostNetwork: true'],
    ['Pod shop/web', 'spec.hostPID', 'hostPID: true'],
  ],
  'pss-privileged': [['Deployment shop/agent', 'spec.template.spec.containers[0].securityContext.privileged', 'container "agent" is privileged', 18]],
  'pss-capabilities': [
    ['Pod shop/web', 'spec.containers[0].securityContext.capabilities.drop', 'must drop ALL capabilities, but drops only ["NET_RAW"]'],
    ['Pod shop/web', 'spec.containers[0].securityContext.capabilities.add[0]', 'adds capability "SYS_ADMIN"'],
  ],
  'pss-volume-types': [
    ['Pod shop/builder', 'spec.volumes[0].hostPath', 'mounts the host path "/var/run/docker.sock"'],
    ['Pod shop/builder', 'spec.volumes[1].nfs', 'type nfs'],
  ],
  'pss-host-ports': [['Pod shop/web', 'spec.containers[0].ports[0].hostPort', 'binds host port 8080']],
  'pss-seccomp': [
    ['Pod shop/web', 'spec.containers[0].securityContext.seccompProfile.type', 'container "web" runs without a seccomp profile'],
    ['Pod shop/web', 'spec.containers[1].securityContext.seccompProfile.type', '"Unconfined"'],
  ],
  'pss-run-as-non-root': [
    ['Pod shop/web', 'spec.containers[0].securityContext.runAsNonRoot', 'may run as root'],
    ['Pod shop/api', 'spec.containers[0].securityContext.runAsNonRoot', 'sets runAsNonRoot: false'],
  ],
  'pss-run-as-user': [['Pod shop/web', 'spec.containers[0].securityContext.runAsUser', 'runAsUser: 0 (root)']],
  'pss-privilege-escalation': [
    ['Pod shop/web', 'spec.initContainers[0].securityContext.allowPrivilegeEscalation', 'init container "setup" must set allowPrivilegeEscalation: false, but sets true'],
    ['Pod shop/web', 'spec.containers[0].securityContext.allowPrivilegeEscalation', 'but does not set it'],
  ],
  'pss-proc-mount': [['Pod shop/web', 'spec.containers[0].securityContext.procMount', '"Unmasked"']],
  'pss-sysctls': [['Pod shop/web', 'spec.securityContext.sysctls[0].name', '"kernel.msgmax"']],
  'pss-selinux': [
    ['Pod shop/web', 'spec.securityContext.seLinuxOptions.user', 'SELinux user "system_u"'],
    ['Pod shop/web', 'spec.containers[0].securityContext.seLinuxOptions.type', 'SELinux type "spc_t"'],
  ],
  'pss-apparmor': [['Pod shop/web', 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]', '"unconfined"']],
  'pss-windows-host-process': [['Pod shop/win', 'spec.securityContext.windowsOptions.hostProcess', 'hostProcess: true']],
  'namespace-pss-enforce': [['Namespace shop', 'metadata.labels["pod-security.kubernetes.io/enforce"]', '"baseline", not "restricted"']],
});

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
    const report = checkYaml(
      shopYaml('v1', 'Pod', 'web', `
containers:
  - {name: web, image: nginx:1.27.0}
ephemeralContainers:
  - name: debugger
    image: busybox:1.36
    securityContext: {privileged: true}
`),
    );
    expectFindings(report, 'pss-privileged', [{ object: 'Pod shop/web', path: 'spec.ephemeralContainers[0].securityContext.privileged', message: 'ephemeral container "debugger"' }]);
  });

  it('GIVEN the same kind name in another API group (a Knative Service) WHEN checked THEN the pod checks leave it alone', () => {
    const report = checkYaml(
      shopYaml('serving.knative.dev/v1', 'Deployment', 'web', `
template:
  spec:
    containers:
      - {name: web, image: nginx:latest, securityContext: {privileged: true}}
`),
    );
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
